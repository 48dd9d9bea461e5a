package io.github.scaleblocks.mapreduce;

import io.github.scaleblocks.mapreduce.examples.WordCount;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded text and the sequential word count to check the engine against. */
final class TestData {
  private TestData() {}

  static List<String> lines(long seed, int count, int vocabulary) {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>(count);
    String[] words = new String[vocabulary];
    for (int i = 0; i < vocabulary; i++) {
      words[i] = (i % 7 == 0 ? "Wörd" : "w") + Integer.toString(i, 36) + (i % 11 == 0 ? "É" : "");
    }
    for (int l = 0; l < count; l++) {
      StringBuilder line = new StringBuilder();
      int n = random.nextInt(12);
      for (int w = 0; w < n; w++) {
        // Skewed: low ranks far more often, as in natural text.
        int rank = (int) Math.floor(Math.pow(random.nextDouble(), 3) * vocabulary);
        line.append(words[rank]).append(random.nextInt(5) == 0 ? ", " : " ");
      }
      lines.add(line.toString());
    }
    return lines;
  }

  static Map<String, Long> wordCount(Collection<String> lines) {
    Map<String, Long> counts = new HashMap<>();
    for (String line : lines) {
      WordCount.forEachWord(line, w -> counts.merge(w, 1L, Long::sum));
    }
    return counts;
  }
}
