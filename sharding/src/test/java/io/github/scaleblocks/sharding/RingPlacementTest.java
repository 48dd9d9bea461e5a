package io.github.scaleblocks.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.hash.KeyHashers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RingPlacementTest {

  /** Node naming schemes the balance is measured on. */
  static final Map<String, IntFunction<String>> SCHEMES =
      Map.of(
          "node-i", i -> "node-" + i,
          "ip:port", i -> "10.0.0." + (i + 1) + ":11211",
          "cache-letter", i -> "cache-" + (char) ('a' + i),
          "uuid-like",
              i ->
                  String.format(
                      Locale.ROOT,
                      "%08x-%04x-4000-8000-%012x",
                      i * 2654435761L & 0xffffffffL,
                      i * 40503 & 0xffff,
                      i * 0x9E3779B97F4AL & 0xffffffffffffL),
          "shard_nn", i -> String.format(Locale.ROOT, "shard_%02d", i));

  static List<Node<String>> named(IntFunction<String> scheme, int count) {
    List<Node<String>> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(Node.named(scheme.apply(i)));
    }
    return nodes;
  }

  /** Max over mean load of {@code keys} deterministic string keys "key-0", "key-1", .... */
  static double maxOverMean(ShardRouter<String> router, int keys) {
    List<Node<String>> nodes = router.nodes();
    int[] counts = new int[nodes.size()];
    for (int k = 0; k < keys; k++) {
      counts[nodes.indexOf(router.route("key-" + k))]++;
    }
    int max = 0;
    for (int c : counts) {
      max = Math.max(max, c);
    }
    return max / (keys / (double) nodes.size());
  }

  @Test
  void defaultPointsKeepMaxOverMeanWithinTenPercentForEveryNamingScheme() {
    for (Map.Entry<String, IntFunction<String>> scheme : SCHEMES.entrySet()) {
      double ratio =
          maxOverMean(ShardRouters.ring().build(named(scheme.getValue(), 10)), 1_000_000);
      System.out.printf(
          Locale.ROOT,
          "ring(%d) %s: max/mean %.3f%n",
          RingPlacement.DEFAULT_POINTS_PER_NODE,
          scheme.getKey(),
          ratio);
      assertThat(ratio).as(scheme.getKey()).isLessThanOrEqualTo(1.10);
    }
  }

  @Test
  void fewerPointsBalanceWorse() {
    for (int points : new int[] {160, 512}) {
      for (Map.Entry<String, IntFunction<String>> scheme : SCHEMES.entrySet()) {
        double ratio =
            maxOverMean(ShardRouters.ring(points).build(named(scheme.getValue(), 10)), 1_000_000);
        System.out.printf(
            Locale.ROOT, "ring(%d) %s: max/mean %.3f%n", points, scheme.getKey(), ratio);
        assertThat(ratio).as(scheme.getKey()).isLessThanOrEqualTo(points == 160 ? 1.30 : 1.10);
      }
    }
  }

  @Test
  void addingAnEleventhNodeMovesAboutOneEleventhOfKeysAllToTheNewNode() {
    List<Node<String>> ten = named(i -> "node-" + i, 10);
    ShardRouter<String> before = ShardRouters.ring().build(ten);
    List<Node<String>> eleven = new ArrayList<>(ten);
    eleven.add(Node.named("node-10"));
    ShardRouter<String> after = before.withNodes(eleven);
    int keys = 1_000_000;
    int moved = 0;
    for (int k = 0; k < keys; k++) {
      Node<String> was = before.route("key-" + k);
      Node<String> now = after.route("key-" + k);
      if (!was.equals(now)) {
        moved++;
        assertThat(now.id()).isEqualTo("node-10");
      }
    }
    double fraction = moved / (double) keys;
    System.out.printf(Locale.ROOT, "ring: adding node 11 moved %.4f of keys%n", fraction);
    assertThat(fraction).isLessThanOrEqualTo(1.1 / 11).isGreaterThan(0.9 / 11);
  }

  @Test
  void removingANodeMovesOnlyItsKeys() {
    List<Node<String>> ten = named(i -> "node-" + i, 10);
    ShardRouter<String> before = ShardRouters.ring().build(ten);
    List<Node<String>> nine = new ArrayList<>(ten);
    nine.remove(3);
    ShardRouter<String> after = before.withNodes(nine);
    for (int k = 0; k < 200_000; k++) {
      Node<String> was = before.route("key-" + k);
      if (!was.id().equals("node-3")) {
        assertThat(after.route("key-" + k)).isEqualTo(was);
      }
    }
  }

  @Test
  void pointPositionsAreFrozen() {
    // Point i of a node is the (i+1)-th output of SplitMix64 seeded with XXH3-64 of its id, which
    // is what java.util.SplittableRandom(seed).nextLong() returns; the seed is checked against
    // hash4j's XXH3. The literals pin both: changing any of them moves keys.
    long seed = KeyHashers.xxh3().hash("node-0");
    assertThat(seed)
        .isEqualTo(com.dynatrace.hash4j.hashing.Hashing.xxh3_64().hashBytesToLong(utf8("node-0")))
        .isEqualTo(-7481941365804663399L);
    java.util.SplittableRandom splitMix = new java.util.SplittableRandom(seed);
    for (int i = 0; i < 1024; i++) {
      assertThat(RingPlacement.point(seed, i)).isEqualTo(splitMix.nextLong());
    }
    assertThat(RingPlacement.point(seed, 0)).isEqualTo(GOLDEN_POINT_0);
    assertThat(RingPlacement.point(seed, 1023)).isEqualTo(GOLDEN_POINT_1023);
    ShardRouter<String> router = ShardRouters.ring().build(named(i -> "node-" + i, 10));
    assertThat(router.route("user:42").id()).isEqualTo(GOLDEN_ROUTE_USER_42);
    assertThat(router.route(42L).id()).isEqualTo(GOLDEN_ROUTE_42L);
  }

  static byte[] utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static final long GOLDEN_POINT_0 = 6654425693337277983L;
  static final long GOLDEN_POINT_1023 = 1823640462118320068L;
  static final String GOLDEN_ROUTE_USER_42 = "node-8";
  static final String GOLDEN_ROUTE_42L = "node-0";

  @Test
  void weightsGiveProportionalShares() {
    ShardRouter<String> router =
        ShardRouters.ring()
            .build(List.of(Node.of("a", 1, "a"), Node.of("b", 2, "b"), Node.of("c", 4, "c")));
    int[] counts = new int[3];
    for (int k = 0; k < 700_000; k++) {
      counts[router.nodes().indexOf(router.route("key-" + k))]++;
    }
    assertThat(counts[1] / (double) counts[0]).isBetween(1.85, 2.15);
    assertThat(counts[2] / (double) counts[0]).isBetween(3.7, 4.3);
  }

  @Property(seed = "11", tries = 200)
  void routesDoNotDependOnNodeOrder(
      @ForAll @IntRange(min = 1, max = 30) int count, @ForAll long key) {
    List<Node<String>> nodes = named(i -> "n" + i, count);
    ShardRouter<String> router = ShardRouters.ring(64).build(nodes);
    List<Node<String>> shuffled = new ArrayList<>(nodes);
    Collections.reverse(shuffled);
    ShardRouter<String> other = ShardRouters.ring(64).build(shuffled);
    assertThat(other.route(key)).isEqualTo(router.route(key));
    assertThat(other.route(key, count)).isEqualTo(router.route(key, count));
  }

  @Property(seed = "12", tries = 300)
  void replicasAreDistinctAndFollowTheRingClockwise(
      @ForAll @IntRange(min = 1, max = 12) int count, @ForAll long key) {
    ShardRouter<String> router = ShardRouters.ring(32).build(named(i -> "node-" + i, 12));
    List<Node<String>> replicas = router.route(key, count);
    assertThat(replicas).hasSize(count).doesNotHaveDuplicates();
    assertThat(replicas.get(0)).isEqualTo(router.route(key));
  }

  @Test
  void lookupMatchesANaiveSortedScan() {
    List<Node<String>> nodes = named(i -> "node-" + i, 7);
    Continuum continuum = RingPlacement.continuum(nodes, 50);
    java.util.TreeMap<Long, Integer> reference = new java.util.TreeMap<>(Long::compareUnsigned);
    for (int i = 0; i < continuum.size(); i++) {
      reference.put(continuum.position(i), continuum.owner(i));
    }
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    for (int k = 0; k < 100_000; k++) {
      long position =
          k < 1000 ? continuum.position(k % continuum.size()) + (k % 3) - 1 : random.nextLong();
      Map.Entry<Long, Integer> ceiling = reference.ceilingEntry(position);
      int expected = ceiling == null ? reference.firstEntry().getValue() : ceiling.getValue();
      assertThat(continuum.nodeIndex(position)).isEqualTo(expected);
    }
    assertThat(continuum.nodeIndex(-1L))
        .isEqualTo(
            reference.ceilingEntry(-1L) == null
                ? reference.firstEntry().getValue()
                : reference.ceilingEntry(-1L).getValue());
  }

  @Test
  void badInputIsRejectedWithClearMessages() {
    assertThatThrownBy(() -> ShardRouters.ring(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("points per node must be at least 1 but was 0");
    assertThatThrownBy(() -> ShardRouters.ring(-5))
        .hasMessage("points per node must be at least 1 but was -5");
    assertThatThrownBy(() -> ShardRouters.ring(1 << 20).build(List.of(Node.of("a", 100, "a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the ring would have 104857600 points");
  }
}
