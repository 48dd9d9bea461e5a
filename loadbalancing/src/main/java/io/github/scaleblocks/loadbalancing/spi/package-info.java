/**
 * Extension points of the load-balancing block. A balancing strategy is a {@link
 * io.github.scaleblocks.loadbalancing.spi.BalancingPolicy}: given the {@link
 * io.github.scaleblocks.loadbalancing.spi.Candidates} a balancer may pick from, it returns a {@link
 * io.github.scaleblocks.loadbalancing.spi.Picker}. Every built-in strategy of {@link
 * io.github.scaleblocks.loadbalancing.LoadBalancers} is written against these same interfaces, and
 * a user's policy is passed to {@link io.github.scaleblocks.loadbalancing.LoadBalancers#custom}
 * exactly where a built-in would be. A policy declares what load its pickers read ({@link
 * io.github.scaleblocks.loadbalancing.spi.LoadInput}: nothing, calls in flight, or calls in flight
 * and latency), and the balancer keeps exactly that current on every call. Randomness comes from a
 * {@link io.github.scaleblocks.loadbalancing.spi.RandomSource} so simulations can fix a seed;
 * sticky routing builds its routers through a {@link
 * io.github.scaleblocks.loadbalancing.spi.RouterFactory}; the retry wrapper waits through a {@link
 * io.github.scaleblocks.loadbalancing.spi.Sleeper} so tests wait on virtual time.
 */
@NullMarked
package io.github.scaleblocks.loadbalancing.spi;

import org.jspecify.annotations.NullMarked;
