package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.Nodes;
import io.github.scaleblocks.core.internal.Checks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * A router that reads the key's value (a number or a date-time) instead of hashing it, and maps it
 * to a partition; partition i is owned by node i of the node list.
 *
 * <p>Key forms: a {@code long} is the value itself; a {@link CharSequence} is parsed by the
 * partitioning (decimal digits, or an ISO-8601 date-time for intervals); a {@code byte[]} is
 * decoded as strict UTF-8 text and then parsed like a {@link CharSequence}, so {@code route("42")},
 * {@code route(42L)} and {@code route("42".getBytes(UTF_8))} agree. Replicas of partition p are
 * partitions p+1, p+2, ... in node order, wrapping to 0: the natural "next shard" of a range
 * layout.
 *
 * <p>Immutable and thread-safe. Routing a {@code long} costs O(1) or a binary search and allocates
 * nothing; string keys cost one parse.
 */
final class ValueRouter<T> implements ShardRouter<T> {

  /** How a value router's key values map to partitions; one per strategy. */
  interface Partitioning {

    /** Throws {@link IllegalArgumentException} unless {@code nodeCount} nodes fit the layout. */
    void checkNodeCount(int nodeCount);

    /** The partition of a {@code long} key, in 0..nodeCount-1. */
    int partition(long key, int nodeCount);

    /** The partition of a text key, in 0..nodeCount-1; unparseable text is rejected naming it. */
    int partition(CharSequence key, int nodeCount);
  }

  private final Partitioning partitioning;
  private final List<Node<T>> nodes;

  ValueRouter(Partitioning partitioning, Collection<? extends Node<T>> nodes) {
    this.partitioning = partitioning;
    this.nodes = Nodes.checkedCopy(nodes);
    for (Node<T> node : this.nodes) {
      if (node.weight() != 1) {
        throw new IllegalArgumentException(
            partitioning
                + " routes by key value and has no weights but node '"
                + node.id()
                + "' has weight "
                + node.weight());
      }
    }
    partitioning.checkNodeCount(this.nodes.size());
  }

  @Override
  public Node<T> route(CharSequence key) {
    Checks.notNull(key, "key");
    return nodes.get(partitioning.partition(key, nodes.size()));
  }

  @Override
  public Node<T> route(byte[] key) {
    return route(ValueKeys.decode(key));
  }

  @Override
  public Node<T> route(long key) {
    return nodes.get(partitioning.partition(key, nodes.size()));
  }

  @Override
  public List<Node<T>> route(CharSequence key, int count) {
    Checks.notNull(key, "key");
    Replicas.checkCount(count, nodes.size());
    return successors(partitioning.partition(key, nodes.size()), count);
  }

  @Override
  public List<Node<T>> route(byte[] key, int count) {
    return route(ValueKeys.decode(key), count);
  }

  @Override
  public List<Node<T>> route(long key, int count) {
    Replicas.checkCount(count, nodes.size());
    return successors(partitioning.partition(key, nodes.size()), count);
  }

  private List<Node<T>> successors(int first, int count) {
    List<Node<T>> result = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      result.add(nodes.get((first + i) % nodes.size()));
    }
    return Collections.unmodifiableList(result);
  }

  @Override
  public List<Node<T>> nodes() {
    return nodes;
  }

  @Override
  public ShardRouter<T> withNodes(Collection<? extends Node<T>> newNodes) {
    return new ValueRouter<>(partitioning, newNodes);
  }

  @Override
  public String toString() {
    return "ShardRouter[" + partitioning + ", " + nodes.size() + " nodes]";
  }
}
