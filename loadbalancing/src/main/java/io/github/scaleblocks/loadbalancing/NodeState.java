package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.Node;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything a balancer knows about one member node; also the {@link Pick} handed out for it, so
 * picking allocates nothing. Created when the node joins and dropped (but still reportable) when it
 * leaves.
 *
 * <p>The hot path touches as little as it can: a pick increments the calls in flight (or, when the
 * policy does not read them, the picks); a report records its latency (one atomic increment in
 * {@link #latency}'s array, which also counts the call) and, when in flight is kept exactly, ends
 * the call in flight. Everything else is derived when read: successes are latency-recorded calls
 * minus failures, an interval's calls are the difference of cumulative counts, and the balancer's
 * totals are sums over its nodes. The fields marked "lock" are written only under the balancer's
 * membership lock.
 *
 * <p>What a call touches lives in the superclass {@link NodeCounters}, so HotSpot lays it out first
 * and together; the fields here are read when metrics are or under the lock.
 */
final class NodeState<T> extends NodeCounters<T> implements Pick<T> {
  /**
   * Every successful or failed call's latency; its count is the node's completed calls. Reports
   * record into its array through {@link NodeCounters#recordLatency}.
   */
  final LatencyRecorder latency;

  final LongAdder failures = new LongAdder();
  final LongAdder cancelled = new LongAdder();
  final LongAdder unmatchedReports = new LongAdder();
  final LongAdder retries = new LongAdder();

  /** Cumulative calls and successes when the current statistics interval began (lock). */
  long intervalStartCalls;

  long intervalStartSuccesses;

  /** The last completed interval (written under the lock). */
  volatile long lastWindowCalls;

  volatile long lastWindowSuccesses;
  volatile double lastWindowThroughput;

  /** Outlier state (lock). */
  volatile boolean ejected;

  long ejectedUntil;
  int ejectionMultiplier;
  final AtomicLong ejections = new AtomicLong();

  /** Active health-check state (lock). */
  volatile boolean healthy = true;

  /** Slow start began at this tick; meaningful only while {@link #inSlowStart} (lock). */
  long slowStartSince;

  boolean inSlowStart;

  NodeState(Object owner, Node<T> node, boolean exactInFlight) {
    this(owner, node, exactInFlight, new LatencyRecorder());
  }

  private NodeState(Object owner, Node<T> node, boolean exactInFlight, LatencyRecorder latency) {
    super(owner, node, exactInFlight, latency.counts);
    this.latency = latency;
  }

  @Override
  public Node<T> node() {
    return node;
  }

  void setNode(Node<T> newNode) {
    node = newNode;
  }

  /** Calls picked and not yet reported. */
  int inFlightNow() {
    if (exactInFlight) {
      return exactInFlight();
    }
    // Reports first: every call they count was picked before, so this never goes below the truth.
    long reported = reported();
    return (int) Math.max(0, picks() - reported);
  }

  /**
   * Counting mode: reports beyond picks are double reports, so counts them as unmatched and takes
   * them out of the in-flight arithmetic. Reports are read before picks, and every honest report
   * follows its pick, so an excess is never a race. A double report made while other calls are in
   * flight on the node and not seen by a settle before the next pick shows as one call fewer in
   * flight instead (exact mode, used whenever the policy reads calls in flight, has no such gap).
   * Caller holds the balancer's lock.
   */
  void settle() {
    if (!exactInFlight) {
      long excess = reported() - picks();
      if (excess > 0) {
        addPicks(excess);
        unmatchedReports.add(excess);
      }
    }
  }

  private long reported() {
    return calls() + cancelled.sum();
  }

  /** Successful plus failed calls so far (a scan of the latency counters). */
  long calls() {
    return latency.totalCount();
  }

  @Override
  public String toString() {
    return "Pick[" + node.id() + "]";
  }
}
