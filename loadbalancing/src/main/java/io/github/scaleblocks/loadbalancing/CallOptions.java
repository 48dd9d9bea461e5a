package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.internal.Checks;
import java.time.Duration;
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
  private final long hedgeDelayNanos;
  private final double hedgePercentile;

  private CallOptions(
      boolean idempotent,
      int maxAttempts,
      @Nullable CharSequence key,
      Predicate<? super Throwable> retryOn,
      long hedgeDelayNanos,
      double hedgePercentile) {
    this.idempotent = idempotent;
    this.maxAttempts = maxAttempts;
    this.key = key;
    this.retryOn = retryOn;
    this.hedgeDelayNanos = hedgeDelayNanos;
    this.hedgePercentile = hedgePercentile;
  }

  /** An idempotent call: up to 3 attempts, each on another node where possible. */
  public static CallOptions idempotent() {
    return new CallOptions(true, 3, null, ANY, -1, Double.NaN);
  }

  /** A call that must not be repeated: one attempt. */
  public static CallOptions nonIdempotent() {
    return new CallOptions(false, 1, null, ANY, -1, Double.NaN);
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
    return new CallOptions(idempotent, attempts, key, retryOn, hedgeDelayNanos, hedgePercentile);
  }

  /** These options with a routing key for sticky strategies. */
  public CallOptions withKey(CharSequence newKey) {
    return new CallOptions(
        idempotent,
        maxAttempts,
        Checks.notNull(newKey, "key"),
        retryOn,
        hedgeDelayNanos,
        hedgePercentile);
  }

  /**
   * These options retrying only failures that {@code predicate} accepts (default: every exception).
   * Every failure still counts as a failure of its node.
   */
  public CallOptions withRetryOn(Predicate<? super Throwable> predicate) {
    return new CallOptions(
        idempotent,
        maxAttempts,
        key,
        Checks.notNull(predicate, "retryOn"),
        hedgeDelayNanos,
        hedgePercentile);
  }

  /**
   * These options with hedging: when an attempt has not finished after {@code delay}, another
   * attempt starts on another node, without cancelling the first; the first success wins, up to
   * {@link #maxAttempts()} attempts in all (each beyond the first taken from the retry budget). A
   * failed attempt starts the next one at once. Needs an idempotent call and a balancer built with
   * {@link LoadBalancerBuilder#hedging}.
   */
  public CallOptions withHedgeAfter(Duration delay) {
    Checks.notNull(delay, "hedge delay");
    Checks.argument(!delay.isNegative(), "hedge delay must not be negative but was " + delay);
    checkHedgeable();
    return new CallOptions(idempotent, maxAttempts, key, retryOn, delay.toNanos(), Double.NaN);
  }

  /**
   * {@link #withHedgeAfter} with the delay taken, per call, from the balancer's latency histogram
   * at {@code percentile} (above 0, below 100; e.g. 95), but never below {@code minimumDelay} (the
   * delay while there are no latencies yet).
   */
  public CallOptions withHedgeAfterPercentile(double percentile, Duration minimumDelay) {
    Checks.argument(
        percentile > 0 && percentile < 100,
        "hedge percentile must be above 0 and below 100 but was " + percentile);
    Checks.notNull(minimumDelay, "minimumDelay");
    Checks.argument(
        !minimumDelay.isNegative(), "minimumDelay must not be negative but was " + minimumDelay);
    checkHedgeable();
    return new CallOptions(
        idempotent, maxAttempts, key, retryOn, minimumDelay.toNanos(), percentile);
  }

  private void checkHedgeable() {
    if (!idempotent) {
      throw new IllegalArgumentException(
          "hedging runs a call more than once and needs an idempotent call: use"
              + " CallOptions.idempotent()");
    }
  }

  /** Whether attempts are hedged. */
  public boolean isHedged() {
    return hedgeDelayNanos >= 0;
  }

  /** The fixed hedge delay, or the minimum one for a percentile delay; -1 when not hedged. */
  long hedgeDelayNanos() {
    return hedgeDelayNanos;
  }

  /** The latency percentile the hedge delay follows, or NaN for a fixed delay. */
  double hedgePercentile() {
    return hedgePercentile;
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
        + (hedgeDelayNanos < 0
            ? ""
            : Double.isNaN(hedgePercentile)
                ? ", hedge after " + Duration.ofNanos(hedgeDelayNanos)
                : ", hedge after p"
                    + hedgePercentile
                    + " (at least "
                    + Duration.ofNanos(hedgeDelayNanos)
                    + ")")
        + "]";
  }
}
