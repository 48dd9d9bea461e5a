package io.github.scaleblocks.sharding.spi;

import io.github.scaleblocks.core.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DirectoryStore} could not complete an operation: its database is unreachable, a query
 * failed, the store is misconfigured. The message names the store (its {@code toString()}) and the
 * operation, and carries the cause's message; {@link #getCause()} holds the original failure.
 *
 * <p>The outcome of a failed write is unknown: the store may or may not have applied it. Every
 * store operation can be retried safely ({@code assignIfAbsent} and {@code move} are conditional).
 */
public final class DirectoryStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String store;
  private final String operation;

  /**
   * A failure of {@code operation} (such as {@code "lookup of key 'user:42'"}) in {@code store}
   * (the store's description, usually its {@code toString()}).
   */
  public DirectoryStoreException(String store, String operation, @Nullable Throwable cause) {
    super(message(store, operation, cause), cause);
    this.store = store;
    this.operation = operation;
  }

  private static String message(String store, String operation, @Nullable Throwable cause) {
    Checks.notNull(store, "store");
    Checks.notNull(operation, "operation");
    String message = "directory store " + store + " failed: " + operation;
    return cause == null ? message : message + ": " + cause;
  }

  /** The description of the store that failed. */
  public String store() {
    return store;
  }

  /** The operation that failed, with the key it was for. */
  public String operation() {
    return operation;
  }
}
