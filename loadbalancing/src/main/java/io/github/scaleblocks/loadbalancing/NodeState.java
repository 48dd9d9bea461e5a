package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.Node;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.AtomicHistogram;

/**
 * Everything a balancer knows about one member node; also the {@link Pick} handed out for it, so
 * picking allocates nothing. Created when the node joins and dropped (but still reportable) when it
 * leaves. Counters are atomics; the fields marked "lock" are written only under the balancer's
 * membership lock.
 */
final class NodeState<T> implements Pick<T> {
  /** Latencies from 1 µs to 1 hour in nanoseconds, 2 significant digits. */
  static final long MAX_LATENCY_NANOS = 3_600_000_000_000L;

  final Object owner;
  private volatile Node<T> node;

  final AtomicInteger inFlight = new AtomicInteger();
  final LongAdder successes = new LongAdder();
  final LongAdder failures = new LongAdder();
  final LongAdder cancelled = new LongAdder();
  final LongAdder unmatchedReports = new LongAdder();
  final LongAdder retries = new LongAdder();
  final AtomicHistogram latency = newHistogram();

  /** Consecutive failures since the last success. */
  final AtomicInteger consecutiveFailures = new AtomicInteger();

  /** Successes and failures of the current statistics interval. */
  final AtomicLong windowCalls = new AtomicLong();

  final AtomicLong windowSuccesses = new AtomicLong();

  /** The last completed interval (lock). */
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

  /** Peak EWMA in nanoseconds and the tick it was last updated at (guarded by this). */
  private volatile double ewma;

  private volatile long ewmaStamp;

  NodeState(Object owner, Node<T> node) {
    this.owner = owner;
    this.node = node;
  }

  static AtomicHistogram newHistogram() {
    return new AtomicHistogram(1_000L, MAX_LATENCY_NANOS, 2);
  }

  @Override
  public Node<T> node() {
    return node;
  }

  void setNode(Node<T> newNode) {
    node = newNode;
  }

  /** Ends one call in flight; false (and nothing changed) when none was in flight. */
  boolean release() {
    while (true) {
      int current = inFlight.get();
      if (current == 0) {
        return false;
      }
      if (inFlight.compareAndSet(current, current - 1)) {
        return true;
      }
    }
  }

  /**
   * Folds a latency into the peak EWMA (Finagle's estimator): a slower observation replaces the
   * estimate at once; a faster one is averaged in with weight {@code 1 - exp(-elapsed / tau)}.
   */
  synchronized void observeLatency(long latencyNanos, long now, double decayNanos) {
    double current = ewma;
    double elapsed = Math.max(0, now - ewmaStamp);
    ewmaStamp = now;
    if (latencyNanos > current) {
      ewma = latencyNanos;
    } else {
      double w = Math.exp(-elapsed / decayNanos);
      ewma = current * w + latencyNanos * (1 - w);
    }
  }

  /**
   * Forgets the peak EWMA, so peak EWMA treats the node as new: one call at a time until a latency
   * is observed.
   */
  synchronized void forgetLatency(long now) {
    ewma = 0;
    ewmaStamp = now;
  }

  /** The peak EWMA decayed towards 0 to {@code now}, without changing it (Finagle's cost read). */
  double latencyCost(long now, double decayNanos) {
    double current = ewma;
    if (current == 0) {
      return 0;
    }
    double elapsed = now - ewmaStamp;
    return elapsed <= 0 ? current : current * Math.exp(-elapsed / decayNanos);
  }

  @Override
  public String toString() {
    return "Pick[" + node.id() + "]";
  }
}
