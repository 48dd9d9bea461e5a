package io.github.scaleblocks.loadbalancing;

import java.util.List;

/**
 * A balancer's statistics at the time of {@link LoadBalancer#metrics()}: totals over every call
 * since the balancer was built (including calls on nodes removed since), and per current node.
 *
 * @param inFlight calls picked and not yet reported
 * @param successes calls reported {@link Outcome#SUCCESS}
 * @param failures calls reported {@link Outcome#FAILURE}
 * @param cancelled calls reported {@link Outcome#CANCELLED}
 * @param retries retry attempts made by the execute wrapper and retries granted by {@link
 *     LoadBalancer#tryRetry}
 * @param retriesRejected retries the retry budget refused
 * @param noNodeAvailable picks that failed because no node was available
 * @param ejections ejections by outlier detection
 * @param panic whether the balancer is in panic mode now
 * @param windowCalls successes and failures in the last completed statistics interval
 * @param windowAvailability the success rate in that interval, NaN when it had no calls
 * @param windowThroughput completed calls per second in that interval
 * @param latency latency percentiles over all calls
 * @param nodes each current node, in membership order
 */
public record LoadBalancerMetrics(
    long inFlight,
    long successes,
    long failures,
    long cancelled,
    long retries,
    long retriesRejected,
    long noNodeAvailable,
    long ejections,
    boolean panic,
    long windowCalls,
    double windowAvailability,
    double windowThroughput,
    LatencySummary latency,
    List<NodeMetrics> nodes) {

  /** Copies {@code nodes}. */
  public LoadBalancerMetrics {
    nodes = List.copyOf(nodes);
  }

  /** The metrics of the node with {@code id}, or an exception naming the id. */
  public NodeMetrics node(String id) {
    for (NodeMetrics node : nodes) {
      if (node.id().equals(id)) {
        return node;
      }
    }
    throw new IllegalArgumentException("no node with id '" + id + "' in these metrics");
  }
}
