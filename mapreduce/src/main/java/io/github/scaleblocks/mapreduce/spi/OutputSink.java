package io.github.scaleblocks.mapreduce.spi;

import java.io.IOException;

/**
 * One job run's output: a {@link PartitionWriter} per reduce task attempt, then one commit or
 * abort. {@link #partition} is called concurrently from reduce task threads; {@link #commit} and
 * {@link #abort} from the coordinator thread once every task has stopped.
 *
 * @param <K> key type
 * @param <O> output type
 * @param <R> result type
 */
public interface OutputSink<K, O, R> {

  /**
   * A writer for one attempt at {@code partition}. A retried partition gets a new writer after the
   * failed one was {@link PartitionWriter#abort() aborted}.
   */
  PartitionWriter<K, O> partition(int partition) throws IOException;

  /** Called after every partition committed; returns the job's result. */
  R commit() throws IOException;

  /** Called instead of {@link #commit} when the job fails or is cancelled; must not throw. */
  void abort();
}
