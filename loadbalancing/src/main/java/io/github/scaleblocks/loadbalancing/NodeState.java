package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.Node;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Everything a balancer knows about one member node; also the {@link Pick} handed out for it, so
 * picking allocates nothing. Created when the node joins and dropped (but still reportable) when it
 * leaves.
 *
 * <p>The hot path touches as little as it can: a pick increments {@link #inFlight} (or, when the
 * policy does not read calls in flight, {@link #picks}); a report records its latency (one atomic
 * increment in {@link #latency}, which also counts the call) and, when in flight is kept exactly,
 * ends the call in flight. Everything else is derived when read: successes are latency-recorded
 * calls minus failures, an interval's calls are the difference of cumulative counts, and the
 * balancer's totals are sums over its nodes. The fields marked "lock" are written only under the
 * balancer's membership lock.
 */
final class NodeState<T> implements Pick<T> {
  final Object owner;
  private volatile Node<T> node;

  /**
   * True when calls in flight are kept exactly in {@link #inFlight} (the policy reads them); false
   * when only {@link #picks} are counted and calls in flight are derived when read.
   */
  final boolean exactInFlight;

  /** Calls picked and not yet reported (exact mode only). */
  final AtomicInteger inFlight = new AtomicInteger();

  /** Picks so far, less picks handed back unused (counting mode only). */
  final AtomicLong picks = new AtomicLong();

  /** Every successful or failed call's latency; its count is the node's completed calls. */
  final LatencyRecorder latency = new LatencyRecorder();

  final LongAdder failures = new LongAdder();
  final LongAdder cancelled = new LongAdder();
  final LongAdder unmatchedReports = new LongAdder();
  final LongAdder retries = new LongAdder();

  /** Consecutive failures since the last success. */
  final AtomicInteger consecutiveFailures = new AtomicInteger();

  /**
   * Reports since this node last read the clock; racy on purpose (a lost increment only moves the
   * next clock read by one report).
   */
  int reportsSinceClock;

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

  /**
   * What of this removed node's statistics the balancer's totals already hold; null while the node
   * has not been folded into them (lock).
   */
  volatile @Nullable Totals folded;

  /** Peak EWMA in nanoseconds (as double bits) and the tick it was last updated at. */
  private final AtomicLong ewmaBits = new AtomicLong();

  private final AtomicLong ewmaStamp = new AtomicLong();

  NodeState(Object owner, Node<T> node, boolean exactInFlight) {
    this.owner = owner;
    this.node = node;
    this.exactInFlight = exactInFlight;
  }

  @Override
  public Node<T> node() {
    return node;
  }

  void setNode(Node<T> newNode) {
    node = newNode;
  }

  /** Starts a call. */
  void picked() {
    if (exactInFlight) {
      inFlight.incrementAndGet();
    } else {
      picks.incrementAndGet();
    }
  }

  /** Hands back a pick that was not used. */
  void unpick() {
    if (exactInFlight) {
      release();
    } else {
      picks.decrementAndGet();
    }
  }

  /**
   * Ends a reported call (after its outcome is recorded); false when no call was in flight.
   * Counting mode cannot tell at report time and returns true: its unmatched reports show as more
   * calls reported than picked ({@link #settle()}).
   */
  boolean end() {
    return !exactInFlight || release();
  }

  /** Calls picked and not yet reported. */
  int inFlightNow() {
    if (exactInFlight) {
      return inFlight.get();
    }
    // Reports first: every call they count was picked before, so this never goes below the truth.
    long reported = reported();
    return (int) Math.max(0, picks.get() - reported);
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
      long excess = reported() - picks.get();
      if (excess > 0) {
        picks.addAndGet(excess);
        unmatchedReports.add(excess);
      }
    }
  }

  private long reported() {
    return calls() + cancelled.sum();
  }

  /** Ends one call in flight; false (and nothing changed) when none was in flight. */
  private boolean release() {
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

  /** Successful plus failed calls so far (a scan of the latency counters). */
  long calls() {
    return latency.totalCount();
  }

  /**
   * Folds a latency into the peak EWMA (Finagle's estimator): a slower observation replaces the
   * estimate at once; a faster one is averaged in with weight {@code 1 - exp(-elapsed / tau)}.
   * Lock-free: concurrent observations retry their compare-and-set, so none is lost.
   */
  void observeLatency(long latencyNanos, long now, double perDecayNano) {
    while (true) {
      long bits = ewmaBits.get();
      double current = Double.longBitsToDouble(bits);
      double next;
      if (latencyNanos > current) {
        next = latencyNanos;
      } else {
        double w = decay(Math.max(0, now - ewmaStamp.get()) * perDecayNano);
        next = current * w + latencyNanos * (1 - w);
      }
      if (ewmaBits.compareAndSet(bits, Double.doubleToRawLongBits(next))) {
        ewmaStamp.setRelease(now);
        return;
      }
    }
  }

  /**
   * Forgets the peak EWMA, so peak EWMA treats the node as new: one call at a time until a latency
   * is observed.
   */
  void forgetLatency(long now) {
    ewmaBits.set(0);
    ewmaStamp.set(now);
  }

  /** The peak EWMA decayed towards 0 to {@code now}, without changing it (Finagle's cost read). */
  double latencyCost(long now, double perDecayNano) {
    double current = Double.longBitsToDouble(ewmaBits.get());
    if (current == 0) {
      return 0;
    }
    double elapsed = now - ewmaStamp.get();
    return elapsed <= 0 ? current : current * decay(elapsed * perDecayNano);
  }

  /**
   * {@code exp(-x)} for {@code x >= 0}; below 10^-3 (calls microseconds to milliseconds apart
   * against a decay time of seconds, the usual case) a cubic that is within 5e-14 of it and costs a
   * few multiplications instead of a call to {@link Math#exp}.
   */
  static double decay(double x) {
    return x < 1e-3 ? 1 - x * (1 - x * (0.5 - x * (1.0 / 6))) : Math.exp(-x);
  }

  @Override
  public String toString() {
    return "Pick[" + node.id() + "]";
  }
}
