package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.Nodes;
import io.github.scaleblocks.sharding.spi.HashPlacement;
import java.util.List;

/**
 * Hash modulo (ShardingSphere's HASH_MOD): the owner is slot {@code hash mod totalWeight}, each
 * node holding as many consecutive slots as its weight. Perfectly balanced and the cheapest lookup.
 *
 * <p>When not to use it: changing the node count from n to n+1 moves about n/(n+1) of all keys. Use
 * it for a fixed shard count that data is laid out for (and reshard with a plan), never for a cache
 * fleet whose membership changes.
 */
final class ModuloPlacement implements HashPlacement {
  static final ModuloPlacement INSTANCE = new ModuloPlacement();

  /** Bound on the slot table: total weight at most 2^20. */
  static final int MAX_TOTAL_WEIGHT = 1 << 20;

  private ModuloPlacement() {}

  @Override
  public Table build(List<? extends Node<?>> nodes) {
    long totalWeight = Nodes.totalWeight(nodes);
    if (totalWeight > MAX_TOTAL_WEIGHT) {
      throw new IllegalArgumentException(
          "hash modulo needs a total weight of at most "
              + MAX_TOTAL_WEIGHT
              + " but the nodes weigh "
              + totalWeight);
    }
    int slotCount = (int) totalWeight;
    if (slotCount == nodes.size()) {
      return hash -> (int) Long.remainderUnsigned(hash, slotCount);
    }
    int[] slots = new int[slotCount];
    int slot = 0;
    for (int i = 0; i < nodes.size(); i++) {
      for (int w = 0; w < nodes.get(i).weight(); w++) {
        slots[slot++] = i;
      }
    }
    return hash -> slots[(int) Long.remainderUnsigned(hash, slotCount)];
  }

  @Override
  public String toString() {
    return "hashModulo";
  }
}
