package io.github.scaleblocks.queueing;

import java.util.concurrent.RejectedExecutionException;

/**
 * A bounded queue refused a job: it was full and its {@link OverflowPolicy} is {@link
 * OverflowPolicy#REJECT}, or {@link OverflowPolicy#BLOCK} and no room appeared within the timeout.
 */
public final class QueueFullException extends RejectedExecutionException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}, which should name the queue's capacity and policy. */
  public QueueFullException(String message) {
    super(message);
  }
}
