package io.github.scaleblocks.sharding.resharding;

import io.github.scaleblocks.core.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The user's data access that a {@link LiveMigration} drives: read, write and delete one key on one
 * node (typically through the node's payload, a {@code DataSource} or a client). Each call should
 * be atomic for its key (one row, one entry) and linearizable per node: a read that starts after a
 * write or delete returned sees it. Called from the migration thread and, for {@link #read}, from
 * every thread that calls {@link LiveMigration#read}; must be thread-safe.
 *
 * <p>The three {@code ...All} methods move a whole batch in a few round trips; their defaults call
 * the one-key methods in a loop. Override them for stores that can (SQL {@code WHERE id = ANY(?)},
 * a Redis pipeline): a migration then costs about five calls per batch instead of five per key.
 * When a batch call throws, the migration redoes that batch key by key, so failures are still
 * reported per key.
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

  /**
   * The values of {@code keys} on {@code node}, in the order of {@code keys}, empty for each key
   * the node does not hold; the list must have one element per key.
   */
  default List<Optional<V>> readAll(Node<T> node, List<K> keys) throws Exception {
    List<Optional<V>> values = new ArrayList<>(keys.size());
    for (K key : keys) {
      values.add(Optional.ofNullable(read(node, key)));
    }
    return values;
  }

  /** {@link #write} for each key and the value at the same position, with the same contract. */
  default void writeAll(Node<T> node, List<K> keys, List<V> values) throws Exception {
    for (int i = 0; i < keys.size(); i++) {
      write(node, keys.get(i), values.get(i));
    }
  }

  /** {@link #delete} for each key. */
  default void deleteAll(Node<T> node, List<K> keys) throws Exception {
    for (K key : keys) {
      delete(node, key);
    }
  }
}
