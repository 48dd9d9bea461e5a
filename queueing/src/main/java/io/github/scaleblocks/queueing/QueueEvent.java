package io.github.scaleblocks.queueing;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link WorkQueue} publishes to the {@link io.github.scaleblocks.core.event.EventListener}s
 * registered on its builder: everything a metrics binder needs for depth, in-flight jobs,
 * throughput, queue wait and run time, retries and dead letters. Events are built only when a
 * listener is registered, and are delivered on the thread that caused them (a worker, an enqueuing
 * thread, or the queue's maintenance thread for {@link Sampled} and {@link LeasesExtended}).
 */
public sealed interface QueueEvent {

  /** The queue's name, as given to its builder. */
  String queue();

  /** A job was stored. */
  record Enqueued(String queue, long jobId, int priority, Duration delay) implements QueueEvent {}

  /** An enqueue was dropped because its idempotency key was seen within the window. */
  record DuplicateDropped(String queue, String idempotencyKey, long existingJobId)
      implements QueueEvent {}

  /** A full queue refused a job ({@link OverflowPolicy#REJECT}, or BLOCK timing out). */
  record Rejected(String queue, OverflowPolicy policy, int capacity) implements QueueEvent {}

  /** A waiting job was dropped to make room ({@link OverflowPolicy#DROP_OLDEST}). */
  record JobDropped(String queue, long jobId) implements QueueEvent {}

  /** A delivery started; {@code queueWait} is the time from when the job was due until now. */
  record Started(String queue, long jobId, int attempt, Duration queueWait) implements QueueEvent {}

  /** A delivery completed the job. */
  record Succeeded(String queue, long jobId, int attempt, Duration runTime) implements QueueEvent {}

  /**
   * A delivery failed. {@code retryIn} is the backoff before the next attempt, or null if the job
   * goes to the dead-letter queue instead (a {@link DeadLettered} follows). {@code error} is the
   * throwable itself, so a listener can tell an {@link Error} from an exception.
   */
  record Failed(
      String queue,
      long jobId,
      int attempt,
      Throwable error,
      Duration runTime,
      @Nullable Duration retryIn)
      implements QueueEvent {}

  /** A job was moved to the dead-letter queue after {@code attempts} deliveries. */
  record DeadLettered(String queue, long jobId, int attempts, JobError lastError)
      implements QueueEvent {}

  /** A job was taken from the dead-letter queue and queued again. */
  record Requeued(String queue, long jobId) implements QueueEvent {}

  /** The leases of {@code count} claimed jobs were extended by a heartbeat. */
  record LeasesExtended(String queue, int count) implements QueueEvent {}

  /** A periodic sample: jobs waiting in the backend and jobs held by this queue's workers. */
  record Sampled(String queue, long depth, int inFlight) implements QueueEvent {}
}
