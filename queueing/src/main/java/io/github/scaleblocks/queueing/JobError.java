package io.github.scaleblocks.queueing;

import io.github.scaleblocks.core.internal.Checks;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * A failure as the queue keeps it (with the dead letter, or on a job waiting for its retry): the
 * throwable's class name, message and full stack trace as text, so it survives a restart and can be
 * stored in a database.
 *
 * @param className the throwable's class name, e.g. {@code java.io.IOException}
 * @param message its message, or the empty string if it had none
 * @param stackTrace its {@link Throwable#printStackTrace() printed stack trace}, causes included
 */
public record JobError(String className, String message, String stackTrace) {

  /** Checks every part is present. */
  public JobError {
    Checks.notNull(className, "className");
    Checks.notNull(message, "message");
    Checks.notNull(stackTrace, "stackTrace");
  }

  /** The recorded form of {@code error}. */
  public static JobError of(Throwable error) {
    Checks.notNull(error, "error");
    StringWriter trace = new StringWriter();
    try (PrintWriter writer = new PrintWriter(trace)) {
      error.printStackTrace(writer);
    }
    String message = error.getMessage();
    return new JobError(
        error.getClass().getName(), message == null ? "" : message, trace.toString());
  }

  /** {@code className: message}, without the stack trace. */
  @Override
  public String toString() {
    return message.isEmpty() ? className : className + ": " + message;
  }
}
