package io.github.scaleblocks.mapreduce;

/**
 * What a {@link Mapper} writes to: emitted pairs and user-defined counters. One context per map
 * task; not thread-safe, and only valid during the {@link Mapper#map} call it was passed to.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface MapContext<K, V> {

  /** Emits one pair. */
  void emit(K key, V value);

  /**
   * Adds {@code delta} to the user-defined counter {@code name}; the job's {@link Counters} report
   * it. Counts of failed task attempts are discarded, so a retried task counts once.
   */
  void increment(String name, long delta);
}
