/**
 * Sharding routers: map a key to the node that owns it, and to N distinct nodes for replicas.
 *
 * <p>Every strategy is a {@link io.github.scaleblocks.sharding.ShardRouter} built by {@link
 * io.github.scaleblocks.sharding.ShardRouters}. Routers are immutable: changing the node set yields
 * a new router, and a {@link io.github.scaleblocks.sharding.RouterHolder} lets readers route
 * lock-free while a writer swaps topologies. A user's own hash-based scheme plugs in through {@link
 * io.github.scaleblocks.sharding.spi.HashPlacement}.
 */
@NullMarked
package io.github.scaleblocks.sharding;

import org.jspecify.annotations.NullMarked;
