/**
 * A deterministic latency simulator for the balancers: a discrete-event loop on virtual time (a
 * {@link io.github.scaleblocks.core.time.ManualTicker}) that drives the real {@link
 * io.github.scaleblocks.loadbalancing.LoadBalancer} implementations with simulated backends, and
 * {@link io.github.scaleblocks.loadbalancing.sim.LinkerdExperiment}, which replays Linkerd's
 * "Beyond Round Robin" experiment (2016) with it.
 */
@NullMarked
package io.github.scaleblocks.loadbalancing.sim;

import org.jspecify.annotations.NullMarked;
