package io.github.scaleblocks.mapreduce;

/**
 * The built-in {@link Combiner}s. The {@code long} ones are {@link LongCombiner}s, which the engine
 * runs on primitive values (see there): prefer {@link #longSum()} to {@code Long::sum} in a job
 * definition, since a method reference is an opaque {@code Combiner<Long>} and gets the boxed path.
 */
public final class Combiners {
  private Combiners() {}

  /** Sums {@code long} values (overflow wraps, as {@code +}); for counts and totals. */
  public static LongCombiner longSum() {
    return LongOp.SUM;
  }

  /** The larger of two {@code long} values. */
  public static LongCombiner longMax() {
    return LongOp.MAX;
  }

  /** The smaller of two {@code long} values. */
  public static LongCombiner longMin() {
    return LongOp.MIN;
  }

  /** Singletons (an enum, so that they stay singletons when Spark deserializes a job). */
  private enum LongOp implements LongCombiner {
    SUM {
      @Override
      public long combineLong(long left, long right) {
        return left + right;
      }
    },
    MAX {
      @Override
      public long combineLong(long left, long right) {
        return Math.max(left, right);
      }
    },
    MIN {
      @Override
      public long combineLong(long left, long right) {
        return Math.min(left, right);
      }
    };

    @Override
    public String toString() {
      return "Combiners.long"
          + name().charAt(0)
          + name().substring(1).toLowerCase(java.util.Locale.ROOT)
          + "()";
    }
  }
}
