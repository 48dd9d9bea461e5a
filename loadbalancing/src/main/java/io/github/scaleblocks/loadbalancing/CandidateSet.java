package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.loadbalancing.spi.Candidates;
import io.github.scaleblocks.loadbalancing.spi.Picker;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One immutable view of a balancer's membership: every member, the candidates picks go to, their
 * effective weights, and the strategy's picker over them. Replaced as a whole on every change.
 */
final class CandidateSet<T> implements Candidates<T> {
  final List<NodeState<T>> members;
  final List<NodeState<T>> candidates;

  /** {@link #candidates} as an array: picks and the policy's reads index it directly. */
  private final NodeState<?>[] array;

  private final double[] weights;
  final int available;
  final boolean panic;

  /**
   * The policy reads latency costs, so reports keep the peak EWMA (reading the clock each time).
   */
  final boolean usesLatency;

  /**
   * A deadline other than the statistics interval is pending (an ejection ends, slow start steps),
   * so reports read the clock every time to meet it on time.
   */
  final boolean deadlinePending;

  private final AtomicLong lastTick;

  /** 1 / the peak-EWMA decay time in nanoseconds (a multiplication per cost, not a division). */
  private final double perDecayNano;

  private final RandomSource random;
  private Picker picker = key -> 0;

  /**
   * {@link #picker} when it is a {@link StripedPicker}, else null (a null test on the hot path).
   */
  private @Nullable StripedPicker stripedPicker;

  CandidateSet(
      List<NodeState<T>> members,
      List<NodeState<T>> candidates,
      double[] weights,
      int available,
      boolean panic,
      boolean usesLatency,
      boolean deadlinePending,
      AtomicLong lastTick,
      double perDecayNano,
      RandomSource random) {
    this.members = members;
    this.candidates = candidates;
    this.array = candidates.toArray(new NodeState<?>[0]);
    this.weights = weights;
    this.available = available;
    this.panic = panic;
    this.usesLatency = usesLatency;
    this.deadlinePending = deadlinePending;
    this.lastTick = lastTick;
    this.perDecayNano = perDecayNano;
    this.random = random;
  }

  /** Set once, before the set is published (the volatile write publishes it). */
  void setPicker(Picker newPicker) {
    picker = newPicker;
    stripedPicker = newPicker instanceof StripedPicker ? (StripedPicker) newPicker : null;
  }

  /** The picker if it keeps per-stripe state, else null. */
  @Nullable StripedPicker stripedPicker() {
    return stripedPicker;
  }

  Picker picker() {
    return picker;
  }

  @Override
  public int size() {
    return array.length;
  }

  @Override
  public Node<T> node(int index) {
    return candidate(index).node();
  }

  @Override
  public double weight(int index) {
    return weights[index];
  }

  @Override
  public int inFlight(int index) {
    NodeState<T> node = candidate(index);
    if (!node.exactInFlight) {
      throw new IllegalStateException(
          "the balancing policy reads inFlight but its loadInput() is NONE: return IN_FLIGHT, or"
              + " the balancer does not keep calls in flight exactly");
    }
    return node.exactInFlight();
  }

  @Override
  public double latencyCost(int index) {
    if (!usesLatency) {
      throw new IllegalStateException(
          "the balancing policy reads latencyCost but its loadInput() is not"
              + " IN_FLIGHT_AND_LATENCY: return that, or the balancer keeps no latency estimates");
    }
    // Decayed to the balancer's latest clock reading (its latest report) rather than to a fresh
    // one: picks read no clock, and two candidates decayed to the same instant compare the same
    // whichever instant that is.
    return candidate(index).latencyCost(lastTick.getAcquire(), perDecayNano);
  }

  @Override
  public RandomSource random() {
    return random;
  }

  /** 1 / the peak-EWMA decay time in nanoseconds. */
  double perDecayNano() {
    return perDecayNano;
  }

  /** The candidate at {@code index}. */
  @SuppressWarnings("unchecked") // filled from candidates, a List<NodeState<T>>
  NodeState<T> candidate(int index) {
    return (NodeState<T>) array[index];
  }

  @Override
  public String toString() {
    return "Candidates[" + candidates.size() + " of " + members.size() + " nodes]";
  }
}
