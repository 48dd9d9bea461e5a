package io.github.scaleblocks.loadbalancing.spi;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The randomness a balancer uses (random and power-of-two-choices picks, jitter), injected so a
 * simulation can replay a run from a seed. Implementations are thread-safe and allocation-free.
 */
@FunctionalInterface
public interface RandomSource {

  /** 64 uniformly distributed random bits. */
  long nextLong();

  /** A uniform int in {@code [0, bound)}; {@code bound} must be positive. */
  default int nextInt(int bound) {
    // Multiply-shift of 32 random bits: bias below 2^-32 * bound, no division, no loop.
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /** A uniform double in {@code [0, 1)}. */
  default double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /**
   * {@link ThreadLocalRandom}: the default, uncontended across threads, not reproducible. Use
   * {@link #seeded} when a run must be replayed.
   */
  static RandomSource threadLocal() {
    return () -> ThreadLocalRandom.current().nextLong();
  }

  /**
   * A SplitMix64 sequence from {@code seed}: the same seed gives the same sequence of values. Safe
   * to share between threads (one atomic add per value, so it contends under heavy multi-threaded
   * use); values are reproducible only when the order of calls is (one thread, or a simulator).
   */
  static RandomSource seeded(long seed) {
    AtomicLong state = new AtomicLong(seed);
    return new RandomSource() {
      @Override
      public long nextLong() {
        long z = state.addAndGet(0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
      }

      @Override
      public String toString() {
        return "RandomSource.seeded(" + seed + ")";
      }
    };
  }
}
