package io.github.scaleblocks.caching;

/**
 * A load could not produce a value: the loader threw a checked exception (the cause), did not
 * finish within the loader timeout, or the waiting thread was interrupted. A loader's unchecked
 * exceptions reach callers unchanged instead.
 */
public final class CacheLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message} and caused by {@code cause}. */
  public CacheLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
