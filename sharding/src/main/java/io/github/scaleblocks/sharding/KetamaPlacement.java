package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.Nodes;
import io.github.scaleblocks.sharding.spi.HashPlacement;
import java.util.List;

/**
 * Ketama as libketama and spymemcached's {@code KetamaNodeLocator} place keys, so a Java service
 * can share a memcached fleet with clients in other languages. The unweighted MD5 mode is checked
 * bit for bit against spymemcached's published expectations; the weighted mode implements the
 * formula of libmemcached's weighted continuum (and of spymemcached's weighted locator, which ports
 * it) but has no published data to be checked against.
 *
 * <p>The continuum is 32-bit. Each server string {@code s} (the {@link Node#id()}) gets points:
 *
 * <ul>
 *   <li>{@link Mode#MD5} ({@code ShardRouters.ketama()}): for {@code i = 0..39}, the MD5 digest of
 *       the UTF-8 bytes of {@code s + "-" + i} gives 4 points, its bytes 0-3, 4-7, 8-11 and 12-15
 *       each read little-endian: 160 points per server. Keys hash with {@link KetamaHashes#MD5}.
 *   <li>{@link Mode#WEIGHTED_MD5} ({@code ShardRouters.ketamaWeighted()}): as MD5, but server
 *       {@code s} of weight w gets {@code floor((float) (w/W · 160/4 · n + 1e-10)) · 4} points (W
 *       the total weight, n the server count), computed in 32-bit float exactly as libmemcached's
 *       {@code update_continuum} and spymemcached's weighted locator do. A server whose share
 *       rounds to no point is rejected.
 *   <li>{@link Mode#FNV1A_32} ({@code ShardRouters.ketamaFnv1a()}): what spymemcached does when the
 *       hash algorithm is not {@code KETAMA_HASH}: each of the 160 points is the FNV-1a 32-bit hash
 *       of {@code s + "-" + i} for {@code i = 0..159}, and keys hash with {@link
 *       KetamaHashes#FNV1A_32}.
 * </ul>
 *
 * <p>A key belongs to the first point at or after its 32-bit hash, wrapping to the first point.
 * When two servers put a point on the same position, the server later in the node list keeps it, as
 * in spymemcached (whose {@code TreeMap.put} overwrites); libmemcached's sort leaves such ties
 * unspecified. Replicas walk the continuum clockwise skipping servers already chosen
 * (spymemcached's failover {@code getSequence} rehashes instead; it is not reproduced).
 *
 * <p><b>The node id must be exactly the server string the other clients hash</b>: for spymemcached,
 * {@code String.valueOf(InetSocketAddress)} without a leading '/' (its default SPYMEMCACHED key
 * format), such as {@code "10.0.1.1:11211"} for an address given as an IP, or {@code
 * "cache1/10.0.1.1:11211"} for one given by name; libmemcached's weighted continuum names a server
 * {@code "host"} on port 11211 and {@code "host:port"} otherwise. Verified against spymemcached's
 * published expectations (3,241 keys on 8 servers, plus its 4- and 5-server cases and its FNV1A_32
 * case) in {@code KetamaPlacementTest}.
 *
 * <p>Not reproduced: libmemcached's unweighted "consistent" distribution (100 points per server,
 * one per hash: it is not libketama's continuum), libketama's own weighted formula ({@code
 * floorf(pct · 40 · n)} on memory sizes) and spymemcached's weighted locator combined with a
 * non-MD5 key hash.
 *
 * <p>Cost: MD5 of the key (hundreds of nanoseconds, the 16-byte digest allocated) dominates; the
 * continuum search itself is the same bucket-indexed lookup as the ring. Balance is Ketama's:
 * {@code KetamaPlacementTest} measured max/mean loads of 1.103 to 1.187 for 10 servers under five
 * naming schemes (1,000,000 keys "key-0"..).
 *
 * <p>When not to use it: for anything that does not have to agree with existing memcached clients;
 * the ring with the default XXH3 hashes faster and balances better. Weights are only supported in
 * the weighted mode, since that is the only one other clients define.
 */
