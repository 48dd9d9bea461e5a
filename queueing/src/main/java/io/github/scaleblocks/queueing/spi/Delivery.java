package io.github.scaleblocks.queueing.spi;

import io.github.scaleblocks.queueing.Job;

/**
 * A job claimed from a {@link QueueBackend}: what the backend hands the queue, and what the queue
 * hands back to complete, retry, dead-letter, release or extend it. A backend may keep its own
 * bookkeeping (a lease token) in its implementation of this interface.
 *
 * @param <T> the payload type
 */
public interface Delivery<T> extends Job<T> {

  /** Deliveries allowed before the job is dead-lettered. */
  int maxAttempts();

  /**
   * Nanoseconds from when the job became due until it was claimed, for the queue-wait metric; 0 if
   * the backend does not measure it.
   */
  long queueWaitNanos();
}
