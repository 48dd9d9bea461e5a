package io.github.scaleblocks.mapreduce;

import java.io.Serializable;

/**
 * Merges two values of the same key into one, as Spark's {@code reduceByKey} function. The engine
 * applies it eagerly in each map task's buffer (so a word count keeps one counter per distinct word
 * instead of one pair per occurrence) and again while merging spilled runs. It must be associative
 * and commutative, since values are combined in no fixed order and any number of times (zero
 * included): the reducer must give the same answer on combined and uncombined values. Thread-safe
 * and {@link Serializable}, as {@link Mapper}.
 *
 * <p>For {@code Long} values merged by a primitive function, use a {@link LongCombiner} (such as
 * {@link Combiners#longSum()}) rather than {@code Long::sum}: the engine recognises it and keeps
 * primitive {@code long}s in its buffers.
 *
 * @param <V> value type
 */
@FunctionalInterface
public interface Combiner<V> extends Serializable {

  /** Returns the combination of {@code left} and {@code right}; must not return null. */
  V combine(V left, V right);
}
