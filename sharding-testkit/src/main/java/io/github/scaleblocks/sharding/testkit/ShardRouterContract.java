package io.github.scaleblocks.sharding.testkit;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.ShardRouter;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The property contract of {@link ShardRouter}, for any router, built-in or user-written. A test
 * class implements this interface, builds the router under test in {@link #router}, and inherits
 * every property as a jqwik {@code @Property}:
 *
 * <pre>{@code
 * class MyRouterContractTest implements ShardRouterContract {
 *   public ShardRouter<String> router(List<Node<String>> nodes) {
 *     return ShardRouters.custom(new MyPlacement()).build(nodes);
 *   }
 * }
 * }</pre>
 *
 * <p>What it checks, over generated node lists (ids {@code "n<number>"}) and keys in every form:
 *
 * <ul>
 *   <li>determinism: two routers built over equal node lists agree on every key, in every key form
 *       and for every {@code CharSequence} type, and {@code withNodes} routes like a router built
 *       for the new nodes;
 *   <li>only nodes of {@link ShardRouter#nodes()} are returned, and {@code nodes()} is the given
 *       list in its order;
 *   <li>key forms agree: a string routes as its UTF-8 bytes, a {@code long} as its 8 little-endian
 *       bytes (switch off with {@link #keyFormsAgree()});
 *   <li>replicas: for every count from 1 to the node count, distinct nodes of that count whose
 *       first is {@code route(key)};
 *   <li>bad input: a replica count outside 1..node count is an {@link IllegalArgumentException}
 *       naming the count and the node count; a null key is a {@link NullPointerException} naming
 *       the key;
 *   <li>balance: over a sample of keys, every node of equal weight holds between {@code 1 /
 *       maxBalance()} and {@code maxBalance()} times its fair share;
 *   <li>weights, when {@link #supportsWeights()}: the same bound against weighted fair shares;
 *   <li>disruption, unless {@link #disruption()} is {@link Disruption#UNCHECKED}: after adding,
 *       removing or reweighting one node, the share of keys that move is at most the ideal (the
 *       change in that node's fair share) times {@code 1 + disruptionTolerance()}, and with {@link
 *       Disruption#MINIMAL} keys move only to the node that grew or only from the node that shrank.
 * </ul>
 *
 * <p>The statistical checks route a sample of 10,000 to 200,000 keys, sized so that the standard
 * error of the smallest fair share is at most 2.5% of it (the defaults never reach the cap), and
 * widen every declared bound by 4.5 standard errors: sampling noise alone breaks a bound with a
 * probability of about 3 in a million per node. Every property has a fixed seed, so a run is
 * repeatable. Cost: one run builds about a thousand routers and routes a few million keys; the
 * built-in routers take 3 to 8 seconds each. The {@code contract*} methods are the generators the
 * properties use; there is no need to call or override them.
 *
 * <p>When not to use it: routers that place keys by their value (range, interval, directory
 * routers) generally cannot meet the balance or key-form checks over random keys; declare {@link
 * #maxBalance()} infinite and {@link #keyFormsAgree()} false and test their placement with your own
 * properties. The contract does not check thread-safety or performance.
 */
public interface ShardRouterContract {

  /** The heaviest node weight the contract generates for routers that support weights. */
  int MAX_WEIGHT = 4;

  /**
   * Builds the router under test over {@code nodes}, in their order: one to {@link #maxNodes()}
   * nodes with distinct ids, of weight 1 unless {@link #supportsWeights()}. Called many times per
   * property; each call must return an independently built router.
   */
  ShardRouter<String> router(List<Node<String>> nodes);

  /**
   * The largest ratio allowed between a node's load and its fair share, either way (default 1.25).
   * At least 1; {@link Double#POSITIVE_INFINITY} skips the balance and weight properties.
   */
  default double maxBalance() {
    return 1.25;
  }

  /**
   * How far the share of keys a topology change moves may exceed the ideal, relative to the ideal
   * (default 0.1: adding a fifth equal node may move 22% of keys instead of 20%). At least 0.
   */
  default double disruptionTolerance() {
    return 0.1;
  }

  /** How the router's placements move when the node list changes (default {@code MINIMAL}). */
  default Disruption disruption() {
    return Disruption.MINIMAL;
  }

  /**
   * Whether the router honours node weights (default true). When false the contract generates only
   * nodes of weight 1 and skips the weight property.
   */
  default boolean supportsWeights() {
    return true;
  }

  /**
   * Whether nodes may only be added at, and removed from, the end of the node list (default false;
   * true for jump hash, which numbers its buckets).
   */
  default boolean changesOnlyAtEnd() {
    return false;
  }

  /**
   * Whether a string routes as its UTF-8 bytes and a {@code long} as its 8 little-endian bytes
   * (default true). Declare false for routers that read the key's value, such as range routers.
   */
  default boolean keyFormsAgree() {
    return true;
  }

  /**
   * The most nodes the contract puts in one router (default 16, at least 2). Lower it for routers
   * that are expensive to build.
   */
  default int maxNodes() {
    return 16;
  }

  /** How keys may move when one node is added, removed or reweighted. */
  enum Disruption {
    /**
     * Only the keys that must move do: to the node that was added or grew, or from the node that
     * was removed or shrank (rendezvous, jump at the end, rings).
     */
    MINIMAL,
    /**
     * Some other keys may move too, but no more than the tolerance allows in total (Maglev, whose
     * table shifts a little among the remaining nodes).
     */
    BOUNDED,
    /** Not a consistent router (hash modulo moves most keys): disruption is not checked. */
    UNCHECKED
  }

  // ---- Properties ----

  /** Two routers built over equal node lists route every key alike, in every key form. */
  @Property(tries = 50, seed = "20260101")
  default void equalNodeListsRouteEveryKeyAlike(
      @ForAll("contractNodes") List<Node<String>> nodes,
      @ForAll("contractStringKeys") List<String> strings,
      @ForAll("contractByteKeys") List<byte[]> bytes,
      @ForAll("contractLongKeys") List<Long> longs) {
    RouterChecks.check(this);
    ShardRouter<String> first = RouterChecks.build(this, RouterChecks.copyOf(nodes));
    ShardRouter<String> second = RouterChecks.build(this, RouterChecks.copyOf(nodes));
    RouterChecks.sameRoutes(
        first, second, "two routers built over " + RouterChecks.ids(nodes), strings, bytes, longs);
  }

  /** {@code withNodes(other)} routes like a router built over {@code other}. */
  @Property(tries = 30, seed = "20260102")
  default void withNodesRoutesLikeARouterBuiltForThoseNodes(
      @ForAll("contractNodes") List<Node<String>> nodes,
      @ForAll("contractNodes") List<Node<String>> other,
      @ForAll("contractStringKeys") List<String> strings,
      @ForAll("contractLongKeys") List<Long> longs) {
    RouterChecks.check(this);
    ShardRouter<String> changed = RouterChecks.build(this, nodes).withNodes(other);
    ShardRouter<String> fresh = RouterChecks.build(this, other);
    RouterChecks.sameRoutes(
        changed,
        fresh,
        "router("
            + RouterChecks.ids(nodes)
            + ").withNodes("
            + RouterChecks.ids(other)
            + ")"
            + " and router("
            + RouterChecks.ids(other)
            + ")",
        strings,
        List.of(),
        longs);
  }

  /** {@code nodes()} is the given list, and every key routes to one of those nodes. */
  @Property(tries = 50, seed = "20260103")
  default void routesOnlyToItsOwnNodes(
      @ForAll("contractNodes") List<Node<String>> nodes,
      @ForAll("contractStringKeys") List<String> strings,
      @ForAll("contractByteKeys") List<byte[]> bytes,
      @ForAll("contractLongKeys") List<Long> longs) {
    RouterChecks.check(this);
    RouterChecks.ownNodesOnly(RouterChecks.build(this, nodes), nodes, strings, bytes, longs);
  }

  /** A string routes as its UTF-8 bytes and a {@code long} as its 8 little-endian bytes. */
  @Property(tries = 50, seed = "20260104")
  @AddLifecycleHook(ContractSkips.UnlessKeyFormsAgree.class)
  default void keyFormsAgree(
      @ForAll("contractNodes") List<Node<String>> nodes,
      @ForAll("contractStringKeys") List<String> strings,
      @ForAll("contractLongKeys") List<Long> longs) {
    RouterChecks.check(this);
    RouterChecks.keyFormsAgree(RouterChecks.build(this, nodes), strings, longs);
  }

  /** For every count from 1 to the node count, replicas are distinct and start with the owner. */
  @Property(tries = 40, seed = "20260105")
  default void replicasAreDistinctAndStartWithTheOwner(
      @ForAll("contractNodes") List<Node<String>> nodes,
      @ForAll("contractStringKeys") List<String> strings,
      @ForAll("contractByteKeys") List<byte[]> bytes,
      @ForAll("contractLongKeys") List<Long> longs) {
    RouterChecks.check(this);
    RouterChecks.replicas(RouterChecks.build(this, nodes), nodes, strings, bytes, longs);
  }

  /** Replica counts outside 1..node count are rejected with a message naming both numbers. */
  @Property(tries = 20, seed = "20260106")
  default void replicaCountsOutsideOneToTheNodeCountAreRejected(
      @ForAll("contractNodes") List<Node<String>> nodes) {
    RouterChecks.check(this);
    RouterChecks.badReplicaCounts(RouterChecks.build(this, nodes));
  }

  /** A null key, in either reference form, is rejected with a message naming the key. */
  @Property(tries = 10, seed = "20260107")
  default void nullKeysAreRejected(@ForAll("contractNodes") List<Node<String>> nodes) {
    RouterChecks.check(this);
    RouterChecks.nullKeys(RouterChecks.build(this, nodes));
  }

  /** Over a sample of keys, nodes of equal weight hold about equal shares. */
  @Property(tries = 25, seed = "20260108")
  @AddLifecycleHook(ContractSkips.UnlessBalanced.class)
  default void loadIsBalanced(
      @ForAll("contractUnweightedNodes") List<Node<String>> nodes, @ForAll long sampleSeed) {
    RouterChecks.check(this);
    RouterChecks.loads(RouterChecks.build(this, nodes), nodes, sampleSeed, maxBalance());
  }

  /** Over a sample of keys, each node's share follows its weight. */
  @Property(tries = 25, seed = "20260109")
  @AddLifecycleHook(ContractSkips.UnlessWeighted.class)
  default void loadFollowsWeights(
      @ForAll("contractWeightedNodes") List<Node<String>> nodes, @ForAll long sampleSeed) {
    RouterChecks.check(this);
    RouterChecks.loads(RouterChecks.build(this, nodes), nodes, sampleSeed, maxBalance());
  }

  /**
   * Adding, removing or reweighting one node moves no more keys than the declared {@link
   * #disruption()} allows.
   */
  @Property(tries = 30, seed = "20260110")
  @AddLifecycleHook(ContractSkips.UnlessConsistent.class)
  default void topologyChangesMoveOnlyTheKeysTheyMust(
      @ForAll("contractTopologyChanges") Tuple2<List<Node<String>>, TopologyChange> change,
      @ForAll long sampleSeed) {
    RouterChecks.check(this);
    List<Node<String>> before = change.get1();
    List<Node<String>> after = change.get2().applyTo(before);
    ShardRouter<String> router = RouterChecks.build(this, before);
    RouterChecks.disruption(
        router,
        router.withNodes(after),
        before,
        after,
        change.get2(),
        sampleSeed,
        disruption(),
        disruptionTolerance());
  }

  // ---- Generators ----

  /** Node lists of 1 to {@link #maxNodes()} nodes, weighted when {@link #supportsWeights()}. */
  @Provide
  default Arbitrary<List<Node<String>>> contractNodes() {
    RouterChecks.check(this);
    return ShardingArbitraries.nodeSets(1, maxNodes(), supportsWeights() ? MAX_WEIGHT : 1);
  }

  /** Node lists of 1 to {@link #maxNodes()} nodes of weight 1. */
  @Provide
  default Arbitrary<List<Node<String>>> contractUnweightedNodes() {
    RouterChecks.check(this);
    return ShardingArbitraries.nodeSets(1, maxNodes(), 1);
  }

  /** Node lists of 2 to {@link #maxNodes()} nodes of weights 1 to {@link #MAX_WEIGHT}. */
  @Provide
  default Arbitrary<List<Node<String>>> contractWeightedNodes() {
    RouterChecks.check(this);
    return ShardingArbitraries.nodeSets(2, maxNodes(), MAX_WEIGHT);
  }

  /** A node list and a change that fits it and this router's declarations. */
  @Provide
  default Arbitrary<Tuple2<List<Node<String>>, TopologyChange>> contractTopologyChanges() {
    RouterChecks.check(this);
    int maxWeight = supportsWeights() ? MAX_WEIGHT : 1;
    return ShardingArbitraries.nodeSets(1, maxNodes() - 1, maxWeight)
        .flatMap(
            nodes ->
                ShardingArbitraries.topologyChanges(nodes, maxWeight, changesOnlyAtEnd())
                    .map(change -> Tuple.of(nodes, change)));
  }

  /** 1 to 16 string keys. */
  @Provide
  default Arbitrary<List<String>> contractStringKeys() {
    return ShardingArbitraries.stringKeys().list().ofMinSize(1).ofMaxSize(16);
  }

  /** 1 to 8 byte-array keys. */
  @Provide
  default Arbitrary<List<byte[]>> contractByteKeys() {
    return ShardingArbitraries.byteKeys().list().ofMinSize(1).ofMaxSize(8);
  }

  /** 1 to 8 long keys. */
  @Provide
  default Arbitrary<List<Long>> contractLongKeys() {
    return ShardingArbitraries.longKeys().list().ofMinSize(1).ofMaxSize(8);
  }
}
