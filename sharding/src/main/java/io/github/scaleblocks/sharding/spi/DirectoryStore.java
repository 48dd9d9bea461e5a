package io.github.scaleblocks.sharding.spi;

import java.util.Optional;

/**
 * The key-to-shard table behind a directory router ({@code ShardRouters.directory(...)}): one entry
 * per key, mapping its canonical {@link DirectoryKeys directory key} to a shard id (a node id).
 * Built-ins: {@link DirectoryStores#inMemory()} and, in {@code scaleblocks-sharding-jdbc}, a table
 * in H2 or PostgreSQL.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>Keys are canonical directory keys (at most {@link DirectoryKeys#MAX_LENGTH} chars, see
 *       {@link DirectoryKeys#check}); shard ids are node ids (1 to 255 chars). Null arguments are a
 *       {@link NullPointerException}.
 *   <li>Writes are atomic per key and linearizable among everyone sharing the store, including
 *       other processes: {@link #assignIfAbsent} and {@link #move} are compare-and-set operations
 *       on the stored entry, never a read followed by a blind write.
 *   <li>{@link #lookup} may answer from a cache that lags other processes' writes for a bounded
 *       time (a store that does so documents the bound), but it must reflect this instance's own
 *       writes at once, and a {@link #move} that fails must drop any cached entry for the key, so
 *       that a caller retrying after a failed move reads a fresher value.
 *   <li>Failures of the underlying storage are {@link DirectoryStoreException}s naming the store
 *       and the operation; {@link #toString()} describes the store for such messages.
 *   <li>Thread-safe.
 * </ul>
 */
public interface DirectoryStore {

  /** The shard id recorded for {@code key}, or empty when the key has no entry. */
  Optional<String> lookup(String key);

  /**
   * Records {@code key} on {@code shardId} unless it already has an entry, and returns the shard id
   * that is recorded afterwards: {@code shardId} if this call (or a concurrent one with the same
   * shard id) created the entry, otherwise the existing entry's shard id. Concurrent callers for
   * the same new key, in this or other processes, all receive the same answer.
   */
  String assignIfAbsent(String key, String shardId);

  /**
   * Moves {@code key} from {@code expectedShardId} to {@code newShardId} if, and only if, it is
   * recorded on {@code expectedShardId} at the moment of the write. Returns whether it moved: false
   * when the key has no entry or is recorded on another shard.
   */
  boolean move(String key, String expectedShardId, String newShardId);

  /** Deletes the entry of {@code key}; returns whether there was one. */
  boolean remove(String key);
}
