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
   * Emits one pair whose key is given as the bytes {@code key[offset, offset + length)}, turned
   * into a key by the job's {@link KeyDecoder} ({@link MapReduceJobBuilder#keyDecoder}): the same
   * as {@code emit(keyDecoder.decode(key, offset, length), value)}, but the in-process engine
   * decodes each distinct byte sequence only once per map-side buffer and finds the rest by their
   * bytes, so a mapper that cuts keys out of a {@link TextLine} allocates no key per pair. The
   * engine copies the bytes it keeps: the array stays the mapper's (it may be a {@code TextLine}'s,
   * or a scratch buffer reused for the next key). Counted like {@link #emit} (one map output
   * record, one combine input record).
   *
   * @throws IllegalStateException if the job has no key decoder
   * @throws IndexOutOfBoundsException if the range is outside {@code key}
   */
  void emitBytes(byte[] key, int offset, int length, V value);

  /**
   * Adds {@code delta} to the user-defined counter {@code name}; the job's {@link Counters} report
   * it. Counts of failed task attempts are discarded, so a retried task counts once.
   */
  void increment(String name, long delta);
}
