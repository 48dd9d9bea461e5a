package io.github.scaleblocks.loadbalancing;

import org.HdrHistogram.Histogram;

/**
 * A snapshot of what a node's calls added to a balancer's totals: latencies (successes and
 * failures), failures and cancellations. Used to keep the statistics of removed nodes in the
 * balancer's totals after the node objects are gone. Not thread-safe; the balancer uses it under
 * its lock.
 */
final class Totals {
  final Histogram latency = LatencyRecorder.newHistogram();
  long failures;
  long cancelled;

  static Totals of(NodeState<?> node) {
    Totals totals = new Totals();
    totals.add(node);
    return totals;
  }

  /** Adds what {@code node} recorded so far. */
  void add(NodeState<?> node) {
    // Latencies first: a failure is counted before its latency is recorded, so this order never
    // sees a failure's latency without the failure (successes are never over-counted).
    node.latency.addTo(latency);
    failures += node.failures.sum();
    cancelled += node.cancelled.sum();
  }

  void add(Totals other) {
    latency.add(other.latency);
    failures += other.failures;
    cancelled += other.cancelled;
  }

  void subtract(Totals other) {
    latency.subtract(other.latency);
    failures -= other.failures;
    cancelled -= other.cancelled;
  }
}
