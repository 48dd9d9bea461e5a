package io.github.scaleblocks.loadbalancing.spi;

/**
 * What a {@link BalancingPolicy}'s pickers read of the candidates' load, so the balancer keeps
 * exactly that up to date on every call and nothing more. Each value includes the ones before it.
 */
public enum LoadInput {
  /**
   * Neither calls in flight nor latency: the picker uses positions, weights, keys or randomness
   * only (round robin, random, sticky, first available). The balancer counts picks and derives
   * calls in flight when metrics are read, so a report costs one atomic increment less. {@link
   * Candidates#inFlight} and {@link Candidates#latencyCost} throw.
   */
  NONE,

  /**
   * Calls in flight, exact at every pick (least outstanding, least request). {@link
   * Candidates#latencyCost} throws.
   */
  IN_FLIGHT,

  /**
   * Calls in flight and the peak-EWMA latency estimate (peak EWMA). Reports feed the estimate with
   * their latency; under load a node's reports read the clock one time in 256 and use the
   * balancer's latest reading otherwise (readings stay at most about 1 ms apart).
   */
  IN_FLIGHT_AND_LATENCY
}
