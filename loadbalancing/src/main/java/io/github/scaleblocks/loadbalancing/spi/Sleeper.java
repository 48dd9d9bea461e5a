package io.github.scaleblocks.loadbalancing.spi;

/**
 * Waits between retry attempts. The default sleeps the calling thread; a simulation or test passes
 * one that advances its virtual clock instead, so backoff costs no real time.
 */
@FunctionalInterface
public interface Sleeper {

  /** Waits {@code nanos} nanoseconds (at least 1). */
  void sleep(long nanos) throws InterruptedException;

  /** {@link Thread#sleep(long, int)}. */
  static Sleeper system() {
    return nanos -> Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
  }
}
