package io.github.scaleblocks.sharding.resharding;

import io.github.scaleblocks.core.Node;
import org.jspecify.annotations.Nullable;

/**
 * The user's data access that a {@link LiveMigration} drives: read, write and delete one key on one
 * node (typically through the node's payload, a {@code DataSource} or a client). Each call should
 * be atomic for its key (one row, one entry) and linearizable per node: a read that starts after a
 * write or delete returned sees it. Called from the migration thread and, for {@link #read}, from
 * every thread that calls {@link LiveMigration#read}; must be thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param <T> the node payload type
 */
public interface ShardAccess<K, V, T> {

  /** The value of {@code key} on {@code node}, or null when the node does not hold the key. */
  @Nullable V read(Node<T> node, K key) throws Exception;

  /**
   * Stores {@code value} for {@code key} on {@code node}, replacing nothing the application wrote
   * there meanwhile (for SQL, {@code INSERT ... ON CONFLICT DO NOTHING} is the safe choice when the
   * application writes through the new router during the migration).
   */
  void write(Node<T> node, K key, V value) throws Exception;

  /** Removes {@code key} from {@code node}; removing an absent key is not an error. */
  void delete(Node<T> node, K key) throws Exception;
}
