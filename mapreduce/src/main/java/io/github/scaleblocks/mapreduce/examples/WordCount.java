package io.github.scaleblocks.mapreduce.examples;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.mapreduce.Codecs;
import io.github.scaleblocks.mapreduce.Combiners;
import io.github.scaleblocks.mapreduce.KeyDecoder;
import io.github.scaleblocks.mapreduce.MapContext;
import io.github.scaleblocks.mapreduce.MapReduceJob;
import io.github.scaleblocks.mapreduce.ReduceContext;
import io.github.scaleblocks.mapreduce.TextLine;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Word count: how often each word occurs. A word is a maximal run of code points for which {@link
 * Character#isLetterOrDigit(int)} holds, lower-cased with {@link Locale#ROOT}. The job emits {@code
 * (word, 1)}, combines with {@link Combiners#longSum()} (primitive counters in the engine's
 * map-side buffers) and sums in the reducer.
 *
 * <p>Two definitions of the same job: {@link #job()} maps {@code String} lines ({@link
 * io.github.scaleblocks.mapreduce.TextInputBuilder#build()}, collections of strings); {@link
 * #lineJob()} maps {@link TextLine}s ({@link
 * io.github.scaleblocks.mapreduce.TextInputBuilder#buildLines()}) and is the fast one on files: it
 * cuts words out of the line's UTF-8 bytes and emits them as bytes ({@link MapContext#emitBytes}),
 * so the engine builds one {@code String} per distinct word per map task, not per line and word.
 * Both give the same counts (tests check it).
 */
public final class WordCount {
  private static final byte NOT_WORD = 0;
  private static final byte SIMPLE = 1;
  private static final byte COMPLEX = 2;

  /**
   * For each Latin-1 character: not a word character; a word character whose lower case is one
   * Latin-1 character ({@link #LOWER}); or one the fast path leaves to the general one (none in
   * current JDKs, but the table is computed, not assumed).
   */
  private static final byte[] KIND = new byte[256];

  private static final byte[] LOWER = new byte[256];

  static {
    for (int c = 0; c < 256; c++) {
      if (!Character.isLetterOrDigit(c)) {
        continue;
      }
      String lower = String.valueOf((char) c).toLowerCase(Locale.ROOT);
      if (lower.length() == 1 && lower.charAt(0) < 256) {
        KIND[c] = SIMPLE;
        LOWER[c] = (byte) lower.charAt(0);
      } else {
        KIND[c] = COMPLEX;
      }
    }
  }

  private WordCount() {}

  /**
   * The word-count job over {@link TextLine}s: words are cut from the bytes and emitted as bytes,
   * decoded by {@link KeyDecoder#utf8()} once per distinct word per map-side buffer. Counters:
   * {@code INPUT_RECORDS} counts lines, {@code MAP_OUTPUT_RECORDS} and {@code
   * COMBINE_INPUT_RECORDS} count word occurrences, exactly as with {@link #job()}.
   */
  public static MapReduceJob<TextLine, String, Long, Long> lineJob() {
    return MapReduceJob.<TextLine, String, Long, Long>builder(
            WordCount::mapTextLine, WordCount::sumCounts)
        .name("wordcount")
        .combiner(Combiners.longSum())
        .keyDecoder(KeyDecoder.utf8())
        .codecs(Codecs.string(), Codecs.longs())
        .build();
  }

  private static void mapTextLine(TextLine line, MapContext<String, Long> out) {
    forEachWord(line, EMIT, out);
  }

  private static final Long ONE = 1L;

  /**
   * Where {@link #forEachWord(TextLine, WordSink, Object)} delivers words, lower-cased, with the
   * context it was given. Stateless, so one instance serves every line: an object per line (a
   * lambda or anonymous class capturing the context) is what the JIT cannot always eliminate, as
   * the cutter is too large to inline into the mapper.
   */
  interface WordSink<C> {
    /** A word as UTF-8 bytes; the array is only valid during the call. */
    void word(C context, byte[] utf8, int offset, int length);

    /** A word that took the code-point path. */
    void word(C context, String word);
  }

  /** Emits each word with a count of one. */
  private static final WordSink<MapContext<String, Long>> EMIT =
      new WordSink<>() {
        @Override
        public void word(MapContext<String, Long> out, byte[] utf8, int offset, int length) {
          out.emitBytes(utf8, offset, length, ONE);
        }

        @Override
        public void word(MapContext<String, Long> out, String word) {
          out.emit(word, ONE);
        }
      };

  /** Hands each word to a consumer as a {@code String}. */
  private static final WordSink<Consumer<String>> ACCEPT =
      new WordSink<>() {
        @Override
        public void word(Consumer<String> action, byte[] utf8, int offset, int length) {
          action.accept(new String(utf8, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void word(Consumer<String> action, String word) {
          action.accept(word);
        }
      };

  /**
   * Calls {@code action} with each word of {@code line}, in order; the same words as {@link
   * #forEachWord(String, Consumer)} on {@code line.toString()}.
   */
  public static void forEachWord(TextLine line, Consumer<String> action) {
    Checks.notNull(action, "action");
    forEachWord(line, ACCEPT, action);
  }

  /**
   * The word cutter on bytes. The line is well-formed UTF-8 ({@link TextLine} guarantees it), so
   * sequences are decoded without checks. A fast path covers Latin-1 (ASCII and the two-byte
   * sequences {@code C2}/{@code C3} xx) with the same tables as the {@code String} tokenizer: a run
   * of such word characters is emitted as a slice of the line when it has no capital, or
   * lower-cased into a new array (one per such word) when it has. A run that meets any other word
   * character goes back to its start and takes the code-point path: decode the run into a {@code
   * String} and lower-case it with {@link String#toLowerCase(Locale)}, as the {@code String}
   * tokenizer does.
   */
  static <C> void forEachWord(TextLine line, WordSink<C> sink, C context) {
    byte[] scratch = null;
    byte[] a = line.array();
    int end = line.offset() + line.length();
    int i = line.offset();
    while (i < end) {
      int b = a[i];
      if (b >= 0) {
        if (KIND[b] == NOT_WORD) {
          i++;
          continue;
        }
      } else {
        int cp = codePointAt(a, i);
        if (!isWordCodePoint(cp)) {
          i += sequenceLength(b);
          continue;
        }
      }
      int start = i;
      boolean changes = false;
      boolean twoByte = false;
      int cp = -1; // the code point that ended the fast run, or -1 at the end of the line
      // ASCII letters and digits eight bytes at a time (reading past the line is fine while inside
      // the array: only the bytes before the first non-word byte, or the line's end, are taken);
      // the byte after such a run, when it is not the end of the word, is taken on its own, and
      // the next eight bytes go back to the wide step.
      while (i < end) {
        if (i + 8 <= a.length) {
          long w = (long) LONGS.get(a, i);
          long word = asciiWordBytes(w);
          int n = word == HIGH ? 8 : Long.numberOfTrailingZeros(~word & HIGH) >>> 3;
          if (n > end - i) {
            n = end - i;
          }
          long taken = n == 8 ? -1L : (1L << (n << 3)) - 1;
          changes |= (asciiCapitals(w) & taken) != 0;
          i += n;
          if (n == 8) {
            continue;
          }
          if (i == end) {
            break;
          }
        }
        b = a[i];
        if (b >= 0) {
          if (KIND[b] != SIMPLE) {
            cp = b;
            break;
          }
          changes |= LOWER[b] != b;
          i++;
        } else if ((b & 0xE0) == 0xC0) {
          int c = ((b & 0x1F) << 6) | (a[i + 1] & 0x3F);
          if (c >= 256 || KIND[c] != SIMPLE) {
            cp = c;
            break;
          }
          changes |= (LOWER[c] & 0xFF) != c;
          twoByte = true;
          i += 2;
        } else {
          cp = codePointAt(a, i);
          break;
        }
      }
      if (cp < 0 || !isWordCodePoint(cp)) {
        if (!changes) {
          sink.word(context, a, start, i - start);
        } else {
          if (scratch == null || scratch.length < 2 * (i - start)) {
            scratch = scratch(2 * (i - start));
          }
          int n =
              twoByte ? lowerLatin1Utf8(a, start, i, scratch) : lowerAscii(a, start, i, scratch);
          sink.word(context, scratch, 0, n);
        }
        continue;
      }
      // The run goes on with a code point outside the fast path: decode the whole run.
      while (i < end) {
        int c = codePointAt(a, i);
        if (!isWordCodePoint(c)) {
          break;
        }
        i += sequenceLength(a[i]);
      }
      sink.word(
          context,
          new String(a, start, i - start, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
    }
  }

  /**
   * This thread's buffer for lower-cased words, at least {@code size} bytes: a word with a capital
   * is lower-cased into it and emitted from it (the engine copies what it keeps), so capitalised
   * words allocate nothing.
   */
  private static byte[] scratch(int size) {
    byte[] buffer = SCRATCH.get();
    if (buffer.length < size) {
      buffer = new byte[Math.max(size, buffer.length * 2)];
      SCRATCH.set(buffer);
    }
    return buffer;
  }

  private static final long HIGH = 0x8080808080808080L;
  private static final long ONES = 0x0101010101010101L;
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long CASE_BIT = 0x2020202020202020L;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * The bytes of {@code w} (eight bytes, little endian) that are ASCII letters or digits, as the
   * high bit of each byte: the same set as {@link #KIND} {@code == SIMPLE} below 0x80.
   */
  static long asciiWordBytes(long w) {
    long x = w & LOW7;
    long folded = x | CASE_BIT; // 'A'..'Z' onto 'a'..'z' (and other bytes elsewhere, checked)
    long letters = atLeast(folded, 'a') & ~atLeast(folded, 'z' + 1);
    long digits = atLeast(x, '0') & ~atLeast(x, '9' + 1);
    return (letters | digits) & ~w & HIGH;
  }

  /** The bytes of {@code w} that are ASCII capitals, as the high bit of each byte. */
  static long asciiCapitals(long w) {
    long x = w & LOW7;
    return atLeast(x, 'A') & ~atLeast(x, 'Z' + 1) & ~w & HIGH;
  }

  /** For bytes below 0x80: the high bit of each byte set where the byte is at least {@code c}. */
  private static long atLeast(long sevenBits, int c) {
    return ((sevenBits | HIGH) - c * ONES) & HIGH;
  }

  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[256]);

  private static int lowerAscii(byte[] a, int from, int to, byte[] out) {
    for (int j = from; j < to; j++) {
      out[j - from] = LOWER[a[j]];
    }
    return to - from;
  }

  /**
   * Lower-cases a run of Latin-1 characters in UTF-8 into {@code out}, re-encoding each (its length
   * may change); returns the length.
   */
  private static int lowerLatin1Utf8(byte[] a, int from, int to, byte[] out) {
    int n = 0;
    int j = from;
    while (j < to) {
      int c = a[j];
      if (c >= 0) {
        j++;
      } else {
        c = ((c & 0x1F) << 6) | (a[j + 1] & 0x3F);
        j += 2;
      }
      int lower = LOWER[c] & 0xFF;
      if (lower < 0x80) {
        out[n++] = (byte) lower;
      } else {
        out[n++] = (byte) (0xC0 | (lower >>> 6));
        out[n++] = (byte) (0x80 | (lower & 0x3F));
      }
    }
    return n;
  }

  /** The length of the UTF-8 sequence whose first byte is {@code lead} (well-formed input). */
  private static int sequenceLength(int lead) {
    if (lead >= 0) {
      return 1;
    } else if ((lead & 0xE0) == 0xC0) {
      return 2;
    } else if ((lead & 0xF0) == 0xE0) {
      return 3;
    }
    return 4;
  }

  /** The code point of the well-formed UTF-8 sequence at {@code i}. */
  private static int codePointAt(byte[] a, int i) {
    int b = a[i];
    if (b >= 0) {
      return b;
    } else if ((b & 0xE0) == 0xC0) {
      return ((b & 0x1F) << 6) | (a[i + 1] & 0x3F);
    } else if ((b & 0xF0) == 0xE0) {
      return ((b & 0x0F) << 12) | ((a[i + 1] & 0x3F) << 6) | (a[i + 2] & 0x3F);
    }
    return ((b & 0x07) << 18)
        | ((a[i + 1] & 0x3F) << 12)
        | ((a[i + 2] & 0x3F) << 6)
        | (a[i + 3] & 0x3F);
  }

  /** The word-count job over lines of text. */
  public static MapReduceJob<String, String, Long, Long> job() {
    return MapReduceJob.<String, String, Long, Long>builder(
            WordCount::mapLine, WordCount::sumCounts)
        .name("wordcount")
        .combiner(Combiners.longSum())
        .codecs(Codecs.string(), Codecs.longs())
        .build();
  }

  /** Both jobs' reducer: the word's count is the sum of its (combined) counts. */
  private static void sumCounts(String word, Iterable<Long> counts, ReduceContext<Long> out) {
    long sum = 0;
    for (long count : counts) {
      sum += count;
    }
    out.write(sum);
  }

  private static void mapLine(String line, MapContext<String, Long> out) {
    forEachWord(line, word -> out.emit(word, 1L));
  }

  /**
   * Calls {@code action} with each word of {@code line}, in order.
   *
   * <p>A fast path for Latin-1 (which covers ASCII and Western European accented letters): a run of
   * Latin-1 word characters is cut and lower-cased in one pass, through two 256-entry tables
   * computed from {@link Character#isLetterOrDigit(int)} and {@link String#toLowerCase(Locale)}
   * themselves; one string is allocated per word, none beyond the substring when the word has no
   * capital. That is exactly the general definition: a Latin-1 character is one code point, and
   * lower-casing a Latin-1 string with {@link Locale#ROOT} maps each character on its own (the
   * context-dependent rules concern Greek sigma and Lithuanian/Turkish/Azeri locales). A run that
   * meets any other character finishes on the code-point path and is lower-cased by {@link
   * String#toLowerCase(Locale)}, which may change its length. {@code WordCountTokenizerTest} checks
   * the equivalence with the plain definition on random Unicode strings.
   */
  public static void forEachWord(String line, Consumer<String> action) {
    int n = line.length();
    int i = 0;
    while (i < n) {
      char c = line.charAt(i);
      if (c < 256) {
        if (KIND[c] == NOT_WORD) {
          i++;
          continue;
        }
      } else {
        int cp = line.codePointAt(i);
        if (!Character.isLetterOrDigit(cp)) {
          i += Character.charCount(cp);
          continue;
        }
      }
      int start = i;
      boolean changes = false;
      while (i < n) {
        c = line.charAt(i);
        if (c >= 256 || KIND[c] != SIMPLE) {
          break;
        }
        changes |= (LOWER[c] & 0xFF) != c;
        i++;
      }
      if (i == n || (c < 256 && KIND[c] == NOT_WORD)) {
        action.accept(changes ? lowerLatin1(line, start, i) : line.substring(start, i));
        continue;
      }
      // The run goes on with a character outside the fast path: code points.
      while (i < n) {
        int cp = line.codePointAt(i);
        if (!isWordCodePoint(cp)) {
          break;
        }
        i += Character.charCount(cp);
      }
      action.accept(line.substring(start, i).toLowerCase(Locale.ROOT));
    }
  }

  private static String lowerLatin1(String line, int from, int to) {
    byte[] bytes = new byte[to - from];
    for (int j = from; j < to; j++) {
      bytes[j - from] = LOWER[line.charAt(j)];
    }
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** Whether {@code codePoint} belongs to a word. */
  public static boolean isWordCodePoint(int codePoint) {
    return codePoint < 256 ? KIND[codePoint] != NOT_WORD : Character.isLetterOrDigit(codePoint);
  }
}
