package io.github.scaleblocks.mapreduce;

import java.io.Serializable;

/**
 * Combines all values of one key into zero or more outputs. Each key is reduced exactly once (per
 * successful attempt), by one reduce task; several reduce tasks run concurrently, so an
 * implementation must be thread-safe. {@link Serializable} for Spark, as {@link Mapper}.
 *
 * <p>{@code values} can be iterated <b>once</b>: with spills they stream from disk. Values come in
 * no particular order. When the job has a {@link Combiner}, the values may already be partly (or
 * wholly) combined.
 *
 * @param <K> key type
 * @param <V> value type
 * @param <O> output type
 */
@FunctionalInterface
public interface Reducer<K, V, O> extends Serializable {

  /** Writes the outputs for {@code key} through {@code context}. */
  void reduce(K key, Iterable<V> values, ReduceContext<O> context) throws Exception;
}
