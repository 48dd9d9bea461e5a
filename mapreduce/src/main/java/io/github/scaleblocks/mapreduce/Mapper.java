package io.github.scaleblocks.mapreduce;

import java.io.Serializable;

/**
 * Turns one input record into zero or more key/value pairs. Called concurrently by several map
 * tasks, each on its own thread: an implementation must be thread-safe (a stateless lambda is). It
 * is {@link Serializable} so that the same job definition can be shipped to Apache Spark executors
 * by {@code scaleblocks-mapreduce-spark}; a lambda assigned to this type is serializable if what it
 * captures is.
 *
 * <p>An exception thrown here fails the map task's attempt; the engine retries the task and fails
 * the job with the cause and the record's position when the retries are exhausted.
 *
 * @param <I> input record type
 * @param <K> key type
 * @param <V> value type
 */
@FunctionalInterface
public interface Mapper<I, K, V> extends Serializable {

  /** Emits the pairs for {@code record} through {@code context}. */
  void map(I record, MapContext<K, V> context) throws Exception;
}
