package io.github.scaleblocks.queueing;

import java.time.Duration;
import java.util.List;

/**
 * An asynchronous work queue: producers enqueue jobs, the queue's workers run them through the one
 * registered handler, retrying failures with backoff and moving jobs that cannot succeed to a
 * dead-letter queue. Built by {@link WorkQueues}; the same API runs over the in-memory backend and
 * over any {@link io.github.scaleblocks.queueing.spi.QueueBackend} (the durable JDBC one, or a
 * user's own).
 *
 * <p>Delivery is at-least-once: a job completes once its handler returns, and may run more than
 * once before that (after a failure, a timeout, or a crash). With an idempotency key at enqueue and
 * an idempotent handler, the effect is exactly once. See the package documentation for the full
 * semantics.
 *
 * <p>Thread-safe. Close it (or {@link #shutdown}) to stop its threads.
 *
 * @param <T> the payload type
 */
public interface WorkQueue<T> extends AutoCloseable {

  /** Enqueues {@code payload} to run now with default options. */
  EnqueueResult enqueue(T payload);

  /**
   * Enqueues {@code payload} with {@code options}.
   *
   * @throws NullPointerException if payload or options is null
   * @throws QueueFullException if a bounded in-memory queue is full and its policy refuses
   * @throws IllegalArgumentException if a durable backend's codec cannot encode the payload
   * @throws IllegalStateException after shutdown
   */
  EnqueueResult enqueue(T payload, JobOptions options);

  /**
   * Enqueues several jobs in one call (one transaction on durable backends, so either all are
   * stored or none is). Results are in the order of {@code jobs}. On the bounded in-memory queue
   * the jobs are offered one by one: if the queue fills up and its policy refuses, the jobs before
   * the refused one stay enqueued.
   */
  List<EnqueueResult> enqueueAll(List<JobRequest<T>> jobs);

  /**
   * Starts {@code concurrency} workers that run each job through {@code handler}. One handler per
   * queue: a second registration is rejected.
   */
  void handle(JobHandler<T> handler, int concurrency);

  /**
   * Starts {@code concurrency} workers that each hand {@code handler} up to {@code maxBatchSize}
   * jobs at a time, or what arrived within {@code maxWait} after the first job of the batch. One
   * handler per queue.
   */
  void handleBatches(BatchHandler<T> handler, int concurrency, int maxBatchSize, Duration maxWait);

  /**
   * Up to {@code limit} jobs from the dead-letter queue, oldest first, with their payload, attempts
   * and last error.
   */
  List<DeadJob<T>> deadLetters(int limit);

  /**
   * Moves the dead job {@code jobId} back into the queue to run now with a fresh set of attempts.
   * Returns false if no dead job has that id.
   */
  boolean requeueDead(long jobId);

  /** Jobs stored and not yet completed or dead, excluding those held by workers right now. */
  long depth();

  /** Jobs held by this queue's workers right now (running, or claimed and about to run). */
  int inFlight();

  /**
   * Stops taking jobs and waits up to {@code deadline} for the jobs in flight to finish. Claimed
   * jobs that had not started are handed back to the backend at once. Returns true if every worker
   * finished in time; otherwise the workers are interrupted, and durable jobs they still hold are
   * delivered again once their leases expire. Jobs still waiting in the in-memory backend stay
   * there (and are lost when the process exits); enqueueing after shutdown is refused. Idempotent.
   */
  boolean shutdown(Duration deadline) throws InterruptedException;

  /**
   * {@link #shutdown} with the builder's shutdown deadline, then closes the backend. An interrupt
   * while waiting is restored on the thread.
   */
  @Override
  void close();
}
