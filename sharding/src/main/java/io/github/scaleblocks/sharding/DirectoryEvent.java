package io.github.scaleblocks.sharding;

/**
 * What a {@link DirectoryRouter} publishes to its listeners. Keys are canonical directory keys
 * ({@link io.github.scaleblocks.sharding.spi.DirectoryKeys}); shard ids are node ids.
 */
public sealed interface DirectoryEvent {

  /** The canonical directory key the event is about. */
  String key();

  /**
   * A key with no entry was recorded on {@code shardId}, by routing (the fallback's choice) or by
   * {@link DirectoryRouter#moveKey}. Published by the router whose write returned its own proposal;
   * when routers race on one new key with the same proposal, each of them may publish it.
   *
   * @param key the canonical directory key
   * @param shardId the node id it was recorded on
   */
  record KeyAssigned(String key, String shardId) implements DirectoryEvent {}

  /**
   * A key was moved by {@link DirectoryRouter#moveKey}.
   *
   * @param key the canonical directory key
   * @param fromShardId the node id it was recorded on before
   * @param toShardId the node id it is recorded on now
   */
  record KeyMoved(String key, String fromShardId, String toShardId) implements DirectoryEvent {}
}
