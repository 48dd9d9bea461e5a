package io.github.scaleblocks.core;

import io.github.scaleblocks.core.internal.Checks;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks on node collections that every router and balancer applies before it builds. */
public final class Nodes {
  private Nodes() {}

  /**
   * Returns an immutable copy of {@code nodes} in their given order, after checking that there is
   * at least one node, that none is null and that no two share an id (the error names the duplicate
   * id and both positions).
   */
  public static <T> List<Node<T>> checkedCopy(Collection<? extends Node<T>> nodes) {
    Checks.notNull(nodes, "nodes");
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("the node set is empty: at least one node is required");
    }
    Map<String, Integer> positions = new HashMap<>();
    int index = 0;
    for (Node<T> node : nodes) {
      Checks.notNull(node, "node at index " + index);
      Integer earlier = positions.putIfAbsent(node.id(), index);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "duplicate node id '"
                + node.id()
                + "' at index "
                + earlier
                + " and index "
                + index
                + ": node ids must be unique");
      }
      index++;
    }
    return List.copyOf(nodes);
  }

  /** The sum of the weights of {@code nodes}, checked for overflow. */
  public static long totalWeight(Collection<? extends Node<?>> nodes) {
    long total = 0;
    for (Node<?> node : nodes) {
      total = Math.addExact(total, node.weight());
    }
    return total;
  }
}
