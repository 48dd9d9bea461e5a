/**
 * Resharding: which keys move when one {@link io.github.scaleblocks.sharding.ShardRouter} replaces
 * another ({@link io.github.scaleblocks.sharding.resharding.ReshardingPlan}), and moving them while
 * the application keeps reading ({@link io.github.scaleblocks.sharding.resharding.LiveMigration}).
 *
 * <p>Keys of any type take part through a {@link
 * io.github.scaleblocks.sharding.resharding.KeyRouting}; a migration's progress survives a crash
 * through a {@link io.github.scaleblocks.sharding.resharding.CheckpointStore}.
 */
@NullMarked
package io.github.scaleblocks.sharding.resharding;

import org.jspecify.annotations.NullMarked;
