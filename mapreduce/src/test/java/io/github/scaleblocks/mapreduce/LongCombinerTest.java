package io.github.scaleblocks.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.mapreduce.examples.WordCount;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The primitive combine path ({@link LongCombiner}, {@link Combiners}) gives the same outputs and
 * counters as the boxed combiner and as no combiner, in memory and with spills.
 */
class LongCombinerTest {
  @SuppressWarnings("NullAway.Init") // injected by JUnit before each test
  @TempDir
  Path temp;

  /** Word -> (sum, max, min) of the line numbers it occurs on, through one combiner. */
  private static MapReduceJob<Integer, String, Long, Long> job(
      List<String> lines, Combiner<Long> combiner, boolean useCombiner, String reduce) {
    var builder =
        MapReduceJob.<Integer, String, Long, Long>builder(
                (index, out) ->
                    WordCount.forEachWord(
                        lines.get(index), w -> out.emit(w, (long) index * 1_000_003L)),
                (word, values, out) -> {
                  long acc = 0;
                  boolean first = true;
                  for (long v : values) {
                    acc =
                        first
                            ? v
                            : switch (reduce) {
                              case "sum" -> acc + v;
                              case "max" -> Math.max(acc, v);
                              default -> Math.min(acc, v);
                            };
                    first = false;
                  }
                  out.write(acc);
                })
            .codecs(Codecs.string(), Codecs.longs());
    if (useCombiner) {
      builder.combiner(combiner);
    }
    return builder.build();
  }

  private static Combiner<Long> primitive(String op) {
    return switch (op) {
      case "sum" -> Combiners.longSum();
      case "max" -> Combiners.longMax();
      default -> Combiners.longMin();
    };
  }

  private static Combiner<Long> boxed(String op) {
    return switch (op) {
      case "sum" -> (a, b) -> a + b;
      case "max" -> (a, b) -> Math.max(a, b);
      default -> (a, b) -> Math.min(a, b);
    };
  }

  private JobResult<Map<String, Long>> run(
      MapReduceJob<Integer, String, Long, Long> job, int size, long budget) throws Exception {
    Path spills = Files.createDirectories(temp.resolve("spills"));
    return MapReduceEngine.builder()
        .parallelism(2)
        .memoryBudgetBytes(budget)
        .tempDirectory(spills)
        .build()
        .run(
            job, Inputs.fromCollection(IntStream.range(0, size).boxed().toList()), Outputs.toMap());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sum", "max", "min"})
  void primitiveBoxedAndNoCombinerAgreeInMemoryAndWithSpills(String op) throws Exception {
    List<String> lines = TestData.lines(21, 20_000, 3_000);
    for (long budget : new long[] {1L << 30, 150_000}) {
      JobResult<Map<String, Long>> fast = run(job(lines, primitive(op), true, op), 20_000, budget);
      JobResult<Map<String, Long>> slow = run(job(lines, boxed(op), true, op), 20_000, budget);
      JobResult<Map<String, Long>> none = run(job(lines, boxed(op), false, op), 20_000, budget);
      assertThat(fast.output()).isEqualTo(slow.output()).isEqualTo(none.output()).hasSize(3_000);
      for (JobCounter counter :
          List.of(
              JobCounter.INPUT_RECORDS,
              JobCounter.MAP_OUTPUT_RECORDS,
              JobCounter.COMBINE_INPUT_RECORDS,
              JobCounter.REDUCE_GROUPS,
              JobCounter.OUTPUT_RECORDS)) {
        assertThat(fast.counters().get(counter))
            .as(counter.name())
            .isEqualTo(slow.counters().get(counter));
      }
      if (budget < 1 << 20) {
        assertThat(fast.counters().get(JobCounter.SPILLS)).isGreaterThan(64); // multi-pass merge
        assertThat(slow.counters().get(JobCounter.SPILLS)).isPositive();
      } else {
        assertThat(fast.counters().get(JobCounter.SPILLS)).isZero();
      }
    }
  }

  @Test
  void wordCountUsesThePrimitivePathAndCountsLikeTheSequentialScan() throws Exception {
    List<String> lines = TestData.lines(5, 10_000, 2_000);
    Path file = temp.resolve("words.txt");
    Files.write(file, lines);
    assertThat(WordCount.job().combiner()).isSameAs(Combiners.longSum());
    JobResult<Map<String, Long>> result =
        MapReduceEngine.builder()
            .parallelism(2)
            .build()
            .run(
                WordCount.job(),
                Inputs.text().path(file).splitBytes(16 * 1024).build(),
                Outputs.toMap());
    assertThat(result.output()).isEqualTo(TestData.wordCount(lines));
    assertThat(result.counters().get(JobCounter.COMBINE_OUTPUT_RECORDS))
        .isLessThan(result.counters().get(JobCounter.COMBINE_INPUT_RECORDS));
  }

  @Test
  void aUserLambdaIsALongCombinerToo() throws Exception {
    LongCombiner or = (a, b) -> a | b;
    MapReduceJob<Integer, Integer, Long, Long> job =
        MapReduceJob.<Integer, Integer, Long, Long>builder(
                (i, out) -> out.emit(i % 10, 1L << (i % 50)),
                (key, values, out) -> {
                  long acc = 0;
                  for (long v : values) {
                    acc |= v;
                  }
                  out.write(acc);
                })
            .combiner(or)
            .build();
    Map<Integer, Long> output =
        MapReduceEngine.builder()
            .parallelism(2)
            .build()
            .run(
                job,
                Inputs.fromCollection(IntStream.range(0, 1_000).boxed().toList()),
                Outputs.toMap())
            .output();
    for (int key = 0; key < 10; key++) {
      long expected = 0;
      for (int i = key; i < 1_000; i += 10) {
        expected |= 1L << (i % 50);
      }
      assertThat(output.get(key)).isEqualTo(expected);
    }
  }

  @Test
  void combinersAreSerializableSingletonsAndBoxedCombineWorks() throws Exception {
    for (LongCombiner c : List.of(Combiners.longSum(), Combiners.longMax(), Combiners.longMin())) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(c);
      }
      try (ObjectInputStream in =
          new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        assertThat(in.readObject()).isSameAs(c);
      }
    }
    assertThat(Combiners.longSum().combine(2L, 3L)).isEqualTo(5L);
    assertThat(Combiners.longMax().combine(2L, 3L)).isEqualTo(3L);
    assertThat(Combiners.longMin().combine(2L, 3L)).isEqualTo(2L);
    assertThat(Combiners.longSum()).hasToString("Combiners.longSum()");
  }

  @Test
  void aPartitionerOutOfRangeStillFailsTheJob() {
    MapReduceJob<Integer, Integer, Long, Long> job =
        MapReduceJob.<Integer, Integer, Long, Long>builder(
                (i, out) -> out.emit(i, 1L), (key, values, out) -> out.write(1L))
            .combiner(Combiners.longSum())
            .partitioner((key, partitions) -> partitions)
            .build();
    assertThatThrownBy(
            () ->
                MapReduceEngine.builder()
                    .parallelism(2)
                    .maxAttempts(1)
                    .build()
                    .run(job, Inputs.fromCollection(List.of(1, 2, 3)), Outputs.toMap()))
        .hasMessageContaining("partitioner returned 2");
  }
}
