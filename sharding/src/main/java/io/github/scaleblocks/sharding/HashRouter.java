package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.Nodes;
import io.github.scaleblocks.core.hash.KeyHasher;
import io.github.scaleblocks.sharding.spi.HashPlacement;
import java.util.Collection;
import java.util.List;

/**
 * A router that hashes the key with a {@link KeyHasher} and asks a {@link HashPlacement.Table} for
 * the owner. Routing one key costs one hash and one table lookup and allocates nothing; replica
 * lists allocate the list.
 */
final class HashRouter<T> implements ShardRouter<T> {
  private final String name;
  private final HashPlacement placement;
  private final KeyHasher hasher;
  private final List<Node<T>> nodes;
  private final HashPlacement.Table table;

  HashRouter(
      String name, HashPlacement placement, KeyHasher hasher, Collection<? extends Node<T>> nodes) {
    this.name = name;
    this.placement = placement;
    this.hasher = hasher;
    this.nodes = Nodes.checkedCopy(nodes);
    this.table = placement.build(this.nodes);
  }

  @Override
  public Node<T> route(CharSequence key) {
    return node(table.nodeIndex(hasher.hash(key)));
  }

  @Override
  public Node<T> route(byte[] key) {
    return node(table.nodeIndex(hasher.hash(key)));
  }

  @Override
  public Node<T> route(long key) {
    return node(table.nodeIndex(hasher.hash(key)));
  }

  @Override
  public List<Node<T>> route(CharSequence key, int count) {
    Replicas.checkCount(count, nodes.size());
    return replicas(hasher.hash(key), count);
  }

  @Override
  public List<Node<T>> route(byte[] key, int count) {
    Replicas.checkCount(count, nodes.size());
    return replicas(hasher.hash(key), count);
  }

  @Override
  public List<Node<T>> route(long key, int count) {
    Replicas.checkCount(count, nodes.size());
    return replicas(hasher.hash(key), count);
  }

  private List<Node<T>> replicas(long hash, int count) {
    int[] indexes = new int[count];
    table.nodeIndexes(hash, indexes);
    return Replicas.toNodes(nodes, indexes);
  }

  private Node<T> node(int index) {
    return nodes.get(index);
  }

  @Override
  public List<Node<T>> nodes() {
    return nodes;
  }

  @Override
  public ShardRouter<T> withNodes(Collection<? extends Node<T>> newNodes) {
    return new HashRouter<>(name, placement, hasher, newNodes);
  }

  @Override
  public String toString() {
    return "ShardRouter[" + name + ", " + hasher + ", " + nodes.size() + " nodes]";
  }
}
