package io.github.scaleblocks.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.mapreduce.examples.WordCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
  @SuppressWarnings("NullAway.Init") // injected by JUnit before each test
  @TempDir
  Path temp;

  private MapReduceEngine engine(int parallelism) {
    return MapReduceEngine.builder().parallelism(parallelism).tempDirectory(temp).build();
  }

  @Test
  void wordCountOnACollectionMatchesTheSequentialCount() {
    List<String> lines = TestData.lines(1, 5_000, 500);
    JobResult<Map<String, Long>> result =
        engine(3).run(WordCount.job(), Inputs.fromCollection(lines), Outputs.toMap());
    assertThat(result.output()).isEqualTo(TestData.wordCount(lines));
  }

  @Test
  void oneEngineRunsSeveralJobsAtOnceEachWithItsOwnAnswer() throws Exception {
    MapReduceEngine shared =
        MapReduceEngine.builder()
            .parallelism(2)
            .memoryBudgetBytes(50_000) // small enough that concurrent jobs spill side by side
            .tempDirectory(temp)
            .build();
    List<List<String>> inputs = new ArrayList<>();
    List<RunningJob<Map<String, Long>>> running = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      List<String> lines = TestData.lines(100 + i, 3_000, 400 + 100 * i);
      inputs.add(lines);
      running.add(shared.start(WordCount.job(), Inputs.fromCollection(lines), Outputs.toMap()));
    }
    for (int i = 0; i < 4; i++) {
      JobResult<Map<String, Long>> result =
          running.get(i).result().get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(result.output()).isEqualTo(TestData.wordCount(inputs.get(i)));
    }
    try (var left = Files.list(temp)) {
      assertThat(left.toList()).isEmpty();
    }
  }

  @Test
  void builtInCountersAddUp() {
    List<String> lines = List.of("a b a", "b c", "", "a");
    JobResult<Map<String, Long>> result =
        engine(2).run(WordCount.job(), Inputs.fromCollection(lines), Outputs.toMap());
    Counters counters = result.counters();
    assertThat(result.output())
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 3L, "b", 2L, "c", 1L));
    assertThat(counters.get(JobCounter.INPUT_RECORDS)).isEqualTo(4);
    assertThat(counters.get(JobCounter.MAP_OUTPUT_RECORDS)).isEqualTo(6);
    assertThat(counters.get(JobCounter.COMBINE_INPUT_RECORDS)).isEqualTo(6);
    // Each split combines on its own: at least one pair per distinct word, at most one per emit.
    assertThat(counters.get(JobCounter.COMBINE_OUTPUT_RECORDS)).isBetween(3L, 6L);
    assertThat(counters.get(JobCounter.REDUCE_GROUPS)).isEqualTo(3);
    assertThat(counters.get(JobCounter.OUTPUT_RECORDS)).isEqualTo(3);
    assertThat(counters.get(JobCounter.SPILLS)).isZero();
    assertThat(counters.get(JobCounter.SPILLED_RECORDS)).isZero();
  }

  @Test
  void userCountersFromMapperAndReducer() {
    MapReduceJob<Integer, String, Integer, Integer> job =
        MapReduceJob.<Integer, String, Integer, Integer>builder(
                (n, out) -> {
                  out.increment(n % 2 == 0 ? "even" : "odd", 1);
                  out.emit(n % 2 == 0 ? "even" : "odd", n);
                },
                (key, values, out) -> {
                  int sum = 0;
                  for (int v : values) {
                    sum += v;
                  }
                  out.increment("reduced", 1);
                  out.write(sum);
                })
            .build();
    List<Integer> numbers = IntStream.rangeClosed(1, 100).boxed().toList();
    JobResult<Map<String, Integer>> result =
        engine(2).run(job, Inputs.fromCollection(numbers), Outputs.toMap());
    assertThat(result.output())
        .containsExactlyInAnyOrderEntriesOf(Map.of("even", 2550, "odd", 2500));
    assertThat(result.counters().get("even")).isEqualTo(50);
    assertThat(result.counters().get("odd")).isEqualTo(50);
    assertThat(result.counters().get("reduced")).isEqualTo(2);
    assertThat(result.counters().get("never")).isZero();
  }

  @Test
  void withoutCombinerTheReducerSeesEveryValueAndKeyOrderSortsTheList() {
    MapReduceJob<String, Integer, String, String> job =
        MapReduceJob.<String, Integer, String, String>builder(
                (word, out) -> out.emit(word.length(), word),
                (length, words, out) -> {
                  List<String> all = new ArrayList<>();
                  words.forEach(all::add);
                  all.sort(Comparator.naturalOrder());
                  out.write(String.join(",", all));
                })
            .keyOrder(Comparator.<Integer>naturalOrder())
            .reducePartitions(3)
            .build();
    List<String> words = List.of("bb", "a", "ccc", "dd", "e", "fff", "gggg");
    JobResult<List<Map.Entry<Integer, String>>> result =
        engine(2).run(job, Inputs.fromCollection(words), Outputs.toList());
    assertThat(result.output())
        .containsExactly(
            Map.entry(1, "a,e"),
            Map.entry(2, "bb,dd"),
            Map.entry(3, "ccc,fff"),
            Map.entry(4, "gggg"));
  }

  @Test
  void streamInputIsReadInBatches() {
    List<String> lines = TestData.lines(2, 3_000, 100);
    JobResult<Map<String, Long>> result =
        engine(2).run(WordCount.job(), Inputs.fromStream(lines.stream(), 128), Outputs.toMap());
    assertThat(result.output()).isEqualTo(TestData.wordCount(lines));
    assertThat(result.counters().get(JobCounter.INPUT_RECORDS)).isEqualTo(3_000);
  }

  @Test
  void sortedListOutputUsesTheGivenOrder() {
    List<String> lines = List.of("b a c b", "c c");
    JobResult<List<Map.Entry<String, Long>>> result =
        engine(2)
            .run(
                WordCount.job(),
                Inputs.fromCollection(lines),
                Outputs.toSortedList(
                    Map.Entry.<String, Long>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey())));
    assertThat(result.output())
        .containsExactly(Map.entry("c", 3L), Map.entry("b", 2L), Map.entry("a", 1L));
  }

  @Test
  void tsvOutputWritesOneFilePerPartition() throws Exception {
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
            .keyOrder(Comparator.<String>naturalOrder())
            .reducePartitions(4)
            .build();
    List<String> lines = TestData.lines(3, 500, 50);
    Path out = temp.resolve("out");
    JobResult<List<Path>> result =
        engine(2).run(job, Inputs.fromCollection(lines), Outputs.tsvFiles(out));
    assertThat(result.output()).hasSize(4).allSatisfy(f -> assertThat(f).exists());
    Map<String, Long> read = new java.util.HashMap<>();
    for (Path file : result.output()) {
      List<String> fileLines = Files.readAllLines(file);
      assertThat(fileLines).isSorted();
      for (String line : fileLines) {
        String[] parts = line.split("\t");
        read.put(parts[0], Long.parseLong(parts[1]));
      }
    }
    assertThat(read).isEqualTo(TestData.wordCount(lines));
    try (var listing = Files.list(out)) {
      assertThat(listing.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("part-"));
    }
  }

  @Test
  void aPartitionerOutOfRangeFailsTheJobNamingTheKey() {
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.<String, String, Long, Long>builder(
                (line, out) -> out.emit(line, 1L), (w, c, out) -> out.write(1L))
            .partitioner((key, partitions) -> partitions)
            .build();
    assertThatThrownBy(
            () -> engine(1).run(job, Inputs.fromCollection(List.of("x")), Outputs.toMap()))
        .isInstanceOf(MapReduceException.class)
        .hasMessageContaining("partitioner returned")
        .hasMessageContaining("key x");
  }

  @Test
  void builderRejectsBadValuesNamingThem() {
    assertThatThrownBy(() -> MapReduceEngine.builder().parallelism(0))
        .hasMessageContaining("parallelism must be positive but was 0");
    assertThatThrownBy(() -> MapReduceEngine.builder().memoryBudgetBytes(-5))
        .hasMessageContaining("memoryBudgetBytes must be positive but was -5");
    assertThatThrownBy(() -> MapReduceEngine.builder().maxAttempts(2).maxAttempts(3))
        .hasMessageContaining("already set to 2");
    assertThatThrownBy(
            () ->
                MapReduceJob.<String, String, Long, Long>builder(
                        (line, out) -> {}, (w, c, out) -> {})
                    .reducePartitions(0))
        .hasMessageContaining("reducePartitions must be positive but was 0");
  }
}
