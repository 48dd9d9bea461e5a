package io.github.scaleblocks.mapreduce;

/**
 * A {@link Combiner} of {@code long} values, for jobs whose values are {@code Long}s merged by a
 * primitive function (a sum, a maximum, a minimum). The engine recognises it: instead of a boxed
 * value per key it keeps each map task's combined values as primitive {@code long}s in an
 * open-addressing table, updated in place on every emit, so a word count or any other counting job
 * allocates nothing per record beyond its key. Spills, merges, the reducer and Spark see ordinary
 * {@code Long}s, so a job behaves the same with this combiner as with the equivalent boxed one
 * (only faster). {@link Combiners} has the built-ins ({@link Combiners#longSum()}, {@link
 * Combiners#longMax()}, {@link Combiners#longMin()}); a lambda works too:
 *
 * <pre>{@code
 * LongCombiner bitwiseOr = (a, b) -> a | b;
 * }</pre>
 *
 * <p>Like every combiner it must be associative and commutative, thread-safe and {@link
 * java.io.Serializable}.
 */
@FunctionalInterface
public interface LongCombiner extends Combiner<Long> {

  /** Returns the combination of {@code left} and {@code right}. */
  long combineLong(long left, long right);

  /** {@link #combineLong} on the unboxed values. */
  @Override
  default Long combine(Long left, Long right) {
    return combineLong(left, right);
  }
}
