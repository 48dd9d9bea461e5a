package io.github.scaleblocks.mapreduce.spi;

import java.io.IOException;

/**
 * Writes one reduce partition's outputs, from one thread, in the partition's key order when the job
 * has one.
 *
 * @param <K> key type
 * @param <O> output type
 */
public interface PartitionWriter<K, O> {

  /** Writes one output of {@code key}. */
  void write(K key, O output) throws IOException;

  /** The partition is complete: make it visible to {@link OutputSink#commit}. */
  void commit() throws IOException;

  /** The attempt failed or the job stopped: discard what was written; must not throw. */
  void abort();
}
