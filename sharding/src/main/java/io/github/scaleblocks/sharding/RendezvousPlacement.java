package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.hash.KeyHashers;
import io.github.scaleblocks.sharding.spi.HashPlacement;
import io.github.scaleblocks.sharding.spi.Mixing;
import java.util.List;

/**
 * Weighted rendezvous (highest random weight) hashing: every node scores the key and the highest
 * score wins; with weights the score is {@code -w / ln(u)} for a uniform u in (0, 1) derived from
 * the key and the node id (Schindelhauer and Schomaker's logarithmic method), which gives each node
 * a share exactly proportional to its weight. Replicas are the next-highest scores.
 *
 * <p>Adding or removing a node moves only the keys it wins or held: the minimal disruption, for any
 * node, in any position. The price is O(n) work per key: fine for tens of nodes, slow for thousands
 * (use the ring or Maglev there).
 */
final class RendezvousPlacement implements HashPlacement {
  static final RendezvousPlacement INSTANCE = new RendezvousPlacement();

  private RendezvousPlacement() {}

  @Override
  public Table build(List<? extends Node<?>> nodes) {
    int n = nodes.size();
    long[] seeds = new long[n];
    double[] weights = new double[n];
    boolean uniform = true;
    for (int i = 0; i < n; i++) {
      Node<?> node = nodes.get(i);
      seeds[i] = KeyHashers.xxh3().hash(node.id());
      weights[i] = node.weight();
      uniform &= node.weight() == nodes.get(0).weight();
    }
    return uniform ? new Uniform(seeds) : new Weighted(seeds, weights);
  }

  /** The per-node random value for a key: a strong mix of the key hash and the node's seed. */
  static long draw(long hash, long seed) {
    return Mixing.next(hash ^ Mixing.next(seed));
  }

  /** Equal weights: the largest draw wins, compared unsigned, no logarithm needed. */
  private static final class Uniform implements Table {
    private final long[] seeds;

    Uniform(long[] seeds) {
      this.seeds = seeds;
    }

    @Override
    public int nodeIndex(long hash) {
      int best = 0;
      long bestDraw = draw(hash, seeds[0]);
      for (int i = 1; i < seeds.length; i++) {
        long d = draw(hash, seeds[i]);
        if (Long.compareUnsigned(d, bestDraw) > 0) {
          best = i;
          bestDraw = d;
        }
      }
      return best;
    }

    @Override
    public void nodeIndexes(long hash, int[] out) {
      double[] scores = new double[seeds.length];
      for (int i = 0; i < seeds.length; i++) {
        long d = draw(hash, seeds[i]);
        // unsigned order preserved: map to [0, 2^64) as a double
        scores[i] = (d >>> 1) * 2.0 + (d & 1);
      }
      topK(scores, out);
    }
  }

  private static final class Weighted implements Table {
    private final long[] seeds;
    private final double[] weights;

    Weighted(long[] seeds, double[] weights) {
      this.seeds = seeds;
      this.weights = weights;
    }

    private double score(long hash, int i) {
      double u = ((draw(hash, seeds[i]) >>> 11) + 0.5) * 0x1.0p-53;
      return -weights[i] / Math.log(u);
    }

    @Override
    public int nodeIndex(long hash) {
      int best = 0;
      double bestScore = score(hash, 0);
      for (int i = 1; i < seeds.length; i++) {
        double s = score(hash, i);
        if (s > bestScore) {
          best = i;
          bestScore = s;
        }
      }
      return best;
    }

    @Override
    public void nodeIndexes(long hash, int[] out) {
      double[] scores = new double[seeds.length];
      for (int i = 0; i < seeds.length; i++) {
        scores[i] = score(hash, i);
      }
      topK(scores, out);
    }
  }

  /** Writes the indexes of the out.length highest scores, highest first (ties: lower index). */
  static void topK(double[] scores, int[] out) {
    boolean[] taken = new boolean[scores.length];
    for (int k = 0; k < out.length; k++) {
      int best = -1;
      for (int i = 0; i < scores.length; i++) {
        if (!taken[i] && (best < 0 || scores[i] > scores[best])) {
          best = i;
        }
      }
      taken[best] = true;
      out[k] = best;
    }
  }

  @Override
  public String toString() {
    return "rendezvous";
  }
}
