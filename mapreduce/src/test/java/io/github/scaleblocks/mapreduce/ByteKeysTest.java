package io.github.scaleblocks.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.mapreduce.examples.WordCount;
import io.github.scaleblocks.mapreduce.spi.InputSplit;
import io.github.scaleblocks.mapreduce.spi.RecordSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes path: {@link TextLine} input ({@link TextInputBuilder#buildLines()}), keys emitted as
 * bytes ({@link MapContext#emitBytes}) and decoded by the job's {@link KeyDecoder}.
 */
class ByteKeysTest {
  private static final AtomicInteger DECODES = new AtomicInteger();

  @SuppressWarnings("NullAway.Init") // injected by JUnit before each test
  @TempDir
  Path temp;

  private MapReduceEngine engine(int parallelism, long budget) {
    MapReduceEngineBuilder builder =
        MapReduceEngine.builder().parallelism(parallelism).tempDirectory(temp);
    if (budget > 0) {
      builder.memoryBudgetBytes(budget);
    }
    return builder.build();
  }

  private Path corpus() throws Exception {
    List<String> lines = new ArrayList<>(TestData.lines(5, 20_000, 3_000));
    lines.add("ΣΑΣ İstanbul 𐐀bc ٣٤ ÀÉÎ\u00a0×x caf\u00e9\r");
    lines.add("\ufffd Ωmega ÿ ß µ 中文 \ud83d\ude00 end");
    Path file = temp.resolve("corpus.txt");
    Files.write(file, lines);
    return file;
  }

  @Test
  void theLineJobCountsWhatTheStringJobCountsWithTheSameCounters() throws Exception {
    Path file = corpus();
    JobResult<Map<String, Long>> strings =
        engine(2, 0)
            .run(
                WordCount.job(),
                Inputs.text().path(file).splitBytes(50_000).build(),
                Outputs.toMap());
    JobResult<Map<String, Long>> bytes =
        engine(2, 0)
            .run(
                WordCount.lineJob(),
                Inputs.text().path(file).splitBytes(50_000).buildLines(),
                Outputs.toMap());
    assertThat(bytes.output()).isEqualTo(strings.output()).containsEntry("σας", 1L);
    for (JobCounter counter : JobCounter.values()) {
      if (counter == JobCounter.COMBINE_OUTPUT_RECORDS) {
        // Each task combines on its own, and how often running splits are cut for idle workers
        // depends on timing: at least one pair per distinct word, at most one per emit.
        assertThat(bytes.counters().get(counter))
            .isBetween(
                (long) bytes.output().size(),
                bytes.counters().get(JobCounter.COMBINE_INPUT_RECORDS));
        continue;
      }
      assertThat(bytes.counters().get(counter))
          .as("%s", counter)
          .isEqualTo(strings.counters().get(counter));
    }
    assertThat(bytes.counters().get(JobCounter.INPUT_RECORDS)).isEqualTo(20_002);
    assertThat(bytes.counters().get(JobCounter.MAP_OUTPUT_RECORDS))
        .isEqualTo(bytes.output().values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void byteKeysSpillAndMergeToTheSameCounts() throws Exception {
    Path file = corpus();
    Map<String, Long> inMemory =
        engine(2, 0)
            .run(WordCount.job(), Inputs.text().path(file).build(), Outputs.toMap())
            .output();
    JobResult<Map<String, Long>> spilled =
        engine(2, 100_000)
            .run(
                WordCount.lineJob(),
                Inputs.text().path(file).splitBytes(64 * 1024).buildLines(),
                Outputs.toMap());
    assertThat(spilled.counters().get(JobCounter.SPILLS)).isGreaterThan(4);
    assertThat(spilled.output()).isEqualTo(inMemory);
    try (var left = Files.list(temp)) {
      assertThat(left.filter(p -> !p.equals(file)).toList()).isEmpty();
    }
  }

  /** Bytes are decoded once per distinct sequence per map task, not per pair. */
  @Test
  void theDecoderRunsOncePerDistinctKeyPerTask() {
    List<Integer> records = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      records.add(i % 10);
    }
    MapReduceJob<Integer, String, Long, Long> job =
        MapReduceJob.<Integer, String, Long, Long>builder(
                (n, out) -> {
                  byte[] key = ("key" + n).getBytes(StandardCharsets.UTF_8);
                  out.emitBytes(key, 0, key.length, 1L);
                },
                (k, counts, out) -> {
                  long sum = 0;
                  for (long c : counts) {
                    sum += c;
                  }
                  out.write(sum);
                })
            .combiner(Combiners.longSum())
            .keyDecoder(
                (bytes, offset, length) -> {
                  DECODES.incrementAndGet();
                  return new String(bytes, offset, length, StandardCharsets.UTF_8);
                })
            .build();
    DECODES.set(0);
    JobResult<Map<String, Long>> result =
        engine(1, 0).run(job, Inputs.fromCollection(records), Outputs.toMap());
    assertThat(result.output()).hasSize(10).containsEntry("key3", 1_000L);
    assertThat(result.counters().get(JobCounter.MAP_OUTPUT_RECORDS)).isEqualTo(10_000);
    assertThat(result.counters().get(JobCounter.COMBINE_INPUT_RECORDS)).isEqualTo(10_000);
    // fromCollection cuts the list into 4 splits for one task slot: at most 10 decodes each.
    assertThat(DECODES.get()).isBetween(10, 40);
  }

  /**
   * Keys emitted as objects and as bytes, and different bytes decoding to equal keys, are one key;
   * with a boxed combiner and without a combiner.
   */
  @Test
  void objectAndByteKeysMeetInOneEntry() {
    List<String> records = List.of("a", "A", "b", "a", "B");
    for (boolean combine : new boolean[] {true, false}) {
      MapReduceJobBuilder<String, String, Long, Long> builder =
          MapReduceJob.<String, String, Long, Long>builder(
                  (s, out) -> {
                    byte[] bytes = ("xx" + s).getBytes(StandardCharsets.UTF_8);
                    out.emitBytes(bytes, 2, bytes.length - 2, 1L);
                    out.emit(s.toLowerCase(Locale.ROOT), 10L);
                  },
                  (k, counts, out) -> {
                    long sum = 0;
                    for (long c : counts) {
                      sum += c;
                    }
                    out.write(sum);
                  })
              .keyDecoder(
                  (bytes, offset, length) ->
                      new String(bytes, offset, length, StandardCharsets.UTF_8)
                          .toLowerCase(Locale.ROOT));
      if (combine) {
        builder.combiner(Long::sum);
      }
      Map<String, Long> output =
          engine(1, 0)
              .run(builder.build(), Inputs.fromCollection(records), Outputs.toMap())
              .output();
      assertThat(output).as("combiner %s", combine).isEqualTo(Map.of("a", 33L, "b", 22L));
    }
  }

  @Test
  void emittingBytesWithoutAKeyDecoderFailsTheJobSayingSo() {
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.<String, String, Long, Long>builder(
                (s, out) -> out.emitBytes(new byte[] {'a'}, 0, 1, 1L),
                (k, counts, out) -> out.write(1L))
            .build();
    assertThatThrownBy(
            () -> engine(1, 0).run(job, Inputs.fromCollection(List.of("x")), Outputs.toMap()))
        .isInstanceOf(MapReduceException.class)
        .hasMessageContaining("has no key decoder")
        .hasMessageContaining("keyDecoder(...)");
    MapReduceJob<String, String, Long, Long> outOfRange =
        MapReduceJob.<String, String, Long, Long>builder(
                (s, out) -> out.emitBytes(new byte[] {'a'}, 0, 2, 1L),
                (k, counts, out) -> out.write(1L))
            .keyDecoder(KeyDecoder.utf8())
            .build();
    assertThatThrownBy(
            () ->
                engine(1, 0).run(outOfRange, Inputs.fromCollection(List.of("x")), Outputs.toMap()))
        .isInstanceOf(MapReduceException.class)
        .hasRootCauseInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void textLinesAreTheSameLinesAtTheSamePositionsAsStrings() throws Exception {
    Path file = temp.resolve("lines.txt");
    Files.write(
        file,
        "caf\u00e9 \ufffd ok\r\n\u4e2d\u6587 \ud83d\ude00\n\nlast without newline"
            .getBytes(StandardCharsets.UTF_8));
    List<String> strings = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    List<Boolean> ascii = new ArrayList<>();
    for (long split : new long[] {3, 7, 1 << 20}) {
      strings.clear();
      lines.clear();
      ascii.clear();
      readAll(Inputs.text().path(file).splitBytes(split).build(), (s, p) -> strings.add(p + s));
      readAll(
          Inputs.text().path(file).splitBytes(split).buildLines(),
          (l, p) -> {
            lines.add(p + l.toString());
            ascii.add(l.isAscii());
          });
      assertThat(lines).as("split %d", split).isEqualTo(strings).hasSize(4);
      assertThat(ascii).containsExactly(false, false, true, true);
    }
  }

  @Test
  void malformedUtf8InTextLinesFailsTheJobNamingTheFileAndOffset() throws Exception {
    Path file = temp.resolve("bad.txt");
    byte[] good = "fine line\nsecond\n".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = Arrays.copyOf(good, good.length + 5);
    bytes[good.length] = 'x';
    bytes[good.length + 1] = (byte) 0xED; // an encoded surrogate: not well-formed
    bytes[good.length + 2] = (byte) 0xA0;
    bytes[good.length + 3] = (byte) 0x80;
    bytes[good.length + 4] = '\n';
    Files.write(file, bytes);
    assertThatThrownBy(
            () ->
                engine(1, 0)
                    .run(
                        WordCount.lineJob(),
                        Inputs.text().path(file).buildLines(),
                        Outputs.toMap()))
        .isInstanceOf(MapReduceException.class)
        .hasMessageContaining("malformed UTF-8 in " + file)
        .hasMessageContaining("at byte " + good.length);
  }

  private interface LineAction<T> {
    void accept(T line, long position);
  }

  private static <T> void readAll(
      io.github.scaleblocks.mapreduce.spi.Input<T> input, LineAction<T> action) throws Exception {
    var splits = input.plan(2).splits();
    while (splits.hasNext()) {
      InputSplit<T> split = splits.next();
      split.read(
          new RecordSink<T>() {
            @Override
            public void accept(T record, long position) {
              action.accept(record, position);
            }

            @Override
            public void bytesRead(long n) {}
          });
    }
  }
}
