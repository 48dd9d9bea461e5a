package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import java.util.Collection;

/**
 * A {@link ShardRouter} that looks each key up in a directory (a key-to-shard table in a {@link
 * io.github.scaleblocks.sharding.spi.DirectoryStore}) and lets individual keys be moved between
 * nodes. Built by {@link ShardRouters#directory}; see there for routing, replicas and costs.
 *
 * <p>Unlike the hash routers, the answer for a key changes when the key is moved, so the router is
 * deterministic only between moves. The router object itself is immutable and thread-safe; the
 * mutable state is the store's.
 *
 * @param <T> the payload type of the nodes
 */
public interface DirectoryRouter<T> extends ShardRouter<T> {

  /**
   * Records {@code key} on {@code to}, whichever node it is on now (including a shard id that is no
   * longer among the nodes, which is how such keys are repaired). A key with no entry is recorded
   * on {@code to} directly. The write is a compare-and-set against the entry just read, retried
   * when a concurrent writer changed it in between, so the last of several concurrent moves wins
   * and no move is lost half-way.
   *
   * <p>Moving a key only changes where it routes: copying the key's data to the new node is the
   * caller's job (copy first, then move, then delete the old copy).
   *
   * @return true if the entry changed, false if the key already was on {@code to}
   * @throws IllegalArgumentException if {@code to} is not one of {@link #nodes()}
   * @throws io.github.scaleblocks.sharding.spi.DirectoryStoreException if the store fails
   */
  boolean moveKey(CharSequence key, Node<T> to);

  /** {@link #moveKey(CharSequence, Node)} for a byte-array key. */
  boolean moveKey(byte[] key, Node<T> to);

  /** {@link #moveKey(CharSequence, Node)} for a long key. */
  boolean moveKey(long key, Node<T> to);

  /**
   * A directory router over the same store, listeners and fallback strategy, with the fallback
   * rebuilt over {@code nodes}. Entries are not touched: keys recorded on a node that is not in
   * {@code nodes} fail to route until they are moved, so move a node's keys away before removing
   * it.
   */
  @Override
  DirectoryRouter<T> withNodes(Collection<? extends Node<T>> nodes);
}
