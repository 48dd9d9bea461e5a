package io.github.scaleblocks.queueing;

import io.github.scaleblocks.core.internal.Checks;

/**
 * What became of one enqueued job.
 *
 * @param jobId the new job's id; for {@link Outcome#DUPLICATE}, the id of the job enqueued earlier
 *     under the same idempotency key when the backend knows it, else -1; for {@link
 *     Outcome#RAN_IN_CALLER}, -1
 * @param outcome whether the job was queued, dropped as a duplicate, or run in the caller
 */
public record EnqueueResult(long jobId, Outcome outcome) {

  /** What became of an enqueued job. */
  public enum Outcome {
    /** Stored in the queue; it will be delivered. */
    ENQUEUED,
    /**
     * Dropped: a job with the same idempotency key was enqueued within the idempotency window. The
     * earlier job stands.
     */
    DUPLICATE,
    /**
     * The bounded in-memory queue was full under {@link OverflowPolicy#CALLER_RUNS}: the job ran to
     * completion on the enqueuing thread.
     */
    RAN_IN_CALLER
  }

  /** Checks the outcome is present. */
  public EnqueueResult {
    Checks.notNull(outcome, "outcome");
  }

  /** A job stored under {@code jobId}. */
  public static EnqueueResult enqueued(long jobId) {
    return new EnqueueResult(jobId, Outcome.ENQUEUED);
  }

  /** A duplicate of the job {@code existingJobId} (or -1 if unknown). */
  public static EnqueueResult duplicate(long existingJobId) {
    return new EnqueueResult(existingJobId, Outcome.DUPLICATE);
  }

  /** Whether the job was dropped as a duplicate. */
  public boolean isDuplicate() {
    return outcome == Outcome.DUPLICATE;
  }
}
