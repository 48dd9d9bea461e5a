package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.Node;

/**
 * The result of {@link LoadBalancer#pick()}: the node to call, to be handed back to {@link
 * LoadBalancer#report} exactly once when the call ends.
 *
 * <p>A pick is a handle the balancer creates once per node when the node joins, not an object per
 * call: picking and reporting allocate nothing. So every pick of the same node is the same object,
 * and the balancer cannot tell two picks of one node apart. Report each pick exactly once: a second
 * report of the same pick counts one more completed call and ends one more call in flight on that
 * node (never below zero; a report that finds none in flight is counted in {@link
 * NodeMetrics#unmatchedReports()} and changes no in-flight count; with a policy that reads no load,
 * see {@link io.github.scaleblocks.loadbalancing.spi.LoadInput#NONE}, it is found when metrics are
 * read). The {@code execute} wrapper always reports exactly once.
 *
 * <p>A pick stays valid after its node is removed or re-weighted: reporting it then updates that
 * node's own statistics and the balancer's totals and touches no other node.
 *
 * @param <T> the payload type
 */
public interface Pick<T> {

  /** The picked node (with its current weight). */
  Node<T> node();

  /** The picked node's payload: the user's client to call. */
  default T payload() {
    return node().payload();
  }
}
