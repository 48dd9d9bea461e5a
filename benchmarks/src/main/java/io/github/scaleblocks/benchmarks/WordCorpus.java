package io.github.scaleblocks.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Test corpora for {@link WordCountBenchmark}, written once and reused (a file whose name carries
 * its parameters is not rewritten).
 *
 * <p>Zipf: word ranks follow a continuous approximation of Zipf's law with exponent 1 (rank = V^u
 * for uniform u, so P(rank ≤ r) = ln r / ln V); the word of a rank is a deterministic pseudo-random
 * string of letters whose length grows with the rank (frequent words are short, as in natural
 * text), with a few accented letters. Lines hold 6 to 17 words, with capitalised first words and
 * some commas and full stops, so tokenising and lower-casing are exercised.
 *
 * <p>Real text: the plain-text and gzip-compressed files under a directory (by default {@code
 * /usr/share/doc}: licences, changelogs, READMEs) that decode as UTF-8, concatenated and repeated
 * until the target size.
 */
final class WordCorpus {
  private static final byte[] LETTERS =
      "etaoinshrdlcumwfgypbvkjxqz".getBytes(StandardCharsets.US_ASCII);
  private static final byte[][] ACCENTED = {
    "é".getBytes(StandardCharsets.UTF_8), "ü".getBytes(StandardCharsets.UTF_8),
    "ñ".getBytes(StandardCharsets.UTF_8), "ø".getBytes(StandardCharsets.UTF_8)
  };
  private static final int TABLE = 1 << 20;

  private WordCorpus() {}

  /** The word of {@code rank} (1-based), deterministic. */
  static byte[] word(long rank) {
    long h = mix(rank * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
    int length = 1 + (int) (Math.log(rank + 1) / Math.log(3)) + (int) ((h >>> 60) % 3);
    byte[] out = new byte[length + 1];
    int n = 0;
    for (int i = 0; i < length; i++) {
      h = mix(h + i);
      if ((h & 63) == 0) {
        byte[] accent = ACCENTED[(int) ((h >>> 6) & 3)];
        if (n + accent.length > out.length) {
          out = java.util.Arrays.copyOf(out, n + accent.length + length);
        }
        System.arraycopy(accent, 0, out, n, accent.length);
        n += accent.length;
      } else {
        if (n == out.length) {
          out = java.util.Arrays.copyOf(out, n + length);
        }
        // Skewed letter choice: common letters more often.
        int letter = (int) ((((h >>> 8) & 0xFFFFL) * ((h >>> 24) & 0xFFFFL)) >>> 27) % 26;
        out[n++] = LETTERS[letter];
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Writes (or reuses) a Zipf corpus of about {@code bytes} bytes over {@code vocabulary} ranks.
   */
  static Path zipf(Path dir, long bytes, long vocabulary, long seed) throws IOException {
    Path file = dir.resolve("zipf-" + (bytes >> 20) + "mb-v" + vocabulary + "-s" + seed + ".txt");
    if (Files.exists(file) && Files.size(file) >= bytes) {
      return file;
    }
    Files.createDirectories(dir);
    Path partial = dir.resolve(file.getFileName() + ".partial");
    byte[][] table = new byte[(int) Math.min(vocabulary, TABLE) + 1][];
    SplittableRandom random = new SplittableRandom(seed);
    double logV = Math.log(vocabulary);
    long written = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20)) {
      while (written < bytes) {
        int words = 6 + random.nextInt(12);
        for (int w = 0; w < words; w++) {
          long rank = Math.min(vocabulary, (long) Math.exp(random.nextDouble() * logV));
          byte[] word;
          if (rank < table.length) {
            word = table[(int) rank];
            if (word == null) {
              word = word(rank);
              table[(int) rank] = word;
            }
          } else {
            word = word(rank);
          }
          if (w == 0 && word.length > 0 && word[0] >= 'a' && word[0] <= 'z') {
            out.write(word[0] - 32);
            out.write(word, 1, word.length - 1);
          } else {
            out.write(word);
          }
          int punctuation = random.nextInt(16);
          if (w == words - 1) {
            out.write(punctuation < 12 ? '.' : '!');
            out.write('\n');
            written += 2;
          } else if (punctuation == 0) {
            out.write(',');
            out.write(' ');
            written += 2;
          } else {
            out.write(' ');
            written += 1;
          }
          written += word.length;
        }
      }
    }
    Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  /** Writes (or reuses) about {@code bytes} of real text from the files under {@code source}. */
  static Path realText(Path dir, Path source, long bytes) throws IOException {
    Path file = dir.resolve("real-" + (bytes >> 20) + "mb.txt");
    if (Files.exists(file) && Files.size(file) >= bytes) {
      return file;
    }
    List<byte[]> texts = new ArrayList<>();
    long total = 0;
    List<Path> files;
    try (Stream<Path> walk = Files.walk(source)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (Files.isSymbolicLink(f) || Files.size(f) > (64 << 20)) {
        continue;
      }
      byte[] content;
      try (InputStream in =
          name.endsWith(".gz")
              ? new GZIPInputStream(Files.newInputStream(f))
              : Files.newInputStream(f)) {
        if (!name.endsWith(".gz")
            && name.contains(".")
            && !name.endsWith(".txt")
            && !name.endsWith(".md")
            && !name.startsWith("README")) {
          continue;
        }
        content = in.readAllBytes();
      } catch (IOException e) {
        continue;
      }
      if (!isUtf8Text(content)) {
        continue;
      }
      texts.add(content);
      total += content.length;
    }
    if (total == 0) {
      throw new IOException("no UTF-8 text found under " + source);
    }
    Files.createDirectories(dir);
    Path partial = dir.resolve(file.getFileName() + ".partial");
    long written = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20)) {
      while (written < bytes) {
        for (byte[] text : texts) {
          out.write(text);
          if (text.length > 0 && text[text.length - 1] != '\n') {
            out.write('\n');
            written++;
          }
          written += text.length;
          if (written >= bytes) {
            break;
          }
        }
      }
    }
    Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  private static boolean isUtf8Text(byte[] content) {
    for (byte b : content) {
      if (b == 0) {
        return false;
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
