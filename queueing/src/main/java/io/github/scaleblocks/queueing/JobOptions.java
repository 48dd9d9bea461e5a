package io.github.scaleblocks.queueing;

import io.github.scaleblocks.core.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one job is enqueued: when it may run (a delay, or a run-at time), its priority, an
 * idempotency key and its maximum attempts. Immutable; each {@code with...} returns a copy and
 * rejects bad values naming them. {@link #defaults()}: run now, priority 0, no key, the queue's
 * maximum attempts.
 *
 * <pre>{@code
 * queue.enqueue(order, JobOptions.defaults().withDelay(Duration.ofMinutes(5)).withIdempotencyKey(order.id()));
 * }</pre>
 */
public final class JobOptions {
  private static final JobOptions DEFAULTS = new JobOptions(Duration.ZERO, null, 0, null, 0);

  private final Duration delay;
  private final @Nullable Instant runAt;
  private final int priority;
  private final @Nullable String idempotencyKey;
  private final int maxAttempts;

  private JobOptions(
      Duration delay,
      @Nullable Instant runAt,
      int priority,
      @Nullable String idempotencyKey,
      int maxAttempts) {
    this.delay = delay;
    this.runAt = runAt;
    this.priority = priority;
    this.idempotencyKey = idempotencyKey;
    this.maxAttempts = maxAttempts;
  }

  /** Run as soon as a worker is free, priority 0, no idempotency key, the queue's max attempts. */
  public static JobOptions defaults() {
    return DEFAULTS;
  }

  /** Not before {@code delay} from enqueue (replaces a run-at time); must not be negative. */
  public JobOptions withDelay(Duration delay) {
    Checks.notNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative but was " + delay);
    }
    return new JobOptions(delay, null, priority, idempotencyKey, maxAttempts);
  }

  /**
   * Not before {@code runAt} on the queue's clock (replaces a delay). A time in the past means now.
   */
  public JobOptions withRunAt(Instant runAt) {
    Checks.notNull(runAt, "runAt");
    return new JobOptions(Duration.ZERO, runAt, priority, idempotencyKey, maxAttempts);
  }

  /** Higher priorities run first among due jobs; any int, default 0. */
  public JobOptions withPriority(int priority) {
    return new JobOptions(delay, runAt, priority, idempotencyKey, maxAttempts);
  }

  /**
   * A key that makes the enqueue idempotent: another enqueue with the same key within the queue's
   * idempotency window is dropped and reported as {@link EnqueueResult.Outcome#DUPLICATE}. 1 to 255
   * characters.
   */
  public JobOptions withIdempotencyKey(String key) {
    Checks.notNull(key, "idempotencyKey");
    if (key.isEmpty() || key.length() > 255) {
      throw new IllegalArgumentException(
          "idempotencyKey must have 1 to 255 characters but had " + key.length());
    }
    return new JobOptions(delay, runAt, priority, key, maxAttempts);
  }

  /** Deliveries before the job is dead-lettered, overriding the queue's default; positive. */
  public JobOptions withMaxAttempts(int maxAttempts) {
    Checks.positive(maxAttempts, "maxAttempts");
    return new JobOptions(delay, runAt, priority, idempotencyKey, maxAttempts);
  }

  /** The delay; zero when none was set or a run-at time was. */
  public Duration delay() {
    return delay;
  }

  /** The run-at time, or null. */
  public @Nullable Instant runAt() {
    return runAt;
  }

  /** The priority. */
  public int priority() {
    return priority;
  }

  /** The idempotency key, or null. */
  public @Nullable String idempotencyKey() {
    return idempotencyKey;
  }

  /** The maximum attempts, or 0 for the queue's default. */
  public int maxAttempts() {
    return maxAttempts;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof JobOptions other
        && delay.equals(other.delay)
        && Objects.equals(runAt, other.runAt)
        && priority == other.priority
        && Objects.equals(idempotencyKey, other.idempotencyKey)
        && maxAttempts == other.maxAttempts;
  }

  @Override
  public int hashCode() {
    return Objects.hash(delay, runAt, priority, idempotencyKey, maxAttempts);
  }

  @Override
  public String toString() {
    return "JobOptions[delay="
        + delay
        + ", runAt="
        + runAt
        + ", priority="
        + priority
        + ", idempotencyKey="
        + idempotencyKey
        + ", maxAttempts="
        + (maxAttempts == 0 ? "queue default" : maxAttempts)
        + "]";
  }
}
