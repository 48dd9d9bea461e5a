package io.github.scaleblocks.queueing.spi;

import io.github.scaleblocks.core.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * A job to store, as the queue hands it to {@link QueueBackend#enqueue}: options resolved (a run-at
 * time turned into a delay on the queue's clock, the queue's default maximum attempts filled in).
 *
 * @param payload the payload; not null
 * @param delayNanos not before this many nanoseconds from now; zero or more
 * @param priority higher runs first among due jobs
 * @param idempotencyKey null, or the key under which a second enqueue within {@code
 *     idempotencyWindowNanos} is a duplicate
 * @param idempotencyWindowNanos how long the key is remembered; positive
 * @param maxAttempts deliveries before dead-lettering; positive
 * @param <T> the payload type
 */
public record NewJob<T>(
    T payload,
    long delayNanos,
    int priority,
    @Nullable String idempotencyKey,
    long idempotencyWindowNanos,
    int maxAttempts) {

  /** Checks the values. */
  public NewJob {
    Checks.notNull(payload, "payload");
    Checks.notNegative(delayNanos, "delayNanos");
    Checks.positive(idempotencyWindowNanos, "idempotencyWindowNanos");
    Checks.positive(maxAttempts, "maxAttempts");
  }
}
