package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.time.Ticker;
import io.github.scaleblocks.loadbalancing.spi.Candidates;
import io.github.scaleblocks.loadbalancing.spi.Picker;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import java.util.List;

/**
 * One immutable view of a balancer's membership: every member, the candidates picks go to, their
 * effective weights, and the strategy's picker over them. Replaced as a whole on every change.
 */
final class CandidateSet<T> implements Candidates<T> {
  final List<NodeState<T>> members;
  final List<NodeState<T>> candidates;
  private final double[] weights;
  final int available;
  final boolean panic;
  private final Ticker ticker;
  private final double decayNanos;
  private final RandomSource random;
  private Picker picker = key -> 0;

  CandidateSet(
      List<NodeState<T>> members,
      List<NodeState<T>> candidates,
      double[] weights,
      int available,
      boolean panic,
      Ticker ticker,
      double decayNanos,
      RandomSource random) {
    this.members = members;
    this.candidates = candidates;
    this.weights = weights;
    this.available = available;
    this.panic = panic;
    this.ticker = ticker;
    this.decayNanos = decayNanos;
    this.random = random;
  }

  /** Set once, before the set is published (the volatile write publishes it). */
  void setPicker(Picker newPicker) {
    picker = newPicker;
  }

  Picker picker() {
    return picker;
  }

  @Override
  public int size() {
    return candidates.size();
  }

  @Override
  public Node<T> node(int index) {
    return candidates.get(index).node();
  }

  @Override
  public double weight(int index) {
    return weights[index];
  }

  @Override
  public int inFlight(int index) {
    return candidates.get(index).inFlight.get();
  }

  @Override
  public double latencyCost(int index) {
    return candidates.get(index).latencyCost(ticker.read(), decayNanos);
  }

  @Override
  public RandomSource random() {
    return random;
  }

  @Override
  public String toString() {
    return "Candidates[" + candidates.size() + " of " + members.size() + " nodes]";
  }
}
