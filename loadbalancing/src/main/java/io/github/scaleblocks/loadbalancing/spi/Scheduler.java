package io.github.scaleblocks.loadbalancing.spi;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once after a delay: how active health checks time their rounds and probe timeouts.
 * Production code adapts a {@link ScheduledExecutorService}; tests and simulations run tasks on
 * virtual time. Tasks must run on some other thread than the caller's or later on the same one,
 * never inside {@code schedule}.
 */
@FunctionalInterface
public interface Scheduler {

  /** Runs {@code task} once, {@code delayNanos} (0 or more) from now. */
  void schedule(Runnable task, long delayNanos);

  /**
   * A scheduler on {@code executor}. The task's future is dropped: the built-in tasks (health-check
   * rounds, probe timeouts) catch a probe's failure themselves, and a task the executor rejects
   * throws to the caller of {@code schedule}.
   */
  @SuppressWarnings("FutureReturnValueIgnored") // see above
  static Scheduler of(ScheduledExecutorService executor) {
    return (task, delayNanos) -> executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }
}
