/** The property contract every {@link io.github.scaleblocks.sharding.ShardRouter} runs through. */
@NullMarked
package io.github.scaleblocks.sharding.contract;

import org.jspecify.annotations.NullMarked;
