package io.github.scaleblocks.queueing.jdbc;

import org.jspecify.annotations.Nullable;

/**
 * The database failed an operation of the JDBC queue backend; the message names the backend (table
 * and JDBC URL) and the operation, the cause is the driver's exception.
 */
public final class QueueStorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  QueueStorageException(String backend, String operation, @Nullable Throwable cause) {
    super(backend + ": " + operation + " failed" + (cause == null ? "" : ": " + cause), cause);
  }
}
