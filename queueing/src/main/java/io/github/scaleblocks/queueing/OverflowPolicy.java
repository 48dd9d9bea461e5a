package io.github.scaleblocks.queueing;

/** What a bounded in-memory queue does with a new job when it holds its capacity already. */
public enum OverflowPolicy {
  /**
   * The enqueuing thread waits for room up to the block timeout, then gets a {@link
   * QueueFullException}.
   */
  BLOCK,
  /** The enqueue fails at once with a {@link QueueFullException}. */
  REJECT,
  /**
   * The oldest waiting job of the lowest priority is dropped (a {@link QueueEvent.JobDropped} says
   * which) and the new job is queued. Use only where losing work is acceptable (samples,
   * refreshes).
   */
  DROP_OLDEST,
  /**
   * The job runs on the enqueuing thread instead, which slows producers down to the pace of the
   * workers; the result says {@link EnqueueResult.Outcome#RAN_IN_CALLER}. A failure of the job
   * there propagates to the caller (checked exceptions wrapped in {@link
   * java.util.concurrent.CompletionException}) instead of being retried.
   */
  CALLER_RUNS
}
