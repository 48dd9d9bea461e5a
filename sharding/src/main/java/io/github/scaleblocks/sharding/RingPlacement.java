package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.hash.KeyHashers;
import io.github.scaleblocks.sharding.spi.HashPlacement;
import io.github.scaleblocks.sharding.spi.Mixing;
import java.util.List;

/**
 * Consistent hashing on a ring with virtual nodes (Karger et al. 1997): every node puts {@code
 * pointsPerNode × weight} points on a 64-bit ring and owns the arc before each of its points; a key
 * belongs to the first point at or after its hash, and its replicas to the next distinct nodes
 * clockwise.
 *
 * <p>Point positions are frozen and depend only on the node id: point {@code i} (from 0) of a node
 * is {@code Mixing.next(xxh3(id) + i * 0x9E3779B97F4A7C15L)}, the value SplitMix64 seeded with the
 * XXH3-64 of the id's UTF-8 bytes returns on its (i+1)-th call (so {@code new
 * SplittableRandom(xxh3(id)).nextLong()} gives them in order); pinned by a golden test. So a node
 * keeps its points, and its keys, whatever else joins or leaves. Should two points of different
 * nodes land on the same position (about one chance in 2^25 for a million points), the node with
 * the smaller id keeps it, so the result does not depend on the order of the nodes.
 *
 * <p>Balance, measured by {@code RingPlacementTest} (keys "key-0".."key-999999", 10 nodes, max/mean
 * load): with the default {@value #DEFAULT_POINTS_PER_NODE} points per node 1.028 to 1.039 over
 * five naming schemes ("node-0".., "10.0.0.1:11211".., "cache-a".., UUID-like ids, "shard_00"..);
 * with Ketama's 160 points the same schemes give 1.117 to 1.225, and 512 points 1.041 to 1.077.
 * Adding an 11th node to 10 moved 9.06% of keys (ideal 1/11 = 9.09%), every one of them to the new
 * node; removing a node moves exactly the keys it held.
 *
 * <p>Cost: one key hash, then a bucket-indexed search of the sorted points ({@link Continuum}):
 * O(1) expected, two or three memory reads whatever the ring size, no allocation. Building costs
 * O(P log P) for P points; the ring keeps 16 to 20 bytes per point (100 nodes with the default:
 * 102,400 points, about 1.8 MB).
 *
 * <p>When not to use it: with few points per node the shares are uneven (use the default, or Maglev
 * or jump hash for near-perfect balance); memory grows with nodes × points × weight, so very large
 * weights (say 1,000 on a few thousand nodes) are better served by rendezvous or Maglev.
 */
final class RingPlacement implements HashPlacement {
  /** Points per node of weight 1 unless configured; see the class description for the balance. */
  static final int DEFAULT_POINTS_PER_NODE = 1024;

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final int pointsPerNode;

  RingPlacement(int pointsPerNode) {
    this.pointsPerNode = pointsPerNode;
  }

  /** Rejects a points-per-node count that is not positive, naming it. */
  static int checkPointsPerNode(int pointsPerNode) {
    if (pointsPerNode < 1) {
      throw new IllegalArgumentException(
          "points per node must be at least 1 but was " + pointsPerNode);
    }
    if (pointsPerNode > Continuum.MAX_POINTS) {
      throw new IllegalArgumentException(
          "points per node must be at most " + Continuum.MAX_POINTS + " but was " + pointsPerNode);
    }
    return pointsPerNode;
  }

  /** Position of point {@code i} of the node whose id hashes to {@code seed}. */
  static long point(long seed, int i) {
    return Mixing.next(seed + i * GOLDEN_GAMMA);
  }

  @Override
  public Table build(List<? extends Node<?>> nodes) {
    return new ContinuumTable(continuum(nodes, pointsPerNode));
  }

  /** The ring of {@code nodes}, shared with the bounded-load router. */
  static Continuum continuum(List<? extends Node<?>> nodes, int pointsPerNode) {
    long total = 0;
    for (Node<?> node : nodes) {
      total += (long) node.weight() * pointsPerNode;
    }
    if (total > Continuum.MAX_POINTS) {
      throw new IllegalArgumentException(
          "the ring would have "
              + total
              + " points (points per node "
              + pointsPerNode
              + " × total weight) but at most "
              + Continuum.MAX_POINTS
              + " are allowed; lower the points per node or the weights");
    }
    long[] positions = new long[(int) total];
    int[] owners = new int[(int) total];
    int p = 0;
    for (int n = 0; n < nodes.size(); n++) {
      Node<?> node = nodes.get(n);
      long seed = KeyHashers.xxh3().hash(node.id());
      int count = node.weight() * pointsPerNode;
      for (int i = 0; i < count; i++) {
        positions[p] = point(seed, i);
        owners[p] = n;
        p++;
      }
    }
    return Continuum.build(
        positions, owners, (a, b) -> nodes.get(a).id().compareTo(nodes.get(b).id()) <= 0 ? a : b);
  }

  @Override
  public String toString() {
    return "ring(" + pointsPerNode + ")";
  }

  /** Looks the key hash up directly as a ring position. */
  static final class ContinuumTable implements Table {
    private final Continuum continuum;

    ContinuumTable(Continuum continuum) {
      this.continuum = continuum;
    }

    @Override
    public int nodeIndex(long hash) {
      return continuum.nodeIndex(hash);
    }

    @Override
    public void nodeIndexes(long hash, int[] out) {
      continuum.nodeIndexes(hash, out);
    }
  }
}
