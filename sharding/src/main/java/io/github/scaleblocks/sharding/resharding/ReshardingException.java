package io.github.scaleblocks.sharding.resharding;

import org.jspecify.annotations.Nullable;

/**
 * A user callback failed during planning or migration (a key scan, a read, a write, a delete), or a
 * migration could not verify a copy. The message names the key and the nodes involved; the cause is
 * the callback's exception, if any.
 */
public final class ReshardingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message} and {@code cause} (null for none). */
  public ReshardingException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** An exception with {@code message} and no cause. */
  public ReshardingException(String message) {
    super(message);
  }
}
