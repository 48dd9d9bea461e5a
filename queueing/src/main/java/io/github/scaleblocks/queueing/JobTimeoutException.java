package io.github.scaleblocks.queueing;

/**
 * The failure recorded for an attempt that ran longer than the queue's execution timeout: the
 * worker thread was interrupted and the handler threw. Retryable under the default classifier.
 */
public final class JobTimeoutException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}, which names the job and the timeout. */
  public JobTimeoutException(String message) {
    super(message);
  }
}
