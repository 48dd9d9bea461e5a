package io.github.scaleblocks.queueing;

import io.github.scaleblocks.core.internal.Checks;
import java.time.Instant;

/**
 * A job in the dead-letter queue: it failed fatally or used up its attempts. It stays there, with
 * its payload, until {@link WorkQueue#requeueDead requeued}.
 *
 * @param id the job's id
 * @param payload the payload as enqueued
 * @param priority its priority
 * @param attempts how many times it was delivered
 * @param lastError the failure of the last attempt
 * @param deadAt when it was dead-lettered (the backend's clock)
 * @param <T> the payload type
 */
public record DeadJob<T>(
    long id, T payload, int priority, int attempts, JobError lastError, Instant deadAt) {

  /** Checks the parts are present. */
  public DeadJob {
    Checks.notNull(payload, "payload");
    Checks.notNull(lastError, "lastError");
    Checks.notNull(deadAt, "deadAt");
  }
}
