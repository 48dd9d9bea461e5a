package io.github.scaleblocks.queueing.spi;

import io.github.scaleblocks.queueing.DeadJob;
import io.github.scaleblocks.queueing.EnqueueResult;
import io.github.scaleblocks.queueing.JobError;
import java.util.List;

/**
 * Where a {@link io.github.scaleblocks.queueing.WorkQueue} keeps its jobs. The queue runs workers,
 * retries, timeouts, heartbeats and events; the backend stores jobs and hands out due ones. The
 * built-in in-memory backend and the durable JDBC backend implement this interface, and so can a
 * user's (Redis, a message broker): pass it to {@link
 * io.github.scaleblocks.queueing.WorkQueues#builder}.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>A stored job is never lost: it stays until {@link #complete}d or {@link #deadLetter}ed.
 *   <li>{@link #claim} hands a due job to one claimer at a time: it counts a delivery (the job's
 *       {@link Delivery#attempt()} goes up by one) and, for a backend that {@link #usesLeases()},
 *       leases it for the given time. A job whose lease expires is due again, delivered again with
 *       the next attempt number. Among due jobs, higher priority first, then earlier due time.
 *   <li>{@link #retry}, {@link #deadLetter}, {@link #release} and {@link #extendLeases} act only on
 *       a job still held under the same delivery; if the lease expired and someone else claimed it
 *       meanwhile, they do nothing. {@link #complete} removes the job whoever holds it now (the
 *       work is done).
 *   <li>Every method is thread-safe. A backend reports storage failures as unchecked exceptions
 *       naming itself and the operation.
 * </ul>
 *
 * @param <T> the payload type
 */
public interface QueueBackend<T> extends AutoCloseable {

  /**
   * Stores {@code job}, or reports a duplicate of its idempotency key within the window. A bounded
   * backend that is full may block, throw {@link
   * io.github.scaleblocks.queueing.QueueFullException}, or return {@link
   * EnqueueResult.Outcome#RAN_IN_CALLER} to ask the queue to run the job on the calling thread.
   *
   * @throws IllegalArgumentException if the payload cannot be stored (a codec refused it)
   */
  EnqueueResult enqueue(NewJob<T> job) throws InterruptedException;

  /**
   * Stores {@code jobs} atomically where the backend can (durable backends: one transaction);
   * results in order.
   */
  List<EnqueueResult> enqueueAll(List<NewJob<T>> jobs) throws InterruptedException;

  /**
   * Claims up to {@code max} due jobs into {@code into}, waiting up to {@code waitNanos} for the
   * first one. Returns how many were added (0 if none became due in time). May return early.
   *
   * @param leaseNanos how long the claim holds, for backends that {@link #usesLeases()}
   */
  int claim(List<? super Delivery<T>> into, int max, long leaseNanos, long waitNanos)
      throws InterruptedException;

  /** Removes completed jobs. */
  void complete(List<? extends Delivery<T>> jobs);

  /** Makes the job due again after {@code delayNanos}, remembering {@code error}. */
  void retry(Delivery<T> job, long delayNanos, JobError error);

  /** Moves the job to the dead-letter queue with {@code error}. */
  void deadLetter(Delivery<T> job, JobError error);

  /**
   * Hands claimed jobs back unrun (at shutdown): due again at once, and this delivery does not
   * count as an attempt.
   */
  void release(List<? extends Delivery<T>> jobs);

  /**
   * Extends the leases of held jobs to {@code leaseNanos} from now; returns how many were still
   * held. Backends without leases return {@code jobs.size()}.
   */
  int extendLeases(List<? extends Delivery<T>> jobs, long leaseNanos);

  /** Whether claims are leases that expire (durable backends); false for the in-memory one. */
  boolean usesLeases();

  /** Up to {@code limit} dead jobs, oldest first. */
  List<DeadJob<T>> deadLetters(int limit);

  /**
   * Moves the dead job back to due-now with its attempts reset; false if there is no such dead job.
   */
  boolean requeueDead(long jobId);

  /** Jobs stored and neither dead nor currently claimed (due or delayed). */
  long depth();

  /** Releases the backend's resources (connections it owns). */
  @Override
  void close();
}
