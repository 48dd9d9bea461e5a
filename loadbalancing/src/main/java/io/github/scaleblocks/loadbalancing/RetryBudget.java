package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.internal.Checks;
import java.time.Duration;

/**
 * Caps the extra load retries add (Finagle's retry budget): over a sliding window, retries may
 * reach {@code ratio} of the calls plus {@code minRetriesPerSecond} per second of the window (so a
 * trickle of traffic can still retry). A failing dependency then gets at most {@code 1 + ratio}
 * times its normal load instead of {@code maxAttempts} times. Immutable.
 */
public final class RetryBudget {
  private final double ratio;
  private final int minRetriesPerSecond;
  private final Duration window;

  private RetryBudget(double ratio, int minRetriesPerSecond, Duration window) {
    this.ratio = ratio;
    this.minRetriesPerSecond = minRetriesPerSecond;
    this.window = window;
  }

  /**
   * Retries up to {@code ratio} (0 to 1) of the calls, plus 10 per second, over a 10 s window.
   * {@code of(0.2)} is Finagle's default.
   */
  public static RetryBudget of(double ratio) {
    Checks.argument(
        ratio >= 0 && ratio <= 1, "retry budget ratio must be between 0 and 1 but was " + ratio);
    return new RetryBudget(ratio, 10, Duration.ofSeconds(10));
  }

  /** This budget with another floor of retries per second (0 or more). */
  public RetryBudget withMinRetriesPerSecond(int perSecond) {
    Checks.notNegative(perSecond, "minRetriesPerSecond");
    return new RetryBudget(ratio, perSecond, window);
  }

  /** This budget over another window (at least 1 s). */
  public RetryBudget withWindow(Duration newWindow) {
    Checks.notNull(newWindow, "window");
    Checks.argument(
        newWindow.compareTo(Duration.ofSeconds(1)) >= 0,
        "retry budget window must be at least 1 s but was " + newWindow);
    return new RetryBudget(ratio, minRetriesPerSecond, newWindow);
  }

  /** The share of calls that may be retried. */
  public double ratio() {
    return ratio;
  }

  /** The floor of retries per second. */
  public int minRetriesPerSecond() {
    return minRetriesPerSecond;
  }

  /** The sliding window. */
  public Duration window() {
    return window;
  }

  @Override
  public String toString() {
    return "RetryBudget[ratio="
        + ratio
        + ", minRetriesPerSecond="
        + minRetriesPerSecond
        + ", window="
        + window
        + "]";
  }
}
