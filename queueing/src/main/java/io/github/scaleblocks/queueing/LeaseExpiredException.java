package io.github.scaleblocks.queueing;

/**
 * The failure recorded for a durable job that was delivered more than its maximum attempts times
 * without ever completing or failing cleanly: each time its lease expired, typically because the
 * worker process died while running it. Such a job is dead-lettered instead of being delivered
 * again, so a job that crashes its worker cannot crash every worker forever.
 */
public final class LeaseExpiredException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}, which names the job and its deliveries. */
  public LeaseExpiredException(String message) {
    super(message);
  }
}
