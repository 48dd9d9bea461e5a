package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import java.util.Collection;

/**
 * Builds a router that reads the key's value (modulo and range strategies): obtained from {@link
 * ShardRouters#modulo()}, {@link ShardRouters#boundaryRange(long...)} or {@link
 * ShardRouters#volumeRange(long, long, long)} with its configuration already checked and copied.
 *
 * <p>Every router it builds reads the value of a {@code long} key directly, parses a text key as a
 * decimal integer, decodes a {@code byte[]} key as strict UTF-8 text and parses that (malformed
 * UTF-8 is an {@link IllegalArgumentException}), and gives as replicas the partitions following the
 * owner's in node order, wrapping around. Weights are rejected: a value router has no weights.
 *
 * <p>Reusable and immutable: each {@link #build} makes an independent, immutable, thread-safe
 * router.
 */
public final class ValueRouterBuilder {
  private final ValueRouter.Partitioning partitioning;

  ValueRouterBuilder(ValueRouter.Partitioning partitioning) {
    this.partitioning = partitioning;
  }

  /**
   * A router over {@code nodes}: node i owns partition i. Rejects an empty set, null nodes,
   * duplicate ids, weights other than 1, and a node count the partitioning does not have, naming
   * the problem.
   */
  public <T> ShardRouter<T> build(Collection<? extends Node<T>> nodes) {
    return new ValueRouter<>(partitioning, nodes);
  }

  @Override
  public String toString() {
    return "ValueRouterBuilder[" + partitioning + "]";
  }
}
