package io.github.scaleblocks.queueing;

import io.github.scaleblocks.core.internal.Checks;

/**
 * One job of a batch enqueue: a payload and its options.
 *
 * @param payload the payload; not null
 * @param options how to enqueue it
 * @param <T> the payload type
 */
public record JobRequest<T>(T payload, JobOptions options) {

  /** Checks both parts are present. */
  public JobRequest {
    Checks.notNull(payload, "payload");
    Checks.notNull(options, "options");
  }

  /** {@code payload} with {@link JobOptions#defaults()}. */
  public static <T> JobRequest<T> of(T payload) {
    return new JobRequest<>(payload, JobOptions.defaults());
  }

  /** {@code payload} with {@code options}. */
  public static <T> JobRequest<T> of(T payload, JobOptions options) {
    return new JobRequest<>(payload, options);
  }
}
