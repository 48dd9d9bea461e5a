package io.github.scaleblocks.loadbalancing;

/**
 * Thrown by {@link LoadBalancer#execute} when the last attempt failed: the cause is that attempt's
 * exception, earlier attempts' exceptions are {@linkplain #getSuppressed() suppressed}, and the
 * message says how many attempts ran and why no further one did (attempts used up, retry budget
 * spent, call not idempotent, failure not retryable, no node left).
 */
public final class CallFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int attempts;

  CallFailedException(String message, Throwable cause, int attempts) {
    super(message, cause);
    this.attempts = attempts;
  }

  /** The attempts that ran. */
  public int attempts() {
    return attempts;
  }
}
