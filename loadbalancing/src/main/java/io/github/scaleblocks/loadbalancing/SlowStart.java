package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.internal.Checks;
import java.time.Duration;

/**
 * Slow start for nodes that join a running balancer (Envoy's formula): during the window a node's
 * effective weight is {@code weight * max(minWeightPercent / 100, timeFactor ^ (1 / aggression))}
 * with {@code timeFactor = max(timeSinceJoin, 1 s) / window}, so a cold node (empty caches, JIT not
 * warm) is not flooded the moment it appears. Nodes given to {@code build} start at full weight.
 * Strategies that use weights honour it (smooth weighted round robin, weighted random, least
 * outstanding, least request, peak EWMA); strategies that ignore weights (round robin, random,
 * first available) and sticky routing (its router uses the configured weights) do not slow a new
 * node. Immutable.
 *
 * <p>The effective weights are recomputed every 1/20 of the window while any node is in slow start,
 * on the next report after that point.
 */
public final class SlowStart {
  private final Duration window;
  private final double aggression;
  private final double minWeightPercent;

  private SlowStart(Duration window, double aggression, double minWeightPercent) {
    this.window = window;
    this.aggression = aggression;
    this.minWeightPercent = minWeightPercent;
  }

  /** Slow start over {@code window}, aggression 1.0 (linear) and a 10 % minimum weight. */
  public static SlowStart of(Duration window) {
    Checks.notNull(window, "slow start window");
    Checks.argument(
        !window.isNegative() && !window.isZero(),
        "slow start window must be positive but was " + window);
    return new SlowStart(window, 1.0, 10.0);
  }

  /** This setting with another aggression (positive; above 1 ramps faster early on). */
  public SlowStart withAggression(double newAggression) {
    return new SlowStart(
        window, Checks.positiveFinite(newAggression, "aggression"), minWeightPercent);
  }

  /** This setting with another minimum weight, in percent (above 0, at most 100). */
  public SlowStart withMinWeightPercent(double percent) {
    Checks.argument(
        percent > 0 && percent <= 100,
        "minWeightPercent must be above 0 and at most 100 but was " + percent);
    return new SlowStart(window, aggression, percent);
  }

  /** The window. */
  public Duration window() {
    return window;
  }

  /** The aggression. */
  public double aggression() {
    return aggression;
  }

  /** The minimum weight, in percent. */
  public double minWeightPercent() {
    return minWeightPercent;
  }

  /** The factor in (0, 1] a node's weight is multiplied by {@code elapsedNanos} after it joined. */
  double factor(long elapsedNanos) {
    long windowNanos = window.toNanos();
    if (elapsedNanos >= windowNanos) {
      return 1.0;
    }
    double timeFactor = Math.max(elapsedNanos, 1_000_000_000L) / (double) windowNanos;
    double ramp = aggression == 1.0 ? timeFactor : Math.pow(timeFactor, 1.0 / aggression);
    return Math.min(1.0, Math.max(minWeightPercent / 100.0, ramp));
  }

  @Override
  public String toString() {
    return "SlowStart[window="
        + window
        + ", aggression="
        + aggression
        + ", minWeightPercent="
        + minWeightPercent
        + "]";
  }
}
