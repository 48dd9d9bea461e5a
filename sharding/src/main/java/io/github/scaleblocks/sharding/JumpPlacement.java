package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.spi.HashPlacement;
import java.util.List;

/**
 * Jump consistent hash (Lamping and Veach, 2014): the bucket is exactly the reference algorithm's
 * (and Guava's {@code Hashing.consistentHash}) for every hash and bucket count. No memory, about
 * ln(n) steps per key, perfect balance and minimal disruption when buckets are added or removed
 * <em>at the end</em>.
 *
 * <p>When not to use it: buckets are numbered, so a node can only be removed from the end of the
 * list; removing one in the middle renumbers every later node and moves their keys. It has no
 * weights (nodes of weight other than 1 are rejected): use rendezvous or the ring for those.
 */
final class JumpPlacement implements HashPlacement {
  static final JumpPlacement INSTANCE = new JumpPlacement();

  private JumpPlacement() {}

  @Override
  public Table build(List<? extends Node<?>> nodes) {
    requireUnweighted("jump", nodes);
    int buckets = nodes.size();
    return hash -> bucket(hash, buckets);
  }

  /** Rejects any node of weight other than 1, naming it, for the numbered-bucket strategies. */
  static void requireUnweighted(String strategy, List<? extends Node<?>> nodes) {
    for (Node<?> node : nodes) {
      if (node.weight() != 1) {
        throw new IllegalArgumentException(
            strategy
                + " hash has no weights but node '"
                + node.id()
                + "' has weight "
                + node.weight()
                + "; use rendezvous, the ring or Maglev for weighted nodes");
      }
    }
  }

  /** The reference algorithm, step for step. */
  static int bucket(long key, int buckets) {
    long b = -1;
    long j = 0;
    while (j < buckets) {
      b = j;
      key = key * 2862933555777941757L + 1;
      j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
    }
    return (int) b;
  }

  @Override
  public String toString() {
    return "jump";
  }
}
