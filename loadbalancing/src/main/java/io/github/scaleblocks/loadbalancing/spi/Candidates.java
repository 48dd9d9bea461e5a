package io.github.scaleblocks.loadbalancing.spi;

import io.github.scaleblocks.core.Node;

/**
 * The nodes a balancer may pick from right now (healthy and not ejected ones, or every node in
 * panic mode), in membership order, with the live load of each. Indexes are stable for the life of
 * the {@link Picker} built over this set. The static parts ({@link #size}, {@link #node}, {@link
 * #weight}) never change; {@link #inFlight} and {@link #latencyCost} are read live. Every method is
 * allocation-free and thread-safe.
 *
 * @param <T> the payload type of the nodes
 */
public interface Candidates<T> {

  /** The number of candidates, at least 1. */
  int size();

  /** The candidate at {@code index}, with its configured weight. */
  Node<T> node(int index);

  /**
   * The effective weight of the candidate: its configured weight, reduced while it is in slow
   * start. Always positive.
   */
  double weight(int index);

  /**
   * The calls picked on the candidate and not yet reported. Available unless the policy's {@link
   * BalancingPolicy#loadInput()} is {@link LoadInput#NONE}.
   *
   * @throws IllegalStateException if the policy declared that it reads no load
   */
  int inFlight(int index);

  /**
   * The candidate's peak-EWMA latency in nanoseconds, decayed to now (Finagle's and Linkerd's
   * estimator: a slower observation takes over at once, faster ones are averaged in with a time
   * decay). 0 until the first latency is reported.
   *
   * <p>"Now" is the balancer's latest clock reading, taken by its latest report, so picks read no
   * clock; costs of two candidates are decayed to the same instant and so compare as they would at
   * any other. Available only to a policy whose {@link BalancingPolicy#loadInput()} is {@link
   * LoadInput#IN_FLIGHT_AND_LATENCY}.
   *
   * @throws IllegalStateException if the policy did not declare that it reads latency
   */
  double latencyCost(int index);

  /** The balancer's source of randomness (seedable for deterministic simulations). */
  RandomSource random();
}
