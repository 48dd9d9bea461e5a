/**
 * A jqwik kit for property-testing sharding routers, built-in or user-written.
 *
 * <p>{@link io.github.scaleblocks.sharding.testkit.ShardRouterContract} is the shared contract: a
 * test class implements it with one method that builds the router under test and inherits every
 * property. {@link io.github.scaleblocks.sharding.testkit.ShardingArbitraries} generates keys, node
 * sets and {@link io.github.scaleblocks.sharding.testkit.TopologyChange}s for a user's own
 * properties.
 */
@NullMarked
package io.github.scaleblocks.sharding.testkit;

import org.jspecify.annotations.NullMarked;