final class KetamaPlacement implements HashPlacement {
  /** How points are derived from the server string. */
  enum Mode {
    MD5,
    WEIGHTED_MD5,
    FNV1A_32
  }

  /** Points per server in the unweighted modes, and the base of the weighted formula. */
  static final int POINTS_PER_SERVER = 160;

  private final Mode mode;

  KetamaPlacement(Mode mode) {
    this.mode = mode;
  }

  @Override
  public Table build(List<? extends Node<?>> nodes) {
    int n = nodes.size();
    int[] pointCounts = new int[n];
    long total = 0;
    if (mode == Mode.WEIGHTED_MD5) {
      long totalWeight = Nodes.totalWeight(nodes);
      for (int i = 0; i < n; i++) {
        pointCounts[i] = weightedPointCount(nodes.get(i).weight(), totalWeight, n);
        if (pointCounts[i] == 0) {
          throw new IllegalArgumentException(
              "node '"
                  + nodes.get(i).id()
                  + "' of weight "
                  + nodes.get(i).weight()
                  + " gets no point on the Ketama continuum (total weight "
                  + totalWeight
                  + "): its share is below 1/40 of the average; raise its weight");
        }
        total += pointCounts[i];
      }
    } else {
      for (int i = 0; i < n; i++) {
        Node<?> node = nodes.get(i);
        if (node.weight() != 1) {
          throw new IllegalArgumentException(
              "ketama has no weights but node '"
                  + node.id()
                  + "' has weight "
                  + node.weight()
                  + "; use ketamaWeighted() for libmemcached's weighted continuum");
        }
        pointCounts[i] = POINTS_PER_SERVER;
      }
      total = (long) POINTS_PER_SERVER * n;
    }
    if (total > Continuum.MAX_POINTS) {
      throw new IllegalArgumentException(
          "the Ketama continuum would have "
              + total
              + " points but at most "
              + Continuum.MAX_POINTS
              + " are allowed");
    }
    long[] positions = new long[(int) total];
    int[] owners = new int[(int) total];
    int p = 0;
    for (int i = 0; i < n; i++) {
      String server = nodes.get(i).id();
      if (mode == Mode.FNV1A_32) {
        for (int r = 0; r < pointCounts[i]; r++) {
          positions[p] = KetamaHashes.FNV1A_32.hash(server + "-" + r) << 32;
          owners[p++] = i;
        }
      } else {
        for (int r = 0; r < pointCounts[i] / 4; r++) {
          byte[] digest = KetamaHashes.md5(server + "-" + r);
          for (int h = 0; h < 4; h++) {
            positions[p] = KetamaHashes.uint32LittleEndian(digest, 4 * h) << 32;
            owners[p++] = i;
          }
        }
      }
    }
    // spymemcached fills a TreeMap in node order, so on a shared position the later node wins.
    Continuum continuum = Continuum.build(positions, owners, Math::max);
    return new Table() {
      @Override
      public int nodeIndex(long hash) {
        return continuum.nodeIndex(hash << 32);
      }

      @Override
      public void nodeIndexes(long hash, int[] out) {
        continuum.nodeIndexes(hash << 32, out);
      }
    };
  }

  /**
   * libmemcached's weighted point count, in 32-bit float as its C code (and spymemcached's port)
   * computes it: {@code floorf((float) (pct * 160 / 4 * n + 0.0000000001)) * 4}.
   */
  static int weightedPointCount(int weight, long totalWeight, int serverCount) {
    float percent = (float) weight / (float) totalWeight;
    float perHash = percent * (float) POINTS_PER_SERVER / 4 * (float) serverCount;
    return (int) (Math.floor((float) (perHash + 0.0000000001)) * 4);
  }

  @Override
  public String toString() {
    switch (mode) {
      case WEIGHTED_MD5:
        return "ketamaWeighted";
      case FNV1A_32:
        return "ketamaFnv1a";
      default:
        return "ketama";
    }
  }
}
