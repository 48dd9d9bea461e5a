package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import java.time.Duration;

/**
 * The wait before each retry: exponential with full jitter (a uniform wait between 0 and {@code
 * min(max, base * 2^(retry - 1))}), so clients that failed together do not retry together.
 * Immutable.
 */
public final class Backoff {
  private static final Backoff NONE = new Backoff(0, 0);

  private final long baseNanos;
  private final long maxNanos;

  private Backoff(long baseNanos, long maxNanos) {
    this.baseNanos = baseNanos;
    this.maxNanos = maxNanos;
  }

  /** Exponential backoff with full jitter from {@code base} up to {@code max} (both positive). */
  public static Backoff exponential(Duration base, Duration max) {
    Checks.notNull(base, "base");
    Checks.notNull(max, "max");
    Checks.argument(!base.isNegative() && !base.isZero(), "base must be positive but was " + base);
    Checks.argument(
        max.compareTo(base) >= 0, "max " + max + " must not be shorter than base " + base);
    return new Backoff(base.toNanos(), max.toNanos());
  }

  /** Retry at once. */
  public static Backoff none() {
    return NONE;
  }

  /** The wait in nanoseconds before retry number {@code retry} (1 for the first retry). */
  long delayNanos(int retry, RandomSource random) {
    if (maxNanos == 0) {
      return 0;
    }
    int shift = Math.min(retry - 1, 62);
    long cap = baseNanos > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, baseNanos << shift);
    return (long) (random.nextDouble() * (cap + 1));
  }

  @Override
  public String toString() {
    return maxNanos == 0
        ? "Backoff.none"
        : "Backoff[exponential from "
            + Duration.ofNanos(baseNanos)
            + " to "
            + Duration.ofNanos(maxNanos)
            + ", full jitter]";
  }
}
