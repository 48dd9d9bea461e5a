package io.github.scaleblocks.caching.redis;

/**
 * A Redis call of the second level failed and {@code failOnL2Error(true)} asked callers to see it.
 */
public final class SecondLevelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure of {@code operation}, caused by {@code cause}. */
  public SecondLevelException(String message, Throwable cause) {
    super(message, cause);
  }
}
