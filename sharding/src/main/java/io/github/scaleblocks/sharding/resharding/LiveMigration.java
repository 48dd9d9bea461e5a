package io.github.scaleblocks.sharding.resharding;

import io.github.scaleblocks.sharding.ShardRouter;
import org.jspecify.annotations.Nullable;

/**
 * Moves keys from the nodes {@code oldRouter} places them on to the nodes {@code newRouter} places
 * them on, through the user's {@link ShardAccess}, while the application keeps reading through
 * {@link #read}.
 *
 * <pre>{@code
 * LiveMigration<Long, Row, DataSource> migration =
 *     LiveMigration.builder(twoShards, threeShards, KeyRouting.longs(), rowAccess)
 *         .checkpoint(CheckpointStore.file(Path.of("reshard-2-to-3.checkpoint")))
 *         .listener(event -> log.info("{}", event))
 *         .build();
 * migration.run(allIds).throwIfFailed();
 * }</pre>
 *
 * <p><b>How one key moves.</b> Read it on the source and on the target. On neither: nothing to do
 * (missing). On the target only: it moved earlier (already moved). On both: the values must be
 * equal (verified on target) and the source copy is deleted. On the source only: write it to the
 * target, read it back and compare (verify), then delete it from the source. Every step is safe to
 * repeat, so a run that stopped anywhere (an exception, a killed process) is finished by running
 * again; a batch whose keys all succeeded is recorded in the {@link CheckpointStore} so that the
 * next run skips it, but nothing depends on that record being current.
 *
 * <p><b>Reads during the migration.</b> {@link #read} asks the key's new owner, then its old owner,
 * then the new owner again: the migration writes the target before it deletes the source, so a key
 * that moves between the first two reads is found by the third, and no read of a stored key misses.
 * After the migration reads are answered by the new owner on the first call.
 *
 * <p><b>Writes during the migration</b> must go through {@code newRouter}, with a {@link
 * ShardAccess#write} that does not overwrite, or the migration could replace a newer value with the
 * old one. A key changed on the target meanwhile then fails verification and is reported, not
 * overwritten (reads already return the target's newer value). Deletes must go to both owners, and
 * even so a delete that lands between the migration's read of the source and its write to the
 * target is undone by the copy: pause deletes, or use tombstones, for keys of a running migration.
 *
 * <p><b>Cost.</b> Per batch of {@code batchSize} keys of one {@link ShardPair}: five store calls
 * when the {@link ShardAccess} implements its batch calls (two reads, one write, one read-back, one
 * delete), else three reads, one write and one delete per moved key; all on the migration thread.
 * Memory: one pending batch per pair, plus the plan if one is given. {@link #read} costs one to
 * three reads. Thread-safe: {@link #read} may be called from any thread during {@link #run}; one
 * run at a time.
 *
 * <p><b>When not to use it.</b> When the application keeps writing through the old router (an
 * update that lands on the old owner between the copy and the delete is lost); when values are too
 * large to hold a batch of them in memory; or when the store can copy a whole key range server-side
 * (one {@code INSERT ... SELECT} across databases beats any client-side copy). It does not throttle
 * itself: size batches to what the nodes can take.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param <T> the node payload type
 */
public interface LiveMigration<K, V, T> {

  /**
   * A builder for a migration from {@code oldRouter}'s placement to {@code newRouter}'s, routing
   * keys with {@code routing} and moving values through {@code access}.
   */
  static <K, V, T> LiveMigrationBuilder<K, V, T> builder(
      ShardRouter<T> oldRouter,
      ShardRouter<T> newRouter,
      KeyRouting<K> routing,
      ShardAccess<K, V, T> access) {
    return new LiveMigrationBuilder<>(oldRouter, newRouter, routing, access);
  }

  /**
   * Moves every key of {@code keys} whose owner changes, streaming: keys whose owner stays are
   * passed over, the others are batched per pair as they come. A key's source is its owner under
   * the old router. Callback failures are reported, not thrown (see {@link
   * MigrationReport#throwIfFailed()}); a checkpoint failure or an interrupt is thrown.
   */
  MigrationReport run(Iterable<? extends K> keys);

  /**
   * Moves the keys of {@code plan}, which must be between routers with the same nodes as this
   * migration's; each key's source is the pair's {@code fromId}.
   */
  MigrationReport run(ReshardingPlan<K, T> plan);

  /**
   * The value of {@code key}: from its new owner, else its old owner, else its new owner again;
   * null when neither holds it. A failing read throws a {@link ReshardingException} naming the key
   * and the node.
   */
  @Nullable V read(K key);

  /** The router keys are placed by before the migration. */
  ShardRouter<T> oldRouter();

  /** The router keys are placed by after the migration. */
  ShardRouter<T> newRouter();
}
