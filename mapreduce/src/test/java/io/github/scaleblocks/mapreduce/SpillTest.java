package io.github.scaleblocks.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.mapreduce.examples.WordCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded memory: tiny budgets force sorted spills and external merges; answers must not change.
 */
class SpillTest {
  @SuppressWarnings("NullAway.Init") // injected by JUnit before each test
  @TempDir
  Path temp;

  static void assertEmpty(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.toList()).as("files left in " + dir).isEmpty();
    }
  }

  private MapReduceEngine engine(long budget, Path spillDir) {
    return MapReduceEngine.builder()
        .parallelism(2)
        .memoryBudgetBytes(budget)
        .tempDirectory(spillDir)
        .build();
  }

  @Test
  void wordCountWithSpillsGivesTheInMemoryAnswer() throws Exception {
    Path file = temp.resolve("words.txt");
    List<String> lines = TestData.lines(11, 30_000, 5_000);
    Files.write(file, lines);
    Path spills = Files.createDirectory(temp.resolve("spills"));
    JobResult<Map<String, Long>> result =
        engine(200_000, spills)
            .run(
                WordCount.job(),
                Inputs.text().path(file).splitBytes(64 * 1024).build(),
                Outputs.toMap());
    assertThat(result.output()).isEqualTo(TestData.wordCount(lines));
    assertThat(result.counters().get(JobCounter.SPILLS)).isGreaterThan(64); // a multi-pass merge
    assertThat(result.counters().get(JobCounter.SPILLED_RECORDS)).isPositive();
    assertThat(result.counters().get(JobCounter.COMBINE_OUTPUT_RECORDS))
        .isLessThan(result.counters().get(JobCounter.COMBINE_INPUT_RECORDS));
    assertEmpty(spills);
  }

  @Test
  void spillsWithoutCombinerKeepEveryValue() throws Exception {
    // An inverted index: word -> sorted distinct line numbers, no combiner.
    List<String> lines = TestData.lines(12, 4_000, 800);
    MapReduceJob<Integer, String, Integer, String> job =
        MapReduceJob.<Integer, String, Integer, String>builder(
                (index, out) -> WordCount.forEachWord(lines.get(index), w -> out.emit(w, index)),
                (word, indexes, out) -> {
                  List<Integer> all = new ArrayList<>();
                  indexes.forEach(all::add);
                  out.write(all.stream().distinct().sorted().toList().toString());
                })
            .codecs(Codecs.string(), Codecs.ints())
            .build();
    List<Integer> indexes = java.util.stream.IntStream.range(0, lines.size()).boxed().toList();
    Path spills = Files.createDirectory(temp.resolve("spills"));
    JobResult<Map<String, String>> result =
        engine(100_000, spills).run(job, Inputs.fromCollection(indexes), Outputs.toMap());

    Map<String, java.util.TreeSet<Integer>> expected = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int line = i;
      WordCount.forEachWord(
          lines.get(i), w -> expected.computeIfAbsent(w, k -> new java.util.TreeSet<>()).add(line));
    }
    Map<String, String> expectedText = new HashMap<>();
    expected.forEach((w, set) -> expectedText.put(w, new ArrayList<>(set).toString()));
    assertThat(result.output()).isEqualTo(expectedText);
    assertThat(result.counters().get(JobCounter.SPILLS)).isPositive();
    assertEmpty(spills);
  }

  @Test
  void spillsWithKeyOrderStaySorted() throws Exception {
    List<String> lines = TestData.lines(13, 20_000, 3_000);
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.<String, String, Long, Long>builder(
                (line, out) -> WordCount.forEachWord(line, w -> out.emit(w, 1L)),
                (w, counts, out) -> {
                  long n = 0;
                  for (long c : counts) {
                    n += c;
                  }
                  out.write(n);
                })
            .combiner(Long::sum)
            .keyOrder(Comparator.<String>reverseOrder())
            .codecs(Codecs.string(), Codecs.longs())
            .reducePartitions(1)
            .build();
    Path spills = Files.createDirectory(temp.resolve("spills"));
    JobResult<List<Map.Entry<String, Long>>> result =
        engine(150_000, spills).run(job, Inputs.fromCollection(lines), Outputs.toList());
    TreeMap<String, Long> expected = new TreeMap<>(Comparator.reverseOrder());
    expected.putAll(TestData.wordCount(lines));
    assertThat(result.output()).containsExactlyElementsOf(new ArrayList<>(expected.entrySet()));
    assertThat(result.counters().get(JobCounter.SPILLS)).isPositive();
    assertEmpty(spills);
  }

  @Test
  void aJobWithoutCodecsThatOutgrowsTheBudgetFailsSayingSo() throws Exception {
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.<String, String, Long, Long>builder(
                (line, out) -> WordCount.forEachWord(line, w -> out.emit(w, 1L)),
                (w, counts, out) -> out.write(1L))
            .combiner(Long::sum)
            .build();
    Path spills = Files.createDirectory(temp.resolve("spills"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                engine(10_000, spills)
                    .run(
                        job,
                        Inputs.fromCollection(TestData.lines(1, 5_000, 2_000)),
                        Outputs.toMap()))
        .isInstanceOf(MapReduceException.class)
        .hasMessageContaining("outgrew its memory budget of 10000 bytes")
        .hasMessageContaining("codecs");
    assertEmpty(spills);
  }
}
