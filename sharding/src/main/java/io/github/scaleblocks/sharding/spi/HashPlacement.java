package io.github.scaleblocks.sharding.spi;

import io.github.scaleblocks.core.Node;
import java.util.List;

/**
 * A hash-based placement scheme: for a fixed node list, maps a 64-bit key hash to node indexes. The
 * built-in ring, Ketama, jump, rendezvous, Maglev and modulo strategies are placements; a user's
 * own scheme implements this interface and is passed to {@code ShardRouters.custom(...)}, which
 * takes care of key hashing, validation, replicas and {@code withNodes}.
 *
 * <pre>{@code
 * HashPlacement lowBits = nodes -> new HashPlacement.Table() {
 *   public int nodeIndex(long hash) { return (int) ((hash & 0xFFFF) % nodes.size()); }
 * };
 * ShardRouter<String> router = ShardRouters.custom(lowBits).build(nodes);
 * }</pre>
 */
@FunctionalInterface
public interface HashPlacement {

  /**
   * Builds the lookup structure for {@code nodes}: at least one node, none null, ids distinct,
   * weights positive (already checked). Called once per topology, never on the routing path.
   */
  Table build(List<? extends Node<?>> nodes);

  /** The lookup structure for one node list; immutable and thread-safe. */
  interface Table {

    /** The index (into the node list given to {@link HashPlacement#build}) of the owner of hash. */
    int nodeIndex(long hash);

    /**
     * Writes {@code out.length} distinct node indexes for {@code hash} in preference order, the
     * first equal to {@link #nodeIndex}. {@code out.length} is between 1 and the node count.
     *
     * <p>The default walks a sequence of derived hashes and skips repeats, which is correct for any
     * placement; strategies with a natural successor order (a ring's next point, rendezvous'
     * next-highest score) override it.
     */
    default void nodeIndexes(long hash, int[] out) {
      int found = 0;
      long h = hash;
      int probes = 0;
      while (found < out.length) {
        int candidate = nodeIndex(h);
        boolean seen = false;
        for (int i = 0; i < found; i++) {
          if (out[i] == candidate) {
            seen = true;
            break;
          }
        }
        if (!seen) {
          out[found++] = candidate;
        }
        h = Mixing.next(h);
        if (++probes > 64 * out.length + 1024 && found < out.length) {
          throw new IllegalStateException(
              "placement "
                  + this
                  + " returned only "
                  + found
                  + " distinct nodes after "
                  + probes
                  + " probes; override nodeIndexes");
        }
      }
    }
  }
}
