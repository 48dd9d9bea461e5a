package io.github.scaleblocks.mapreduce.examples;

import io.github.scaleblocks.mapreduce.Codecs;
import io.github.scaleblocks.mapreduce.MapContext;
import io.github.scaleblocks.mapreduce.MapReduceJob;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Word count: how often each word occurs. A word is a maximal run of code points for which {@link
 * Character#isLetterOrDigit(int)} holds, lower-cased with {@link Locale#ROOT}. The job emits {@code
 * (word, 1)}, combines with {@link Long#sum} and sums in the reducer.
 */
public final class WordCount {
  private static final boolean[] ASCII_WORD = new boolean[128];

  static {
    for (int c = 0; c < 128; c++) {
      ASCII_WORD[c] = Character.isLetterOrDigit(c);
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
        .combiner(Long::sum)
        .codecs(Codecs.string(), Codecs.longs())
        .build();
  }

  private static void mapLine(String line, MapContext<String, Long> out) {
    forEachWord(line, word -> out.emit(word, 1L));
  }

  /** Calls {@code action} with each word of {@code line}, in order. */
  public static void forEachWord(String line, Consumer<String> action) {
    int n = line.length();
    int i = 0;
    while (i < n) {
      int cp = line.codePointAt(i);
      if (!isWordCodePoint(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      i += Character.charCount(cp);
      while (i < n) {
        cp = line.codePointAt(i);
        if (!isWordCodePoint(cp)) {
          break;
        }
        i += Character.charCount(cp);
      }
      action.accept(line.substring(start, i).toLowerCase(Locale.ROOT));
    }
  }

  /** Whether {@code codePoint} belongs to a word. */
  public static boolean isWordCodePoint(int codePoint) {
    return codePoint < 128 ? ASCII_WORD[codePoint] : Character.isLetterOrDigit(codePoint);
  }
}
