package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.loadbalancing.spi.BalancingPolicy;
import io.github.scaleblocks.loadbalancing.spi.RouterFactory;

/**
 * Factories for every built-in balancing strategy. Each returns a {@link LoadBalancerBuilder} whose
 * {@code build(nodes)} gives a {@link LoadBalancer}.
 *
 * <table>
 *   <caption>Strategies</caption>
 *   <tr><th>Strategy</th><th>Pick cost</th><th>Weights</th><th>Uses load</th><th>Use when</th></tr>
 *   <tr><td>{@link #roundRobin()}</td><td>O(1)</td><td>no</td><td>no</td><td>equal nodes, equal calls</td></tr>
 *   <tr><td>{@link #weightedRoundRobin()}</td><td>O(n), locked</td><td>yes</td><td>no</td><td>unequal nodes, few of them</td></tr>
 *   <tr><td>{@link #random()}</td><td>O(1)</td><td>no</td><td>no</td><td>many independent clients</td></tr>
 *   <tr><td>{@link #weightedRandom()}</td><td>O(log n)</td><td>yes</td><td>no</td><td>unequal nodes, many of them</td></tr>
 *   <tr><td>{@link #leastOutstanding()}</td><td>O(n)</td><td>yes</td><td>in flight</td><td>few nodes, calls of varied cost</td></tr>
 *   <tr><td>{@link #leastRequest()}</td><td>O(1)</td><td>yes</td><td>in flight</td><td>the general default</td></tr>
 *   <tr><td>{@link #peakEwma()}</td><td>O(1)</td><td>yes</td><td>latency, in flight</td><td>nodes of varied or changing speed</td></tr>
 *   <tr><td>{@link #sticky}</td><td>the router's</td><td>the router's</td><td>no</td><td>caches, sessions: same key, same node</td></tr>
 *   <tr><td>{@link #firstAvailable()}</td><td>O(1)</td><td>no</td><td>no</td><td>primary with fail-over</td></tr>
 * </table>
 */
public final class LoadBalancers {
  private LoadBalancers() {}

  /** Each node in turn, ignoring weights and slow start. */
  public static LoadBalancerBuilder roundRobin() {
    return new LoadBalancerBuilder("roundRobin", Policies.ROUND_ROBIN);
  }

  /**
   * nginx's smooth weighted round robin: each cycle of the total weight picks every node in
   * proportion to its weight, interleaved rather than in bursts (weights 5, 1, 1 give a a b a c a
   * a). A pick scans all nodes under a lock: for hundreds of nodes or heavy concurrency prefer
   * {@link #weightedRandom()}.
   */
  public static LoadBalancerBuilder weightedRoundRobin() {
    return new LoadBalancerBuilder("weightedRoundRobin", Policies.SMOOTH_WEIGHTED_ROUND_ROBIN);
  }

  /** Uniformly at random, ignoring weights. */
  public static LoadBalancerBuilder random() {
    return new LoadBalancerBuilder("random", Policies.RANDOM);
  }

  /** At random in proportion to the effective weights. */
  public static LoadBalancerBuilder weightedRandom() {
    return new LoadBalancerBuilder("weightedRandom", Policies.WEIGHTED_RANDOM);
  }

  /**
   * The node with the fewest calls in flight per unit of weight, scanning every node (ties from a
   * random start). Exact but O(n) per pick.
   */
  public static LoadBalancerBuilder leastOutstanding() {
    return new LoadBalancerBuilder("leastOutstanding", Policies.LEAST_OUTSTANDING);
  }

  /**
   * Power of two choices least request with Envoy's weighted score {@code weight / (active +
   * 1)^bias} and bias 1: two random nodes, the one with the higher score (with equal weights, fewer
   * calls in flight) wins; when both are idle, one is chosen in proportion to its weight. Envoy
   * schedules unequal weights by earliest deadline first over the same score; comparing the score
   * between two random choices instead allocates nothing and costs O(1), but the shares follow the
   * weights only approximately. When exact weight shares matter, use {@link #weightedRoundRobin()}
   * or {@link #weightedRandom()}.
   */
  public static LoadBalancerBuilder leastRequest() {
    return leastRequest(1.0);
  }

  /**
   * {@link #leastRequest()} with another active-request bias (0 or more): 0 ignores load and picks
   * by weight only, larger values weigh calls in flight more.
   */
  public static LoadBalancerBuilder leastRequest(double activeRequestBias) {
    Checks.argument(
        activeRequestBias >= 0 && Double.isFinite(activeRequestBias),
        "activeRequestBias must be finite and not negative but was " + activeRequestBias);
    return new LoadBalancerBuilder("leastRequest", Policies.leastRequest(activeRequestBias));
  }

  /**
   * Power of two choices over peak-EWMA latency times calls in flight (Finagle, Linkerd): shifts
   * traffic away from a node as soon as it slows down and back gradually as it recovers (decay set
   * by {@link LoadBalancerBuilder#latencyDecay}). Two candidates whose estimates were last updated
   * less than {@code latencyDecay * 2^-17} apart (76 µs at the default 10 s) are compared without
   * decaying either: the decay would change their ratio by less than 8 parts per million.
   */
  public static LoadBalancerBuilder peakEwma() {
    return new LoadBalancerBuilder("peakEwma", Policies.PEAK_EWMA);
  }

  /**
   * Sticky by key: {@link LoadBalancer#pick(CharSequence)} routes the key with a sharding router
   * built by {@code routers} over the nodes in rotation, so a key stays on its node while that node
   * is in rotation, and when a node leaves only its keys move (as far as the router's strategy
   * promises). Unkeyed picks go to a random node. Weights are the router's (configured weights, no
   * slow start). Example: {@code LoadBalancers.sticky(ShardRouters.rendezvous()::build)}.
   */
  public static LoadBalancerBuilder sticky(RouterFactory routers) {
    Checks.notNull(routers, "routers");
    return new LoadBalancerBuilder("sticky", Policies.sticky(routers));
  }

  /**
   * The first node in membership order that is in rotation (gRPC's pick_first): all traffic to one
   * node, the next one taking over when it is ejected or unhealthy.
   */
  public static LoadBalancerBuilder firstAvailable() {
    return new LoadBalancerBuilder("firstAvailable", Policies.FIRST_AVAILABLE);
  }

  /** A user's own strategy, with membership, health, ejection and metrics as for the built-ins. */
  public static LoadBalancerBuilder custom(BalancingPolicy policy) {
    Checks.notNull(policy, "policy");
    return new LoadBalancerBuilder(policy.toString(), policy);
  }
}
