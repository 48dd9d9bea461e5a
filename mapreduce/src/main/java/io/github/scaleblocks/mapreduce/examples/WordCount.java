package io.github.scaleblocks.mapreduce.examples;

import io.github.scaleblocks.mapreduce.Codecs;
import io.github.scaleblocks.mapreduce.Combiners;
import io.github.scaleblocks.mapreduce.MapContext;
import io.github.scaleblocks.mapreduce.MapReduceJob;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Word count: how often each word occurs. A word is a maximal run of code points for which {@link
 * Character#isLetterOrDigit(int)} holds, lower-cased with {@link Locale#ROOT}. The job emits {@code
 * (word, 1)}, combines with {@link Combiners#longSum()} (primitive counters in the engine's
 * map-side buffers) and sums in the reducer.
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

  /** The word-count job over lines of text. */
  public static MapReduceJob<String, String, Long, Long> job() {
    return MapReduceJob.<String, String, Long, Long>builder(
            WordCount::mapLine,
            (word, counts, out) -> {
              long sum = 0;
              for (long count : counts) {
                sum += count;
              }
              out.write(sum);
            })
        .name("wordcount")
        .combiner(Combiners.longSum())
        .codecs(Codecs.string(), Codecs.longs())
        .build();
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
