package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.Node;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * The part of a {@link NodeState} that a pick and its report touch: the calls in flight or picks,
 * the latency array, consecutive failures, the clock-sampling counter, the fold marker and the peak
 * EWMA. HotSpot lays out a superclass's fields before its subclass's, so keeping these here, apart
 * from the statistics and outlier state that only metrics and the lock read, puts them together in
 * one or two cache lines instead of spread over the node's three or four: at 100 nodes and more a
 * balancer's nodes no longer fit in the L1 cache, and every line a call touches is then a miss. The
 * counters are fields updated through {@link VarHandle}s rather than {@code Atomic*} objects for
 * the same reason (no dependent load per counter).
 */
abstract class NodeCounters<T> {
  final Object owner;
  volatile Node<T> node;

  /**
   * True when calls in flight are kept exactly in {@link #load} (the policy reads them); false when
   * only {@link #picks} are counted and calls in flight are derived when read.
   */
  final boolean exactInFlight;

  private static final VarHandle LOAD;
  private static final VarHandle PICKS;
  private static final VarHandle CONSECUTIVE_FAILURES;
  private static final VarHandle EWMA_STAMP;
  private static final VarHandle STRIPES = MethodHandles.arrayElementVarHandle(long[].class);

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      LOAD = lookup.findVarHandle(NodeCounters.class, "load", long.class);
      PICKS = lookup.findVarHandle(NodeCounters.class, "picks", long.class);
      CONSECUTIVE_FAILURES =
          lookup.findVarHandle(NodeCounters.class, "consecutiveFailures", int.class);
      EWMA_STAMP = lookup.findVarHandle(NodeCounters.class, "ewmaStamp", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * The calls picked and not yet reported (exact mode only) in the low 32 bits, and the peak EWMA
   * in nanoseconds as {@code float} bits in the high 32. One word, so that a peak-EWMA report ends
   * its call and folds its latency in with one compare-and-set instead of two; a pick adds 1 (the
   * low half is never negative, so nothing carries into the high half). A {@code float} keeps 24
   * bits of the estimate: 6e-8 relative, far below what a latency estimate means.
   */
  private volatile long load;

  /**
   * Picks so far, less picks handed back unused (counting mode only), by threads without a stripe
   * ({@link ThreadStripes#NONE}) and by settling; the rest are in {@link #latencyCounts}.
   */
  private volatile long picks;

  /**
   * {@link LatencyRecorder#counts} of the node's recorder: reports record straight into its
   * buckets. In counting mode its first {@link ThreadStripes#COUNT} slots (before {@link
   * LatencyRecorder#BUCKETS}) are also the node's pick stripes: each {@link ThreadStripes stripe}'s
   * picks, less its picks handed back, written only by the stripe's owner (opaque read and store,
   * no atomic instruction). A slot may go negative when one thread picks and another hands the pick
   * back; only the sum means anything. Sharing the array puts a pick's write on the line that the
   * report's bounds check reads anyway.
   */
  private final long[] latencyCounts;

  /**
   * Consecutive failures since the last success: incremented atomically, reset with a release store
   * and read with acquire (no fence on a report).
   */
  @SuppressWarnings("unused") // through CONSECUTIVE_FAILURES
  private int consecutiveFailures;

  /**
   * Reports since this node last read the clock; racy on purpose (a lost increment only moves the
   * next clock read by one report).
   */
  int reportsSinceClock;

  /**
   * What of this removed node's statistics the balancer's totals already hold; null while the node
   * has not been folded into them (lock).
   */
  volatile @Nullable Totals folded;

  /** The tick the peak EWMA was last updated at (written with release, read with acquire). */
  @SuppressWarnings("unused") // through EWMA_STAMP
  private long ewmaStamp;

  NodeCounters(Object owner, Node<T> node, boolean exactInFlight, long[] latencyCounts) {
    this.owner = owner;
    this.node = node;
    this.exactInFlight = exactInFlight;
    this.latencyCounts = latencyCounts;
  }

  /** Records a successful or failed call's latency: one atomic increment. */
  final void recordLatency(long latencyNanos) {
    LatencyRecorder.record(latencyCounts, latencyNanos);
  }

  /**
   * Picks so far, less picks handed back unused (counting mode). A pick's count is visible to a
   * reader that has seen anything the picking thread did after it (its report, say), as the slots
   * are read after the caller's volatile reads.
   */
  final long picks() {
    long sum = picks;
    if (exactInFlight) {
      return sum;
    }
    for (int i = 0; i < ThreadStripes.COUNT; i++) {
      sum += (long) STRIPES.getOpaque(latencyCounts, i);
    }
    return sum;
  }

  /** Counts {@code excess} more picks (settling double reports; lock). */
  final void addPicks(long excess) {
    PICKS.getAndAdd(this, excess);
  }

  /**
   * Starts a call picked by a thread with {@code stripe} (its {@link ThreadStripes#current()}, or
   * {@link ThreadStripes#NONE}; exact mode ignores it).
   */
  final void picked(int stripe) {
    if (exactInFlight) {
      LOAD.getAndAdd(this, 1L);
    } else {
      addToStripe(stripe, 1L);
    }
  }

  /** Hands back a pick that was not used, from a thread with {@code stripe}. */
  final void unpick(int stripe) {
    if (exactInFlight) {
      release();
    } else {
      addToStripe(stripe, -1L);
    }
  }

  /** Single-writer update of the caller's own slot, or the shared atomic one without a stripe. */
  private void addToStripe(int stripe, long delta) {
    if (stripe >= 0) {
      STRIPES.setOpaque(
          latencyCounts, stripe, (long) STRIPES.getOpaque(latencyCounts, stripe) + delta);
    } else {
      PICKS.getAndAdd(this, delta);
    }
  }

  /**
   * Ends a reported call (after its outcome is recorded); false when no call was in flight.
   * Counting mode cannot tell at report time and returns true: its unmatched reports show as more
   * calls reported than picked ({@link NodeState#settle()}).
   */
  final boolean end() {
    return !exactInFlight || release();
  }

  /**
   * Exact mode's word: calls in flight in the low 32 bits ({@code (int) word}), the peak EWMA as
   * {@code float} bits in the high 32 ({@link #ewma(long)}); one volatile read for both.
   */
  final long loadWord() {
    return load;
  }

  /** The tick of the last peak-EWMA update. */
  final long ewmaStamp() {
    return (long) EWMA_STAMP.getAcquire(this);
  }

  /** Exact mode's calls in flight, for picks: one volatile read. */
  final int exactInFlight() {
    return (int) load;
  }

  /**
   * Ends one call in flight; false (and nothing changed) when none was in flight. A
   * compare-and-set, not a decrement undone when it went below zero: a double report racing a pick
   * and its report could then take the pick's decrement and leave a call in flight for ever.
   */
  private boolean release() {
    while (true) {
      long word = load;
      if ((int) word == 0) {
        return false;
      }
      if (LOAD.compareAndSet(this, word, word - 1)) {
        return true;
      }
    }
  }

  /** Consecutive failures since the last success. */
  final int consecutiveFailures() {
    return (int) CONSECUTIVE_FAILURES.getAcquire(this);
  }

  /** Counts one more consecutive failure; returns the new count. */
  final int failedAgain() {
    return (int) CONSECUTIVE_FAILURES.getAndAdd(this, 1) + 1;
  }

  /** A success or a return from ejection: no consecutive failures (no write when already none). */
  final void resetConsecutiveFailures() {
    if ((int) CONSECUTIVE_FAILURES.getAcquire(this) != 0) {
      CONSECUTIVE_FAILURES.setRelease(this, 0);
    }
  }

  /**
   * Folds a latency into the peak EWMA (Finagle's estimator) and ends the reported call in flight,
   * in one compare-and-set of {@link #load}: a slower observation replaces the estimate at once; a
   * faster one is averaged in with weight {@code 1 - exp(-elapsed / tau)}. Lock-free: concurrent
   * observations, picks and reports retry their compare-and-set, so none is lost. Returns false
   * (the estimate still updated, no call ended) when no call was in flight, as {@link #end()}.
   */
  final boolean observeLatencyAndEnd(long latencyNanos, long now, double perDecayNano) {
    while (true) {
      long word = load;
      double current = ewma(word);
      double next;
      if (latencyNanos > current) {
        next = latencyNanos;
      } else {
        double w = decay(Math.max(0, now - (long) EWMA_STAMP.getAcquire(this)) * perDecayNano);
        next = latencyNanos + (current - latencyNanos) * w;
      }
      int inFlight = (int) word;
      long ended = inFlight == 0 ? 0 : inFlight - 1L;
      long replacement = ((long) Float.floatToRawIntBits((float) next) << 32) | ended;
      if (LOAD.compareAndSet(this, word, replacement)) {
        EWMA_STAMP.setRelease(this, now);
        return inFlight != 0;
      }
    }
  }

  /** The peak EWMA held in {@code word}, a value of {@link #load}. */
  static double ewma(long word) {
    return Float.intBitsToFloat((int) (word >>> 32));
  }

  /**
   * Forgets the peak EWMA, so peak EWMA treats the node as new: one call at a time until a latency
   * is observed.
   */
  final void forgetLatency(long now) {
    while (true) {
      long word = load;
      if (LOAD.compareAndSet(this, word, word & 0xFFFF_FFFFL)) {
        break;
      }
    }
    EWMA_STAMP.setVolatile(this, now);
  }

  /** The peak EWMA decayed towards 0 to {@code now}, without changing it (Finagle's cost read). */
  final double latencyCost(long now, double perDecayNano) {
    double current = ewma(load);
    if (current == 0) {
      return 0;
    }
    double elapsed = now - (long) EWMA_STAMP.getAcquire(this);
    return elapsed <= 0 ? current : current * decay(elapsed * perDecayNano);
  }

  /**
   * {@code exp(-x)} for {@code x >= 0} by its Taylor series where that is cheaper than a call to
   * {@link Math#exp}: below 2^-17 (calls microseconds apart against a decay time of seconds, the
   * usual case under load) {@code 1 - x + x^2/2}, whose error {@code x^3/6} is below 7e-17, under
   * half an ulp of 1; below 10^-3 (milliseconds apart) the cubic, within 5e-14.
   */
  static double decay(double x) {
    if (x < 0x1p-17) {
      return 1 - x * (1 - 0.5 * x);
    }
    return x < 1e-3 ? 1 - x * (1 - x * (0.5 - x * (1.0 / 6))) : Math.exp(-x);
  }
}
