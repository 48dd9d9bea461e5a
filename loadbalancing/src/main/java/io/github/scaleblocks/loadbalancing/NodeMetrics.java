package io.github.scaleblocks.loadbalancing;

/**
 * One node's statistics at the time of {@link LoadBalancer#metrics()}. Totals count since the node
 * joined; {@code window*} values cover the last completed statistics interval.
 *
 * @param id the node id
 * @param weight the configured weight
 * @param effectiveWeight the weight strategies see now: lower during slow start, 0 while the node
 *     is out of rotation
 * @param healthy false while active health checks mark the node unhealthy
 * @param ejected true while outlier detection keeps the node out of rotation
 * @param inFlight calls picked and not yet reported
 * @param successes calls reported {@link Outcome#SUCCESS}
 * @param failures calls reported {@link Outcome#FAILURE}
 * @param cancelled calls reported {@link Outcome#CANCELLED}
 * @param unmatchedReports reports that found no call in flight on the node (double reports); with a
 *     policy that reads no load ({@code LoadInput.NONE}) they are found when metrics are read or an
 *     interval ends
 * @param ejections times the node was ejected
 * @param retries retry attempts (of the execute wrapper) sent to this node
 * @param successRate successes / (successes + failures) since the node joined, NaN before any
 * @param windowCalls successes and failures in the last interval
 * @param windowAvailability the success rate in the last interval, NaN when it had no calls
 * @param windowThroughput completed calls per second in the last interval
 * @param peakEwmaNanos the peak-EWMA latency estimate, decayed to now; kept only for a policy that
 *     reads latency costs (peak EWMA), 0 otherwise
 * @param latency latency percentiles since the node joined
 */
public record NodeMetrics(
    String id,
    int weight,
    double effectiveWeight,
    boolean healthy,
    boolean ejected,
    int inFlight,
    long successes,
    long failures,
    long cancelled,
    long unmatchedReports,
    long ejections,
    long retries,
    double successRate,
    long windowCalls,
    double windowAvailability,
    double windowThroughput,
    double peakEwmaNanos,
    LatencySummary latency) {}
