package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.internal.Checks;
import java.util.Arrays;

/**
 * Ranges between fixed boundaries (ShardingSphere's BOUNDARY_RANGE): n strictly increasing
 * boundaries b1 &lt; ... &lt; bn make n+1 partitions {@code (-inf, b1), [b1, b2), ..., [bn, +inf)};
 * each boundary belongs to the partition it opens. Immutable and thread-safe; a lookup is a binary
 * search over the boundaries, O(log n), allocating nothing for a {@code long} key.
 *
 * <p>When not to use it: for ever-growing keys (new ids all pile into the last range) or when the
 * ranges must be rebalanced often; a new boundary moves every key of the range it splits.
 */
final class BoundaryRangePartitioning implements ValueRouter.Partitioning {
  private final long[] boundaries;

  private BoundaryRangePartitioning(long[] boundaries) {
    this.boundaries = boundaries;
  }

  /** Copies and checks {@code boundaries}: at least one, strictly increasing. */
  static BoundaryRangePartitioning of(long[] boundaries) {
    Checks.notNull(boundaries, "boundaries");
    if (boundaries.length == 0) {
      throw new IllegalArgumentException(
          "boundaryRange needs at least one boundary (n boundaries make n+1 ranges)");
    }
    long[] copy = boundaries.clone();
    for (int i = 1; i < copy.length; i++) {
      if (copy[i] == copy[i - 1]) {
        throw new IllegalArgumentException(
            "boundaries must be strictly increasing but boundaries["
                + (i - 1)
                + "] and boundaries["
                + i
                + "] are both "
                + copy[i]);
      }
      if (copy[i] < copy[i - 1]) {
        throw new IllegalArgumentException(
            "boundaries must be strictly increasing but boundaries["
                + i
                + "] = "
                + copy[i]
                + " is less than boundaries["
                + (i - 1)
                + "] = "
                + copy[i - 1]);
      }
    }
    return new BoundaryRangePartitioning(copy);
  }

  @Override
  public void checkNodeCount(int nodeCount) {
    int partitions = boundaries.length + 1;
    if (nodeCount != partitions) {
      throw new IllegalArgumentException(
          "boundaryRange with "
              + boundaries.length
              + " boundaries has "
              + partitions
              + " ranges and needs exactly "
              + partitions
              + " nodes, one per range, but got "
              + nodeCount);
    }
  }

  @Override
  public int partition(long key, int nodeCount) {
    // the number of boundaries <= key
    int index = Arrays.binarySearch(boundaries, key);
    return index >= 0 ? index + 1 : -index - 1;
  }

  @Override
  public int partition(CharSequence key, int nodeCount) {
    return partition(ValueKeys.parseLong(key), nodeCount);
  }

  @Override
  public String toString() {
    return "boundaryRange" + Arrays.toString(boundaries);
  }
}
