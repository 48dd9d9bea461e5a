package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Shared replica-list checks and conversion for the routers. */
final class Replicas {
  private Replicas() {}

  /** Rejects a replica count outside 1..nodeCount, naming both. */
  static void checkCount(int count, int nodeCount) {
    if (count < 1 || count > nodeCount) {
      throw new IllegalArgumentException(
          "replica count must be between 1 and the node count " + nodeCount + " but was " + count);
    }
  }

  /** The nodes at {@code indexes}, checked distinct, as an immutable list. */
  static <T> List<Node<T>> toNodes(List<Node<T>> nodes, int[] indexes) {
    List<Node<T>> result = new ArrayList<>(indexes.length);
    for (int index : indexes) {
      Node<T> node = nodes.get(index);
      if (result.contains(node)) {
        throw new IllegalStateException(
            "placement returned node '" + node.id() + "' twice in one replica list");
      }
      result.add(node);
    }
    return Collections.unmodifiableList(result);
  }
}
