package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.sharding.spi.HashPlacement;

/**
 * Factories for every built-in sharding strategy. Each returns a builder whose {@code build(nodes)}
 * gives a {@link ShardRouter}.
 *
 * <p>Choosing one:
 *
 * <table>
 *   <caption>Strategies</caption>
 *   <tr><th>Strategy</th><th>Lookup</th><th>Weights</th><th>Keys moved by adding 1 node to n</th></tr>
 *   <tr><td>{@link #hashModulo()}</td><td>O(1)</td><td>yes</td><td>about n/(n+1): fixed shard counts only</td></tr>
 *   <tr><td>{@link #jump()}</td><td>O(log n), no memory</td><td>no</td><td>1/(n+1); remove only the last node</td></tr>
 *   <tr><td>{@link #rendezvous()}</td><td>O(n)</td><td>yes</td><td>1/(n+1), any node</td></tr>
 * </table>
 */
public final class ShardRouters {
  private ShardRouters() {}

  /** Hash modulo the total weight (ShardingSphere's HASH_MOD); see {@link ModuloPlacement}. */
  public static HashRouterBuilder hashModulo() {
    return new HashRouterBuilder("hashModulo", ModuloPlacement.INSTANCE, null);
  }

  /** Jump consistent hash (Lamping and Veach); see {@link JumpPlacement}. */
  public static HashRouterBuilder jump() {
    return new HashRouterBuilder("jump", JumpPlacement.INSTANCE, null);
  }

  /** Weighted rendezvous (highest random weight) hashing; see {@link RendezvousPlacement}. */
  public static HashRouterBuilder rendezvous() {
    return new HashRouterBuilder("rendezvous", RendezvousPlacement.INSTANCE, null);
  }

  /**
   * A user's own hash placement, with key hashing, validation, replicas and {@code withNodes}
   * handled as for the built-ins.
   */
  public static HashRouterBuilder custom(HashPlacement placement) {
    Checks.notNull(placement, "placement");
    return new HashRouterBuilder(placement.toString(), placement, null);
  }

  // ---- ring, Ketama, Maglev and bounded loads ----

  /**
   * Consistent hashing on a ring with {@value RingPlacement#DEFAULT_POINTS_PER_NODE} virtual points
   * per unit of weight; see {@link RingPlacement} for point placement, balance and cost.
   */
  public static HashRouterBuilder ring() {
    return ring(RingPlacement.DEFAULT_POINTS_PER_NODE);
  }

  /**
   * Consistent hashing on a ring with {@code pointsPerNode} virtual points per unit of weight (a
   * node of weight w gets {@code w × pointsPerNode}); rejects a count below 1 or above 2^24.
   */
  public static HashRouterBuilder ring(int pointsPerNode) {
    RingPlacement.checkPointsPerNode(pointsPerNode);
    return new HashRouterBuilder(
        "ring(" + pointsPerNode + ")", new RingPlacement(pointsPerNode), null);
  }

  /**
   * Ketama as libketama and spymemcached's {@code KetamaNodeLocator} with {@code KETAMA_HASH} place
   * keys (MD5 points and key hash, 160 points per server). Node ids must be the server strings the
   * other clients hash (such as {@code "10.0.1.1:11211"}); weights are rejected (see {@link
   * #ketamaWeighted()}). The key hash is preset and cannot be changed. See {@link KetamaPlacement}.
   */
  public static HashRouterBuilder ketama() {
    return new HashRouterBuilder(
        "ketama", new KetamaPlacement(KetamaPlacement.Mode.MD5), KetamaHashes.MD5);
  }

  /**
   * Weighted Ketama with libmemcached's point count per server ({@code floor(w/W · 40 · n) · 4} in
   * float, as libmemcached and spymemcached's weighted locator compute it), MD5 points and key
   * hash. See {@link KetamaPlacement}.
   */
  public static HashRouterBuilder ketamaWeighted() {
    return new HashRouterBuilder(
        "ketamaWeighted", new KetamaPlacement(KetamaPlacement.Mode.WEIGHTED_MD5), KetamaHashes.MD5);
  }

  /**
   * Ketama as spymemcached's {@code KetamaNodeLocator} with {@code FNV1A_32_HASH}: 160 points per
   * server, each the FNV-1a 32-bit hash of {@code "<server>-<i>"}, and FNV-1a 32-bit key hashes
   * (equal to spymemcached's for ASCII keys). Weights are rejected. See {@link KetamaPlacement}.
   */
  public static HashRouterBuilder ketamaFnv1a() {
    return new HashRouterBuilder(
        "ketamaFnv1a", new KetamaPlacement(KetamaPlacement.Mode.FNV1A_32), KetamaHashes.FNV1A_32);
  }

  /**
   * Maglev hashing with a lookup table of {@value MaglevPlacement#DEFAULT_TABLE_SIZE} slots (fine
   * up to about 650 nodes); see {@link MaglevPlacement}.
   */
  public static HashRouterBuilder maglev() {
    return maglev(MaglevPlacement.DEFAULT_TABLE_SIZE);
  }

  /**
   * Maglev hashing with a lookup table of {@code primeTableSize} slots: a prime between 101 and
   * 2^24, and more than the node count (ideally at least 100 × the node count); rejects other sizes
   * naming the value and the reason. See {@link MaglevPlacement}.
   */
  public static HashRouterBuilder maglev(int primeTableSize) {
    MaglevPlacement.checkTableSize(primeTableSize);
    return new HashRouterBuilder(
        "maglev(" + primeTableSize + ")", new MaglevPlacement(primeTableSize), null);
  }

  /**
   * Consistent hashing with bounded loads (Mirrokni, Thorup, Zadimoghaddam): a stateful ring router
   * whose {@code acquire} never loads a node beyond {@code ceil((1 + epsilon) · its fair share)};
   * {@code epsilon} must be positive and finite. See {@link BoundedLoadRouter}.
   */
  public static BoundedLoadRouterBuilder boundedLoad(double epsilon) {
    return new BoundedLoadRouterBuilder(epsilon);
  }
}
