/**
 * Client-side load balancing in front of the user's own clients (HTTP, JDBC, gRPC, anything).
 *
 * <p>A {@link io.github.scaleblocks.loadbalancing.LoadBalancer} picks a node, the caller runs its
 * call on the node's payload and reports the outcome; the balancer tracks calls in flight, latency
 * and success per node and uses them for least-request and peak-EWMA balancing, outlier ejection
 * and metrics. Strategies are built by {@link io.github.scaleblocks.loadbalancing.LoadBalancers}; a
 * user's own strategy plugs in through {@link
 * io.github.scaleblocks.loadbalancing.spi.BalancingPolicy}. {@link
 * io.github.scaleblocks.loadbalancing.LoadBalancer#execute} wraps pick, call and report with
 * retries (under a {@link io.github.scaleblocks.loadbalancing.RetryBudget}) or hedging; {@link
 * io.github.scaleblocks.loadbalancing.HealthChecker} adds active health checks.
 */
@NullMarked
package io.github.scaleblocks.loadbalancing;

import org.jspecify.annotations.NullMarked;
