package io.github.scaleblocks.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.mapreduce.spi.Input;
import io.github.scaleblocks.mapreduce.spi.InputSplit;
import io.github.scaleblocks.mapreduce.spi.RecordSink;
import io.github.scaleblocks.mapreduce.spi.SplitPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine cuts running splits for idle workers ({@link InputSplit#trySplit}) once every planned
 * split has started, through the same SPI a user's input implements.
 */
class SplitCuttingTest {
  @SuppressWarnings("NullAway.Init") // injected by JUnit before each test
  @TempDir
  Path temp;

  /**
   * The integers {@code [from, to)}, cut as a text split is: a read claims each record before it
   * delivers it, and a cut halves what is not claimed. The first split's read waits after its first
   * record until it has been cut (or 10 seconds pass), so the cut is sure to come while it runs.
   */
  static final class RangeSplit implements InputSplit<Integer> {
    private final int from;
    private int to;
    private int claimed;
    private final @Nullable CountDownLatch cutMade;

    RangeSplit(int from, int to, @Nullable CountDownLatch cutMade) {
      this.from = from;
      this.to = to;
      this.claimed = from;
      this.cutMade = cutMade;
    }

    @Override
    public synchronized String description() {
      return "range [" + from + ", " + to + ")";
    }

    @Override
    public synchronized @Nullable InputSplit<Integer> trySplit() {
      int rest = to - claimed;
      if (rest < 2) {
        return null;
      }
      int cut = claimed + rest / 2;
      RangeSplit piece = new RangeSplit(cut, to, null);
      to = cut;
      if (cutMade != null) {
        cutMade.countDown();
      }
      return piece;
    }

    @Override
    public synchronized long estimateRemaining() {
      return to - claimed;
    }

    private synchronized boolean claim(int i) {
      if (i >= to) {
        return false;
      }
      claimed = i + 1;
      return true;
    }

    @Override
    public void read(RecordSink<? super Integer> sink) throws Exception {
      synchronized (this) {
        claimed = from;
      }
      for (int i = from; claim(i); i++) {
        sink.accept(i, i);
        if (i == from && cutMade != null) {
          cutMade.await(10, TimeUnit.SECONDS);
        }
      }
      sink.bytesRead(1);
    }
  }

  private static MapReduceJob<Integer, Integer, Long, Long> countByRemainder(
      Map<Integer, String> readBy) {
    return MapReduceJob.<Integer, Integer, Long, Long>builder(
            (Integer i, MapContext<Integer, Long> context) -> {
              readBy.put(i, Thread.currentThread().getName());
              context.emit(i % 7, 1L);
            },
            (key, values, context) -> {
              long sum = 0;
              for (long v : values) {
                sum += v;
              }
              context.write(sum);
            })
        .name("remainders")
        .combiner(Combiners.longSum())
        .build();
  }

  @Test
  void anIdleWorkerTakesHalfOfTheRunningSplitAndEveryRecordIsReadOnce() {
    CountDownLatch cutMade = new CountDownLatch(1);
    RangeSplit big = new RangeSplit(0, 10_000, cutMade);
    RangeSplit small = new RangeSplit(10_000, 10_001, null);
    Input<Integer> input = parallelism -> new SplitPlan<>(List.of(big, small).iterator(), 2);
    Map<Integer, String> readBy = new ConcurrentHashMap<>();
    List<MapReduceEvent> events = new CopyOnWriteArrayList<>();

    JobResult<Map<Integer, Long>> result =
        MapReduceEngine.builder()
            .parallelism(2)
            .tempDirectory(temp)
            .listener(events::add)
            .build()
            .run(countByRemainder(readBy), input, Outputs.toMap());

    assertThat(cutMade.getCount()).as("the running split was cut").isZero();
    Map<Integer, Long> expected = new HashMap<>();
    for (int i = 0; i <= 10_000; i++) {
      expected.merge(i % 7, 1L, Long::sum);
    }
    assertThat(result.output()).isEqualTo(expected);
    assertThat(readBy).hasSize(10_001);
    assertThat(result.counters().get(JobCounter.INPUT_RECORDS)).isEqualTo(10_001);
    Set<String> bigReaders = new java.util.HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      bigReaders.add(readBy.get(i));
    }
    assertThat(bigReaders).as("threads that read the big split's records").hasSize(2);
    MapReduceEvent.Progress last =
        events.stream()
            .filter(MapReduceEvent.Progress.class::isInstance)
            .map(MapReduceEvent.Progress.class::cast)
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(last.mapTasksTotal()).isGreaterThanOrEqualTo(3);
    assertThat(last.mapTasksDone()).isEqualTo(last.mapTasksTotal());
  }

  /** A split that never cuts (the SPI's default) runs as one task, as before. */
  @Test
  void aSplitThatCannotBeCutRunsWhole() {
    Map<Integer, String> readBy = new ConcurrentHashMap<>();
    InputSplit<Integer> whole =
        new InputSplit<>() {
          @Override
          public String description() {
            return "whole";
          }

          @Override
          public void read(RecordSink<? super Integer> sink) throws Exception {
            for (int i = 0; i < 1_000; i++) {
              sink.accept(i, i);
            }
          }
        };
    List<InputSplit<Integer>> splits = List.of(whole, new RangeSplit(1_000, 1_001, null));
    JobResult<Map<Integer, Long>> result =
        MapReduceEngine.builder()
            .parallelism(2)
            .tempDirectory(temp)
            .build()
            .run(
                countByRemainder(readBy),
                parallelism -> new SplitPlan<>(splits.iterator(), -1),
                Outputs.toMap());
    assertThat(result.output().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_001);
    Set<String> readers = new java.util.HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      readers.add(readBy.get(i));
    }
    assertThat(readers).hasSize(1);
  }

  /**
   * A text split cut again and again by a thread racing its read: every line is read once. Unlike
   * the property in {@link TextInputTest}, the cuts here come from another thread at any moment, as
   * the engine's coordinator makes them.
   */
  @RepeatedTest(20)
  void textSplitsCutByAnotherThreadReadEveryLineOnce() throws Exception {
    List<String> lines = TestData.lines(11, 20_000, 500);
    Path file = temp.resolve("lines.txt");
    Files.write(file, lines);
    SplitPlan<String> plan = Inputs.text().path(file).splitBytes(1 << 20).build().plan(1);
    InputSplit<String> first = plan.splits().next();
    List<InputSplit<String>> pieces = new CopyOnWriteArrayList<>();
    CountDownLatch firstCut = new CountDownLatch(1);
    java.util.TreeMap<Long, String> read = new java.util.TreeMap<>();
    Thread cutter =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                InputSplit<String> piece = first.trySplit();
                if (piece != null) {
                  pieces.add(piece);
                  firstCut.countDown();
                }
                Thread.onSpinWait();
              }
            });
    long[] bytes = {0};
    RecordSink<String> sink =
        new RecordSink<>() {
          @Override
          public void accept(String record, long position) {
            assertThat(read.put(position, record)).as("line at %s read twice", position).isNull();
            if (read.size() == 1) {
              // The first cut races nothing; the ones after it race this read.
              try {
                assertThat(firstCut.await(10, TimeUnit.SECONDS)).isTrue();
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
            }
          }

          @Override
          public void bytesRead(long n) {
            bytes[0] += n;
          }
        };
    cutter.start();
    try {
      first.read(sink);
    } finally {
      cutter.interrupt();
      cutter.join();
    }
    for (InputSplit<String> piece : pieces) {
      piece.read(sink);
    }
    assertThat(pieces).isNotEmpty();
    assertThat(read.values()).containsExactlyElementsOf(lines);
    assertThat(bytes[0]).isEqualTo(Files.size(file));
  }
}
