package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import java.util.Collection;
import java.util.List;

/**
 * Maps keys to the nodes that own them: one node for a read or write, or N distinct nodes in
 * preference order for replicas.
 *
 * <p>Contract, shared by every built-in and checked for user routers by the {@code
 * sharding-testkit} contract:
 *
 * <ul>
 *   <li>Deterministic: the same key and the same node set give the same node, in every process and
 *       release. Key forms agree: a string routes as its UTF-8 bytes, a {@code long} as its 8
 *       little-endian bytes (except for strategies that read the key's value, such as range and
 *       interval routers, which say so).
 *   <li>Only nodes of {@link #nodes()} are returned; {@code route(key, n)} returns n distinct nodes
 *       whose first is {@code route(key)}.
 *   <li>Immutable and thread-safe; {@link #withNodes} returns a new router of the same strategy and
 *       configuration.
 *   <li>Bad input fails fast: a null key is a {@link NullPointerException} naming the key; a
 *       replica count outside 1..{@code nodes().size()} an {@link IllegalArgumentException} naming
 *       both.
 * </ul>
 *
 * @param <T> the payload type of the nodes (a {@code DataSource}, a client, a host name)
 */
public interface ShardRouter<T> {

  /** The node that owns {@code key}. */
  Node<T> route(CharSequence key);

  /** The node that owns {@code key}. */
  Node<T> route(byte[] key);

  /** The node that owns {@code key}. */
  Node<T> route(long key);

  /** {@code count} distinct nodes for {@code key} in preference order; the first is the owner. */
  List<Node<T>> route(CharSequence key, int count);

  /** {@code count} distinct nodes for {@code key} in preference order; the first is the owner. */
  List<Node<T>> route(byte[] key, int count);

  /** {@code count} distinct nodes for {@code key} in preference order; the first is the owner. */
  List<Node<T>> route(long key, int count);

  /** The nodes this router places keys on, in the order they were given. */
  List<Node<T>> nodes();

  /**
   * A router of the same strategy and configuration over {@code nodes}. Nodes kept from this router
   * keep as many of their keys as the strategy allows (see each strategy's disruption).
   */
  ShardRouter<T> withNodes(Collection<? extends Node<T>> nodes);
}
