package io.github.scaleblocks.loadbalancing.spi;

/**
 * A balancing strategy: turns the nodes a balancer may currently pick from into a {@link Picker}.
 *
 * <p>The balancer calls {@link #picker} whenever its candidate set changes: a node is added,
 * removed, re-weighted, ejected, returned, fails or passes health checks, the balancer enters or
 * leaves panic mode, or slow-start weights move. The returned picker serves every pick until the
 * next change, so per-set state (a round-robin position, smooth weighted round-robin's current
 * weights, a sticky router, prefix sums of weights) lives in the picker and is computed once per
 * change, not per pick. {@code picker} runs under the balancer's membership lock and is never
 * called with an empty candidate set.
 *
 * <p>Example: a policy that always picks the candidate with the fewest calls in flight, ties to the
 * first (the built-ins in {@code LoadBalancers} are written the same way):
 *
 * <pre>{@code
 * BalancingPolicy fewestInFlight = candidates -> key -> {
 *   int best = 0;
 *   for (int i = 1; i < candidates.size(); i++) {
 *     if (candidates.inFlight(i) < candidates.inFlight(best)) {
 *       best = i;
 *     }
 *   }
 *   return best;
 * };
 * LoadBalancer<Client> balancer = LoadBalancers.custom(fewestInFlight).build(nodes);
 * }</pre>
 */
@FunctionalInterface
public interface BalancingPolicy {

  /**
   * A picker over {@code candidates}, which stays valid (sizes, nodes and weights do not change)
   * for as long as the balancer uses the picker. Must not retain the candidates beyond that.
   */
  Picker picker(Candidates<?> candidates);

  /**
   * What this policy's pickers read of the candidates' load; the balancer keeps exactly that up to
   * date. Default {@link LoadInput#IN_FLIGHT}, right for most policies. Declare {@link
   * LoadInput#NONE} when the picker reads neither calls in flight nor latency (reports get
   * cheaper), and {@link LoadInput#IN_FLIGHT_AND_LATENCY} when it reads {@link
   * Candidates#latencyCost}. Reading what was not declared throws an {@link IllegalStateException}
   * that names the fix.
   */
  default LoadInput loadInput() {
    return LoadInput.IN_FLIGHT;
  }
}
