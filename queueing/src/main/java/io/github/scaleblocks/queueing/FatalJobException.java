package io.github.scaleblocks.queueing;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a handler to say that retrying cannot help (bad input, a permanent refusal): the job
 * goes to the dead-letter queue at once, whatever attempts it has left. The default retry
 * classifier treats this exception (and any {@link Error}) as fatal and everything else as
 * retryable.
 */
public class FatalJobException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A fatal failure described by {@code message}. */
  public FatalJobException(String message) {
    super(message);
  }

  /** A fatal failure described by {@code message}, caused by {@code cause}. */
  public FatalJobException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
