package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.sharding.spi.HashPlacement;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Factories for every built-in sharding strategy. Each returns a builder whose {@code build(nodes)}
 * gives a {@link ShardRouter}.
 *
 * <p>Choosing one:
 *
 * <table>
 *   <caption>Strategies</caption>
 *   <tr><th>Strategy</th><th>Lookup</th><th>Weights</th><th>Keys moved by adding 1 node to n</th></tr>
 *   <tr><td>{@link #ring()}</td><td>O(1) expected (bucket-indexed continuum)</td><td>yes</td><td>about 1/(n+1), all to the new node</td></tr>
 *   <tr><td>{@link #ketama()}, {@link #ketamaWeighted()}, {@link #ketamaFnv1a()}</td><td>MD5 or FNV-1a of the key, then the continuum</td><td>weighted variant only</td><td>about 1/(n+1); placements equal libketama's and spymemcached's</td></tr>
 *   <tr><td>{@link #jump()}</td><td>O(log n), no memory</td><td>no</td><td>1/(n+1); remove only the last node</td></tr>
 *   <tr><td>{@link #jumpBack()}</td><td>O(1) expected, no memory</td><td>no</td><td>1/(n+1); remove only the last node</td></tr>
 *   <tr><td>{@link #rendezvous()}</td><td>O(n)</td><td>yes</td><td>1/(n+1), any node</td></tr>
 *   <tr><td>{@link #maglev()}</td><td>O(1), one table read</td><td>yes</td><td>a little above 1/(n+1) (9.4 % for 10 to 11)</td></tr>
 *   <tr><td>{@link #boundedLoad(double)}</td><td>the ring, plus a walk past full nodes; stateful</td><td>yes</td><td>as the ring; no node above ceil((1+ε) · its fair share)</td></tr>
 *   <tr><td>{@link #hashModulo()}</td><td>O(1)</td><td>yes</td><td>about n/(n+1): fixed shard counts only</td></tr>
 *   <tr><td>{@link #modulo()}</td><td>O(1), on the key's value</td><td>no</td><td>about n/(n+1): fixed counts only</td></tr>
 *   <tr><td>{@link #boundaryRange(long...)}</td><td>O(log n), on the key's value</td><td>no</td><td>fixed count (n+1 nodes); re-splitting moves the split range</td></tr>
 *   <tr><td>{@link #volumeRange(long, long, long)}</td><td>O(1), on the key's value</td><td>no</td><td>fixed count (m+2 nodes)</td></tr>
 *   <tr><td>{@link #interval(LocalDateTime, LocalDateTime, long, ChronoUnit)}</td><td>O(log n), on the key's time</td><td>no</td><td>fixed count (one node per interval)</td></tr>
 *   <tr><td>{@link #directory}</td><td>one store lookup (cached in the JDBC store)</td><td>the fallback's</td><td>none for recorded keys; new keys follow the fallback</td></tr>
 * </table>
 *
 * <p>{@link #vertical()} routes by feature first, each feature with its own router; a {@link
 * RouterHolder} swaps topologies under live traffic; {@link #custom(HashPlacement)} plugs in a
 * user's own placement. Measured balance and disruption of each: {@code docs/benchmarks.md}.
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

  // --- value routers: MOD, BOUNDARY_RANGE, VOLUME_RANGE, INTERVAL ---

  /**
   * Modulo of the key's value (ShardingSphere's MOD): key k goes to node {@code floorMod(k, n)} of
   * n nodes, so {@code -1} goes to node n-1. Text keys are decimal integers of any length (optional
   * sign, ASCII digits, nothing else; other text is an {@link IllegalArgumentException} naming the
   * key); {@code byte[]} keys are that text in UTF-8. Replicas are the following nodes, wrapping.
   * Any node count; no weights.
   *
   * <p>When not to use it: on keys that are not spread-out integers (use {@link #hashModulo()}), or
   * when the node count changes (about n/(n+1) of the keys move).
   */
  public static ValueRouterBuilder modulo() {
    return new ValueRouterBuilder(ModPartitioning.INSTANCE);
  }

  /**
   * Ranges between boundaries (ShardingSphere's BOUNDARY_RANGE), e.g. user-id ranges: n strictly
   * increasing boundaries b1..bn make n+1 ranges {@code (-inf, b1), [b1, b2), ..., [bn, +inf)}, and
   * the router needs exactly n+1 nodes, node i owning range i. Keys are read as in {@link
   * #modulo()} but must fit a {@code long}; replicas are the following ranges' nodes, wrapping.
   * Lookup is a binary search.
   *
   * <p>When not to use it: for keys that grow without bound (new ids all land in the last range) or
   * when ranges must be split often; resharding moves whole ranges.
   *
   * @param boundaries at least one, strictly increasing; copied
   */
  public static ValueRouterBuilder boundaryRange(long... boundaries) {
    return new ValueRouterBuilder(BoundaryRangePartitioning.of(boundaries));
  }

  /**
   * Equal-volume ranges (ShardingSphere's VOLUME_RANGE): with {@code m = ceil((upper - lower) /
   * volume)}, the m + 2 ranges are {@code (-inf, lower)}, {@code [lower + i*volume, min(lower +
   * (i+1)*volume, upper))} for i in 0..m-1, and {@code [upper, +inf)}; the router needs exactly m +
   * 2 nodes, node i owning range i. Keys are read as in {@link #boundaryRange(long...)}.
   *
   * @param lower the start of the first bounded range
   * @param upper the end of the last bounded range; {@code upper - lower} must be at least {@code
   *     volume}
   * @param volume the width of each bounded range, positive
   */
  public static ValueRouterBuilder volumeRange(long lower, long upper, long volume) {
    return new ValueRouterBuilder(VolumeRangePartitioning.of(lower, upper, volume));
  }

  /**
   * Fixed time intervals (ShardingSphere's INTERVAL), e.g. one shard per month: interval k starts
   * at {@code lower + k*amount unit} in the builder's zone (default UTC), for every start not after
   * {@code upper}; the router needs exactly {@link IntervalRouterBuilder#intervalCount()} nodes,
   * node k owning interval k. Replicas are the following intervals' nodes, wrapping.
   *
   * <p>Keys are instants. A {@code long} key is epoch milliseconds. A text key (and a {@code
   * byte[]} key, decoded as UTF-8) is one of: decimal epoch milliseconds ({@code "1767225600000"});
   * an ISO-8601 date-time as {@link java.time.format.DateTimeFormatter#ISO_DATE_TIME} reads it
   * ({@code 2026-03-01T10:15}, {@code 2026-03-01T10:15:30.123}, optionally followed by an offset
   * {@code Z} or {@code +01:00} and then optionally a region in brackets, {@code
   * 2026-03-01T10:15:30+01:00[Europe/Paris]}), read in the builder's zone when it has no offset; or
   * an ISO-8601 date ({@code 2026-03-01}), the start of that day in the builder's zone. Digits
   * after the millisecond are dropped. A key before {@code lower} or after {@code upper} is an
   * {@link IllegalArgumentException} naming the key and both bounds: never a silent route to an
   * edge shard.
   *
   * <p>For one shard per month of 2026: {@code interval(2026-01-01T00:00, 2026-12-31T23:59:59.999,
   * 1, MONTHS)}, 12 nodes. Calendar units add in the local calendar, so a monthly series from the
   * 31st starts later intervals on the last day of shorter months (ShardingSphere adds one step at
   * a time, so its series would stay on the 28th after February; from a day 1 to 28 both agree).
   *
   * <p>When not to use it: for keys that are not times, or with no upper bound known in advance:
   * extending the range means building a new router with more nodes.
   *
   * @param lower the first instant accepted and the start of interval 0; whole milliseconds
   * @param upper the last instant accepted (inclusive); whole milliseconds, after {@code lower}
   * @param amount the interval length in {@code unit}s, positive
   * @param unit {@code MILLIS} up to {@code MILLENNIA}
   */
  public static IntervalRouterBuilder interval(
      LocalDateTime lower, LocalDateTime upper, long amount, ChronoUnit unit) {
    Checks.notNull(lower, "lower");
    Checks.notNull(upper, "upper");
    Checks.notNull(unit, "unit");
    Checks.positive(amount, "interval amount");
    if (unit.compareTo(ChronoUnit.MILLIS) < 0 || unit.compareTo(ChronoUnit.MILLENNIA) > 0) {
      throw new IllegalArgumentException(
          "interval unit must be MILLIS up to MILLENNIA but was " + unit);
    }
    for (LocalDateTime bound : List.of(lower, upper)) {
      if (!bound.truncatedTo(ChronoUnit.MILLIS).equals(bound)) {
        throw new IllegalArgumentException(
            "interval bounds are whole milliseconds but " + bound + " has a finer fraction");
      }
    }
    if (!lower.isBefore(upper)) {
      throw new IllegalArgumentException(
          "lower " + lower + " must be before upper " + upper + " for an interval router");
    }
    return new IntervalRouterBuilder(lower, upper, amount, unit);
  }

  // --- vertical partitioning ---

  /**
   * Vertical partitioning: one router per feature ({@code "profiles"}, {@code "messages"}), each
   * with its own nodes and strategy; see {@link VerticalRouter}.
   *
   * <pre>{@code
   * VerticalRouter<String> router = ShardRouters.vertical()
   *     .feature("profiles", profiles)
   *     .feature("messages", messages)
   *     .build();
   * }</pre>
   */
  public static VerticalRouter.Start vertical() {
    return VerticalRouter.Start.INSTANCE;
  }

  // --- JumpBackHash ---

  /**
   * JumpBackHash (Ertl, 2024): jump hash's balance and minimal disruption in expected constant
   * time; buckets match hash4j's {@code jumpBackHash} bit for bit. Unweighted; only the last node
   * can be removed without moving other keys. See {@link JumpBackPlacement}.
   */
  public static HashRouterBuilder jumpBack() {
    return new HashRouterBuilder("jumpBack", JumpBackPlacement.INSTANCE, null);
  }

  /**
   * Directory-based sharding: each key is looked up in {@code store}, a key-to-shard table, and
   * routes to the node whose id is recorded for it. A key with no entry is placed by {@code
   * fallback} and recorded with the store's atomic {@code assignIfAbsent}, so every router sharing
   * the store, in any process, agrees on it from then on; {@link DirectoryRouter#moveKey} moves
   * single keys between nodes (tenant rebalancing, hot-key isolation) without touching any other.
   *
   * <p>Routing:
   *
   * <ul>
   *   <li>All three key forms are turned into one canonical directory key ({@link
   *       io.github.scaleblocks.sharding.spi.DirectoryKeys}): the router reads keys by value, so
   *       {@code route(42L)} and {@code route("42")} are the same key. The fallback is given the
   *       canonical key as a string.
   *   <li>A recorded shard id that is not among the router's nodes is an {@link
   *       IllegalStateException} naming the key and the shard id, never a silent re-placement; a
   *       store failure is a {@link io.github.scaleblocks.sharding.spi.DirectoryStoreException}
   *       naming the store.
   *   <li>Replicas ({@code route(key, n)}): the recorded owner first, then the fallback's
   *       preference order for the key with the owner skipped. Only the owner is recorded.
   *   <li>The router has {@code fallback}'s nodes; {@code withNodes} rebuilds the fallback and
   *       keeps the store and listeners.
   * </ul>
   *
   * <p>Cost: a lookup in the store per route (the in-memory store is a hash-map read; the JDBC
   * store a cache read or a query), plus one write for each new key. The directory holds one entry
   * per key ever routed and nothing ever removes them on its own.
   *
   * <p>When not to use it: for unbounded or short-lived key spaces (request ids, session ids),
   * where the table would grow without end and each new key pays a write; hash routers need no
   * state. Use it for a bounded set of long-lived keys (tenants, accounts, large customers) that
   * must be placed or moved individually.
   *
   * @param store the directory; shared by every router that must agree on placements
   * @param fallback places keys that have no entry yet; its nodes are the router's nodes
   */
  public static <T> DirectoryRouterBuilder<T> directory(
      io.github.scaleblocks.sharding.spi.DirectoryStore store, ShardRouter<T> fallback) {
    Checks.notNull(store, "store");
    Checks.notNull(fallback, "fallback");
    return new DirectoryRouterBuilder<>(store, fallback);
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
