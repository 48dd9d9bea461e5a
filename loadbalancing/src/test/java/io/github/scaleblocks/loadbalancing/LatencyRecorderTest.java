package io.github.scaleblocks.loadbalancing;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

  @Property(tries = 200, seed = "42")
  void recordsExactlyWhatAnHdrHistogramWithTheSameSettingsRecords(
      @ForAll @Size(max = 300)
          java.util.List<@LongRange(min = 1_000, max = 7_200_000_000_000L) Long> values) {
    LatencyRecorder recorder = new LatencyRecorder();
    Histogram expected = LatencyRecorder.newHistogram();
    for (long value : values) {
      recorder.record(value);
      expected.recordValue(Math.min(value, LatencyRecorder.MAX_LATENCY_NANOS));
    }

    Histogram actual = recorder.toHistogram();
    // From 1 µs (the lowest discernible value) up: below it, both put values in the same first
    // bucket, but HdrHistogram's raw maximum remembers 300 ns where a bucket copy says 0.
    // Same buckets, so the same answers (HdrHistogram's equals also compares the exact raw
    // extremes, which a bucket-level copy cannot know).
    assertThat(recorder.totalCount()).isEqualTo(values.size());
    assertThat(actual.getTotalCount()).isEqualTo(expected.getTotalCount());
    for (long value : values) {
      long clamped = Math.min(value, LatencyRecorder.MAX_LATENCY_NANOS);
      assertThat(actual.getCountAtValue(clamped)).isEqualTo(expected.getCountAtValue(clamped));
    }
    for (double percentile : new double[] {0, 50, 90, 99, 99.9, 100}) {
      assertThat(actual.getValueAtPercentile(percentile))
          .as("p%s", percentile)
          .isEqualTo(expected.getValueAtPercentile(percentile));
    }
    assertThat(actual.getMaxValue()).isEqualTo(expected.getMaxValue());
    assertThat(actual.getMean()).isEqualTo(expected.getMean());
  }

  @Test
  void everyIndexMapsBackToItsOwnLowestValue() {
    Histogram reference = LatencyRecorder.newHistogram();
    for (int index = 0; index < LatencyRecorder.LENGTH; index++) {
      long value = LatencyRecorder.valueAt(index);
      if (value > LatencyRecorder.MAX_LATENCY_NANOS) {
        break;
      }
      assertThat(LatencyRecorder.index(value)).as("index of %d", value).isEqualTo(index);
      assertThat(reference.lowestEquivalentValue(value)).isEqualTo(value);
    }
  }

  @Test
  void theLongestLatencyFitsTheCounters() {
    assertThat(LatencyRecorder.index(LatencyRecorder.MAX_LATENCY_NANOS))
        .isLessThan(LatencyRecorder.LENGTH);
  }
}
