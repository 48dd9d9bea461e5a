package io.github.scaleblocks.mapreduce;

import static io.github.scaleblocks.mapreduce.SpillTest.assertEmpty;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.mapreduce.examples.WordCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries, failures with context, cancellation, and no temporary file left behind. */
class FaultTest {
  @SuppressWarnings("NullAway.Init") // injected by JUnit before each test
  @TempDir
  Path temp;

  private static MapReduceJob<String, String, Long, Long> countWords(
      io.github.scaleblocks.mapreduce.Mapper<String, String, Long> mapper) {
    return MapReduceJob.<String, String, Long, Long>builder(
            mapper,
            (w, counts, out) -> {
              long n = 0;
              for (long c : counts) {
                n += c;
              }
              out.write(n);
            })
        .combiner(Long::sum)
        .codecs(Codecs.string(), Codecs.longs())
        .build();
  }

  private Path spillDir() throws Exception {
    return Files.createDirectories(temp.resolve("spills"));
  }

  private Path writeLines(List<String> lines) throws Exception {
    Path file = temp.resolve("in.txt");
    Files.write(file, lines);
    return file;
  }

  @Test
  void aMapperFailingOnceIsRetriedAndCountsOnce() throws Exception {
    List<String> lines = TestData.lines(21, 20_000, 2_000);
    Path file = writeLines(lines);
    AtomicBoolean failed = new AtomicBoolean();
    MapReduceJob<String, String, Long, Long> job =
        countWords(
            (line, out) -> {
              out.increment("lines", 1);
              WordCount.forEachWord(line, w -> out.emit(w, 1L));
              if (line.equals(lines.get(15_000)) && failed.compareAndSet(false, true)) {
                throw new IllegalStateException("flaky");
              }
            });
    Path spills = spillDir();
    JobResult<Map<String, Long>> result =
        MapReduceEngine.builder()
            .parallelism(2)
            .memoryBudgetBytes(100_000) // spills before the failure: they must be discarded
            .tempDirectory(spills)
            .build()
            .run(job, Inputs.text().path(file).splitBytes(64 * 1024).build(), Outputs.toMap());
    assertThat(failed).isTrue();
    assertThat(result.output()).isEqualTo(TestData.wordCount(lines));
    assertThat(result.counters().get(JobCounter.RETRIED_TASKS)).isEqualTo(1);
    assertThat(result.counters().get("lines")).isEqualTo(lines.size());
    assertThat(result.counters().get(JobCounter.INPUT_RECORDS)).isEqualTo(lines.size());
    assertEmpty(spills);
  }

  @Test
  void aMapperThatKeepsFailingFailsTheJobWithFileOffsetAndCause() throws Exception {
    List<String> lines = List.of("alpha", "beta", "poison pill", "gamma");
    Path file = writeLines(lines);
    AtomicInteger attempts = new AtomicInteger();
    MapReduceJob<String, String, Long, Long> job =
        countWords(
            (line, out) -> {
              if (line.startsWith("poison")) {
                attempts.incrementAndGet();
                throw new IllegalArgumentException("cannot map " + line);
              }
              out.emit(line, 1L);
            });
    Path spills = spillDir();
    long offset = "alpha\nbeta\n".length();
    assertThatThrownBy(
            () ->
                MapReduceEngine.builder()
                    .maxAttempts(3)
                    .tempDirectory(spills)
                    .build()
                    .run(job, Inputs.text().path(file).build(), Outputs.toMap()))
        .isInstanceOf(MapReduceException.class)
        .hasMessageContaining("after 3 attempt(s)")
        .hasMessageContaining("file " + file)
        .hasMessageContaining("at position " + offset)
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .satisfies(
            e ->
                assertThat(((MapReduceException) e).location())
                    .isEqualTo(
                        "file "
                            + file
                            + " bytes [0, "
                            + Files.size(file)
                            + ") at position "
                            + offset));
    assertThat(attempts).hasValue(3);
    assertEmpty(spills);
  }

  @Test
  void aReducerFailingOnceIsRetried() throws Exception {
    AtomicBoolean failed = new AtomicBoolean();
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.<String, String, Long, Long>builder(
                (line, out) -> WordCount.forEachWord(line, w -> out.emit(w, 1L)),
                (w, counts, out) -> {
                  long n = 0;
                  for (long c : counts) {
                    n += c;
                  }
                  out.write(n);
                  if (w.equals("b") && failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("flaky reducer");
                  }
                })
            .combiner(Long::sum)
            .build();
    Path out = temp.resolve("out");
    JobResult<List<Path>> result =
        MapReduceEngine.builder()
            .parallelism(2)
            .tempDirectory(spillDir())
            .build()
            .run(job, Inputs.fromCollection(List.of("a b c", "b c", "c")), Outputs.tsvFiles(out));
    assertThat(failed).isTrue();
    StringBuilder all = new StringBuilder();
    for (Path f : result.output()) {
      all.append(Files.readString(f));
    }
    assertThat(all.toString().lines().sorted()).containsExactly("a\t1", "b\t2", "c\t3");
    assertThat(result.counters().get(JobCounter.OUTPUT_RECORDS)).isEqualTo(3);
    try (var listing = Files.list(out)) {
      assertThat(listing.filter(p -> p.getFileName().toString().startsWith("."))).isEmpty();
    }
  }

  @Test
  void cancellationStopsTheJobAndDeletesItsFiles() throws Exception {
    List<String> lines = TestData.lines(22, 40_000, 3_000);
    Path file = writeLines(lines);
    CountDownLatch spilled = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MapReduceJob<String, String, Long, Long> job =
        countWords(
            (line, out) -> {
              WordCount.forEachWord(line, w -> out.emit(w, 1L));
              if (line.equals(lines.get(30_000))) {
                release.await(10, TimeUnit.SECONDS);
              }
            });
    Path spills = spillDir();
    Path out = temp.resolve("out");
    RunningJob<List<Path>> running =
        MapReduceEngine.builder()
            .parallelism(2)
            .memoryBudgetBytes(100_000)
            .tempDirectory(spills)
            .listener(
                event -> {
                  if (event instanceof MapReduceEvent.Spilled) {
                    spilled.countDown();
                  }
                })
            .build()
            .start(
                job, Inputs.text().path(file).splitBytes(32 * 1024).build(), Outputs.tsvFiles(out));
    assertThat(spilled.await(10, TimeUnit.SECONDS)).isTrue();
    running.cancel();
    release.countDown();
    assertThatThrownBy(() -> running.result().get(10, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    assertEmpty(spills);
    assertThat(out).doesNotExist();
  }

  @Test
  void aFailedJobLeavesNoPartialOutput() throws Exception {
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.<String, String, Long, Long>builder(
                (line, out) -> WordCount.forEachWord(line, w -> out.emit(w, 1L)),
                (w, counts, out) -> {
                  if (w.equals("c")) {
                    throw new IllegalStateException("broken reducer");
                  }
                  out.write(1L);
                })
            .reducePartitions(3)
            .build();
    Path out = temp.resolve("out");
    assertThatThrownBy(
            () ->
                MapReduceEngine.builder()
                    .parallelism(1)
                    .maxAttempts(2)
                    .tempDirectory(spillDir())
                    .build()
                    .run(job, Inputs.fromCollection(List.of("a b c d e f")), Outputs.tsvFiles(out)))
        .isInstanceOf(MapReduceException.class)
        .hasMessageContaining("reduce task failed after 2 attempt(s) on reduce partition")
        .hasMessageContaining("at key c");
    assertEmpty(out);
    assertEmpty(spillDir());
  }
}
