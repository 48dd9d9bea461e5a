package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.hash.KeyHashers;
import io.github.scaleblocks.sharding.spi.HashPlacement;
import java.util.Arrays;
import java.util.List;

/**
 * Maglev hashing (Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load Balancer",
 * NSDI 2016): a lookup table of prime size M (default {@value #DEFAULT_TABLE_SIZE}) in which every
 * node owns about M/n slots; a key hash picks a slot.
 *
 * <p>Population, as in the paper: node i's preference list is {@code (offset_i + j · skip_i) mod M}
 * for {@code j = 0, 1, ...}, with {@code offset_i = xxh3(id) mod M} and {@code skip_i = murmur3(id)
 * mod (M - 1) + 1} (two independent hashes of the node id, both core built-ins, read as unsigned);
 * since M is prime every list visits every slot. Nodes take turns, in list order, each claiming its
 * next preferred slot that is still empty, until the table is full.
 *
 * <p>Weights: a node of weight w takes a turn in a round only when its credit, raised by w every
 * round, reaches the largest weight (which is then subtracted). So with weights 1 and 3 the heavy
 * node claims a slot every round and the light one every third round; slot counts are proportional
 * to weight within one slot per node, and equal weights reduce to the paper's round robin.
 *
 * <p>Lookup: slot {@code ((hash >>> 32) · M) >>> 32} (multiply-shift range reduction of the top 32
 * bits, no division), one array read; O(1), allocation-free. Replicas follow the default derived
 * hash sequence of {@link HashPlacement.Table#nodeIndexes}.
 *
 * <p>Measured by {@code MaglevPlacementTest} (keys "key-0".."key-999999", 10 nodes, M = 65,537):
 * max/mean load 1.0034 to 1.0080 over five naming schemes (each node owns 6,553 or 6,554 slots);
 * adding an 11th node to "node-0".."node-9" moved 9.38% of keys (the minimum is 1/11 = 9.09%);
 * removing "node-3" moved 10.22% (the minimum, its own share, is about 10%).
 *
 * <p>Cost: building takes O(M log M) expected slot probes (more with very uneven weights: each
 * round costs O(n) and fills at least one slot) and 4 × M bytes; a topology change rebuilds the
 * whole table. When not to use it: when every key that does not have to move must stay (Maglev
 * moves a little more than the minimum; use rendezvous or the ring), for thousands of nodes with
 * the default M (a node's share is a whole number of slots and the slot counts differ by one, so
 * keep M at least 100 × n), or when the table's memory matters.
 */
final class MaglevPlacement implements HashPlacement {
  /** The paper's table size for small clusters; a prime. */
  static final int DEFAULT_TABLE_SIZE = 65_537;

  /** Smallest table size accepted. */
  static final int MIN_TABLE_SIZE = 101;

  /** Largest table size accepted (64 MB of table). */
  static final int MAX_TABLE_SIZE = 1 << 24;

  private final int tableSize;

  MaglevPlacement(int tableSize) {
    this.tableSize = tableSize;
  }

  /** Rejects a table size that is too small, too large or not prime, naming it and why. */
  static int checkTableSize(int size) {
    if (size < MIN_TABLE_SIZE || size > MAX_TABLE_SIZE) {
      throw new IllegalArgumentException(
          "Maglev table size must be a prime between "
              + MIN_TABLE_SIZE
              + " and "
              + MAX_TABLE_SIZE
              + " but was "
              + size);
    }
    int divisor = smallestDivisor(size);
    if (divisor != size) {
      throw new IllegalArgumentException(
          "Maglev table size must be prime, so that every node's preference list visits every"
              + " slot, but "
              + size
              + " = "
              + divisor
              + " × "
              + size / divisor);
    }
    return size;
  }

  private static int smallestDivisor(int n) {
    if (n % 2 == 0) {
      return 2;
    }
    for (int d = 3; (long) d * d <= n; d += 2) {
      if (n % d == 0) {
        return d;
      }
    }
    return n;
  }

  @Override
  public Table build(List<? extends Node<?>> nodes) {
    int n = nodes.size();
    int m = tableSize;
    if (n >= m) {
      throw new IllegalArgumentException(
          "Maglev table size "
              + m
              + " must exceed the node count "
              + n
              + " (ideally 100 × the node count)");
    }
    int[] entry = populate(nodes, m);
    long size = m;
    return new Table() {
      @Override
      public int nodeIndex(long hash) {
        return entry[(int) (((hash >>> 32) * size) >>> 32)];
      }
    };
  }

  /** The paper's population loop, with weighted turns; see the class description. */
  static int[] populate(List<? extends Node<?>> nodes, int m) {
    int n = nodes.size();
    int[] position = new int[n];
    int[] skip = new int[n];
    long[] weight = new long[n];
    long maxWeight = 0;
    for (int i = 0; i < n; i++) {
      Node<?> node = nodes.get(i);
      position[i] = (int) Long.remainderUnsigned(KeyHashers.xxh3().hash(node.id()), m);
      skip[i] = (int) Long.remainderUnsigned(KeyHashers.murmur3().hash(node.id()), m - 1) + 1;
      weight[i] = node.weight();
      maxWeight = Math.max(maxWeight, node.weight());
    }
    int[] entry = new int[m];
    Arrays.fill(entry, -1);
    long[] credit = new long[n];
    int filled = 0;
    while (true) {
      for (int i = 0; i < n; i++) {
        credit[i] += weight[i];
        if (credit[i] < maxWeight) {
          continue;
        }
        credit[i] -= maxWeight;
        int c = position[i];
        while (entry[c] >= 0) {
          c += skip[i];
          if (c >= m) {
            c -= m;
          }
        }
        entry[c] = i;
        c += skip[i];
        position[i] = c >= m ? c - m : c;
        if (++filled == m) {
          return entry;
        }
      }
    }
  }

  @Override
  public String toString() {
    return "maglev(" + tableSize + ")";
  }
}
