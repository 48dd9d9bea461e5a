package io.github.scaleblocks.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.mapreduce.examples.WordCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTest {
  @SuppressWarnings("NullAway.Init") // injected by JUnit before each test
  @TempDir
  Path temp;

  @Test
  void progressCountsBytesRecordsAndSpillsToCompletion() throws Exception {
    Path file = temp.resolve("in.txt");
    List<String> lines = TestData.lines(31, 20_000, 3_000);
    Files.write(file, lines);
    long size = Files.size(file);
    ConcurrentLinkedQueue<MapReduceEvent> events = new ConcurrentLinkedQueue<>();
    ManualTicker ticker = ManualTicker.create();
    JobResult<?> result =
        MapReduceEngine.builder()
            .parallelism(2)
            .memoryBudgetBytes(150_000)
            .tempDirectory(temp)
            .ticker(ticker)
            .listener(events::add)
            .build()
            .run(
                WordCount.job(),
                Inputs.text().path(file).splitBytes(64 * 1024).build(),
                io.github.scaleblocks.mapreduce.Outputs.toMap());
    assertThat(result.elapsed()).isEqualTo(Duration.ZERO); // the ticker never moved
    List<MapReduceEvent> all = List.copyOf(events);
    assertThat(all.get(0)).isEqualTo(new MapReduceEvent.JobStarted("wordcount", size, 2));
    assertThat(all.get(all.size() - 1)).isInstanceOf(MapReduceEvent.JobCompleted.class);
    List<MapReduceEvent.Progress> progress =
        all.stream()
            .filter(MapReduceEvent.Progress.class::isInstance)
            .map(MapReduceEvent.Progress.class::cast)
            .toList();
    assertThat(progress).hasSizeGreaterThan(10);
    MapReduceEvent.Progress last = progress.get(progress.size() - 1);
    assertThat(last.bytesRead()).isEqualTo(size);
    assertThat(last.recordsRead()).isEqualTo(lines.size());
    assertThat(last.spills()).isEqualTo(result.counters().get(JobCounter.SPILLS)).isPositive();
    assertThat(last.fractionDone()).isEqualTo(1.0);
    assertThat(all).anyMatch(MapReduceEvent.Spilled.class::isInstance);
    assertThat(progress.stream().mapToDouble(MapReduceEvent.Progress::fractionDone))
        .allMatch(f -> f >= 0 && f <= 1);
  }
}
