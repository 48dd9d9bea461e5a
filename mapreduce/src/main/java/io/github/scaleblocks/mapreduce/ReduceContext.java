package io.github.scaleblocks.mapreduce;

/**
 * What a {@link Reducer} writes to: outputs for the key being reduced and user-defined counters.
 * One context per reduce task; not thread-safe, only valid during the {@link Reducer#reduce} call.
 *
 * @param <O> output type
 */
public interface ReduceContext<O> {

  /** Writes one output for the key being reduced. */
  void write(O output);

  /**
   * Adds {@code delta} to the user-defined counter {@code name}, as {@link MapContext#increment}.
   */
  void increment(String name, long delta);
}
