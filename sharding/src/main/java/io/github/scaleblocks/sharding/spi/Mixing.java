package io.github.scaleblocks.sharding.spi;

/** Hash derivation shared by the placements; frozen, since placements depend on it. */
public final class Mixing {
  private Mixing() {}

  /**
   * The next hash in a derived sequence: SplitMix64's step and finaliser, a bijection of 64-bit
   * values, so a sequence does not cycle before 2^64 steps.
   */
  public static long next(long hash) {
    long z = hash + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
