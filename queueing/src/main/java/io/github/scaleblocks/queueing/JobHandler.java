package io.github.scaleblocks.queueing;

/**
 * Processes one job. Returning normally completes the job; throwing fails this attempt, and the
 * queue retries or dead-letters it (see {@link WorkQueueBuilder#retryable}). Handlers run
 * concurrently on the queue's worker threads and must be thread-safe; since delivery is
 * at-least-once, they should be idempotent.
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface JobHandler<T> {

  /** Processes {@code job}; any throwable fails this attempt. */
  void handle(Job<T> job) throws Exception;
}
