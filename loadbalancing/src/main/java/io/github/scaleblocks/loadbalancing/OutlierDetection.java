package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.internal.Checks;
import java.time.Duration;

/**
 * Passive outlier ejection settings (Envoy's outlier detection): a node whose reported calls fail
 * too often is taken out of rotation for a while, longer for repeat offenders. Immutable; build
 * with {@link #builder()} or take {@link #defaults()}.
 *
 * <p>Rules, checked on the balancer's statistics interval ({@link
 * LoadBalancerBuilder#statsInterval}) and, for consecutive failures, on every reported failure:
 *
 * <ul>
 *   <li><b>Consecutive failures:</b> a node is ejected when its last {@code consecutiveFailures}
 *       reported outcomes were all {@link Outcome#FAILURE}.
 *   <li><b>Success rate:</b> at the end of each interval, among nodes with at least {@code
 *       successRateMinimumCalls} calls in the interval (and only if there are at least {@code
 *       successRateMinimumNodes} such nodes), a node is ejected when its success rate is below
 *       {@code mean - successRateStdevFactor * stdev} of those nodes' rates.
 * </ul>
 *
 * <p>An ejection lasts {@code baseEjectionTime * n}, capped at {@code maxEjectionTime}, where n
 * counts the node's ejections; n goes down by one for every interval the node spends in rotation.
 * At most {@code maxEjectedPercent} of the nodes are ejected at once, but always at least one may
 * be. Ejections end on the first report or failing pick after they expire (the balancer has no
 * thread of its own). A node back from ejection starts without a latency estimate, so {@link
 * LoadBalancers#peakEwma()} probes it with one call at a time until a call ends, as it does a new
 * node, instead of sending a burst to a node that may still be slow.
 */
public final class OutlierDetection {
  private final int consecutiveFailures;
  private final boolean successRate;
  private final int successRateMinimumNodes;
  private final long successRateMinimumCalls;
  private final double successRateStdevFactor;
  private final Duration baseEjectionTime;
  private final Duration maxEjectionTime;
  private final int maxEjectedPercent;

  private OutlierDetection(Builder builder) {
    this.consecutiveFailures = builder.consecutiveFailures;
    this.successRate = builder.successRate;
    this.successRateMinimumNodes = builder.successRateMinimumNodes;
    this.successRateMinimumCalls = builder.successRateMinimumCalls;
    this.successRateStdevFactor = builder.successRateStdevFactor;
    this.baseEjectionTime = builder.baseEjectionTime;
    this.maxEjectionTime = builder.maxEjectionTime;
    this.maxEjectedPercent = builder.maxEjectedPercent;
  }

  /**
   * Envoy's defaults: 5 consecutive failures; success rate over nodes with 100 calls, at least 5
   * such nodes, factor 1.9; 30 s base and 300 s maximum ejection; at most 10 % ejected.
   */
  public static OutlierDetection defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Consecutive failures that eject a node; 0 when the rule is off. */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** Whether the success-rate rule is on. */
  public boolean successRate() {
    return successRate;
  }

  /** Nodes with enough calls needed before the success-rate rule runs. */
  public int successRateMinimumNodes() {
    return successRateMinimumNodes;
  }

  /** Calls in an interval a node needs to take part in the success-rate rule. */
  public long successRateMinimumCalls() {
    return successRateMinimumCalls;
  }

  /** Standard deviations below the mean that eject. */
  public double successRateStdevFactor() {
    return successRateStdevFactor;
  }

  /** The first ejection's length. */
  public Duration baseEjectionTime() {
    return baseEjectionTime;
  }

  /** The cap on an ejection's length. */
  public Duration maxEjectionTime() {
    return maxEjectionTime;
  }

  /** The most nodes, in percent, ejected at once (at least one is always allowed). */
  public int maxEjectedPercent() {
    return maxEjectedPercent;
  }

  @Override
  public String toString() {
    return "OutlierDetection[consecutiveFailures="
        + consecutiveFailures
        + ", successRate="
        + (successRate
            ? "(minNodes="
                + successRateMinimumNodes
                + ", minCalls="
                + successRateMinimumCalls
                + ", stdevFactor="
                + successRateStdevFactor
                + ")"
            : "off")
        + ", baseEjectionTime="
        + baseEjectionTime
        + ", maxEjectionTime="
        + maxEjectionTime
        + ", maxEjectedPercent="
        + maxEjectedPercent
        + "]";
  }

  /** Builds an {@link OutlierDetection}; reusable, each {@link #build()} copies the settings. */
  public static final class Builder {
    private int consecutiveFailures = 5;
    private boolean successRate = true;
    private int successRateMinimumNodes = 5;
    private long successRateMinimumCalls = 100;
    private double successRateStdevFactor = 1.9;
    private Duration baseEjectionTime = Duration.ofSeconds(30);
    private Duration maxEjectionTime = Duration.ofSeconds(300);
    private int maxEjectedPercent = 10;

    private Builder() {}

    /** Eject after {@code failures} consecutive failures (at least 1). */
    public Builder consecutiveFailures(int failures) {
      consecutiveFailures = Checks.positive(failures, "consecutiveFailures");
      return this;
    }

    /** Turns the consecutive-failures rule off. */
    public Builder noConsecutiveFailures() {
      consecutiveFailures = 0;
      return this;
    }

    /**
     * The success-rate rule: run when at least {@code minimumNodes} nodes had {@code minimumCalls}
     * calls in the interval, eject below {@code mean - stdevFactor * stdev}.
     */
    public Builder successRate(int minimumNodes, long minimumCalls, double stdevFactor) {
      successRateMinimumNodes = Checks.positive(minimumNodes, "successRate minimumNodes");
      successRateMinimumCalls = Checks.positive(minimumCalls, "successRate minimumCalls");
      successRateStdevFactor = Checks.positiveFinite(stdevFactor, "successRate stdevFactor");
      successRate = true;
      return this;
    }

    /** Turns the success-rate rule off. */
    public Builder noSuccessRate() {
      successRate = false;
      return this;
    }

    /** The first ejection's length (positive); later ones are multiples of it. */
    public Builder baseEjectionTime(Duration time) {
      baseEjectionTime = Checks.positive(time, "baseEjectionTime");
      return this;
    }

    /** The longest an ejection lasts (positive). */
    public Builder maxEjectionTime(Duration time) {
      maxEjectionTime = Checks.positive(time, "maxEjectionTime");
      return this;
    }

    /** At most {@code percent} (0 to 100) of the nodes ejected at once; one is always allowed. */
    public Builder maxEjectedPercent(int percent) {
      Checks.argument(
          percent >= 0 && percent <= 100,
          "maxEjectedPercent must be between 0 and 100 but was " + percent);
      maxEjectedPercent = percent;
      return this;
    }

    /** The settings; rejects a maximum ejection time shorter than the base, and both rules off. */
    public OutlierDetection build() {
      Checks.argument(
          maxEjectionTime.compareTo(baseEjectionTime) >= 0,
          "maxEjectionTime "
              + maxEjectionTime
              + " must not be shorter than baseEjectionTime "
              + baseEjectionTime);
      Checks.argument(
          consecutiveFailures > 0 || successRate,
          "both outlier rules are off: leave outlierDetection unset instead");
      return new OutlierDetection(this);
    }
  }
}
