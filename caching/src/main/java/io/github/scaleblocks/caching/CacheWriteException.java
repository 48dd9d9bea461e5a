package io.github.scaleblocks.caching;

/**
 * The cache's writer failed: on a write-through put (the cache was not changed) or on a
 * write-behind flush (the entries stay queued).
 */
public final class CacheWriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message} and caused by {@code cause}. */
  public CacheWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
