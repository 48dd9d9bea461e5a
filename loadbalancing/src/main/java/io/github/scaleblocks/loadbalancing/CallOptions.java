package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.internal.Checks;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * How {@link LoadBalancer#execute} runs one call. Immutable: {@code with*} methods return copies.
 *
 * <p>Only calls marked {@linkplain #idempotent() idempotent} are retried: a call that may have
 * reached the node and changed something must not run twice unless the caller says it is safe.
 */
public final class CallOptions {
  private static final Predicate<Throwable> ANY = failure -> true;

  private final boolean idempotent;
  private final int maxAttempts;
  private final @Nullable CharSequence key;
  private final Predicate<? super Throwable> retryOn;

  private CallOptions(
      boolean idempotent,
      int maxAttempts,
      @Nullable CharSequence key,
      Predicate<? super Throwable> retryOn) {
    this.idempotent = idempotent;
    this.maxAttempts = maxAttempts;
    this.key = key;
    this.retryOn = retryOn;
  }

  /** An idempotent call: up to 3 attempts, each on another node where possible. */
  public static CallOptions idempotent() {
    return new CallOptions(true, 3, null, ANY);
  }

  /** A call that must not be repeated: one attempt. */
  public static CallOptions nonIdempotent() {
    return new CallOptions(false, 1, null, ANY);
  }

  /**
   * These options with at most {@code attempts} attempts (at least 1); more than 1 requires an
   * idempotent call.
   */
  public CallOptions withMaxAttempts(int attempts) {
    Checks.positive(attempts, "maxAttempts");
    if (attempts > 1 && !idempotent) {
      throw new IllegalArgumentException(
          "maxAttempts " + attempts + " needs an idempotent call: use CallOptions.idempotent()");
    }
    return new CallOptions(idempotent, attempts, key, retryOn);
  }

  /** These options with a routing key for sticky strategies. */
  public CallOptions withKey(CharSequence newKey) {
    return new CallOptions(idempotent, maxAttempts, Checks.notNull(newKey, "key"), retryOn);
  }

  /**
   * These options retrying only failures that {@code predicate} accepts (default: every exception).
   * Every failure still counts as a failure of its node.
   */
  public CallOptions withRetryOn(Predicate<? super Throwable> predicate) {
    return new CallOptions(idempotent, maxAttempts, key, Checks.notNull(predicate, "retryOn"));
  }

  /** Whether the call may run more than once. */
  public boolean isIdempotent() {
    return idempotent;
  }

  /** The most attempts. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The routing key, or null. */
  public @Nullable CharSequence key() {
    return key;
  }

  boolean retryable(Throwable failure) {
    return retryOn.test(failure);
  }

  @Override
  public String toString() {
    return "CallOptions["
        + (idempotent ? "idempotent" : "not idempotent")
        + ", maxAttempts="
        + maxAttempts
        + (key == null ? "" : ", key=" + key)
        + "]";
  }
}
