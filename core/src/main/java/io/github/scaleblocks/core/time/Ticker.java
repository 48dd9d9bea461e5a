package io.github.scaleblocks.core.time;

/**
 * A source of monotonic nanoseconds, injected into every block that measures durations (latency,
 * timeouts, TTLs, backoff) so tests can run on virtual time with a {@link ManualTicker} instead of
 * sleeping. Only differences between two readings are meaningful, as with {@link
 * System#nanoTime()}. Wall-clock time (expiry dates, run-at times) is injected separately as a
 * {@link java.time.Clock}.
 */
@FunctionalInterface
public interface Ticker {

  /** Nanoseconds since an arbitrary fixed origin. */
  long read();

  /** {@link System#nanoTime()}. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}
