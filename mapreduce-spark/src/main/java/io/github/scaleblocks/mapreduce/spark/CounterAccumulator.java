package io.github.scaleblocks.mapreduce.spark;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/** Named long counters summed across Spark tasks. */
final class CounterAccumulator extends AccumulatorV2<Map<String, Long>, Map<String, Long>> {
  private static final long serialVersionUID = 1L;
  private final HashMap<String, Long> counts = new HashMap<>();

  void add(String name, long delta) {
    if (name == null) {
      throw new NullPointerException("counter name must not be null");
    }
    synchronized (counts) {
      counts.merge(name, delta, Long::sum);
    }
  }

  @Override
  public boolean isZero() {
    synchronized (counts) {
      return counts.isEmpty();
    }
  }

  @Override
  public AccumulatorV2<Map<String, Long>, Map<String, Long>> copy() {
    CounterAccumulator copy = new CounterAccumulator();
    synchronized (counts) {
      copy.counts.putAll(counts);
    }
    return copy;
  }

  @Override
  public void reset() {
    synchronized (counts) {
      counts.clear();
    }
  }

  @Override
  public void add(Map<String, Long> values) {
    values.forEach(this::add);
  }

  @Override
  public void merge(AccumulatorV2<Map<String, Long>, Map<String, Long>> other) {
    add(other.value());
  }

  @Override
  public Map<String, Long> value() {
    synchronized (counts) {
      return Map.copyOf(counts);
    }
  }
}
