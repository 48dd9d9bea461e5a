package io.github.scaleblocks.sharding.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.RouterHolder;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * One contract, every built-in strategy: the {@link ShardRouter} guarantees checked the same way
 * for hash routers, value routers and a holder. Value routers get keys inside their accepted range.
 */
class ShardRouterContractTest {

  /** A router under test and a map from any long to a key it accepts. */
  record Case(String name, ShardRouter<String> router, LongUnaryOperator validKey) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Node<String>> nodes(int count) {
    List<Node<String>> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(Node.named("node-" + i));
    }
    return nodes;
  }

  static final long YEAR_2026_START = 1767225600000L; // 2026-01-01T00:00:00Z
  static final long YEAR_2026_MILLIS = 365L * 24 * 3600 * 1000;

  @Provide
  Arbitrary<Case> routers() {
    LongUnaryOperator any = key -> key;
    return Arbitraries.of(
        new Case("jump", ShardRouters.jump().build(nodes(7)), any),
        new Case("jumpBack", ShardRouters.jumpBack().build(nodes(7)), any),
        new Case("hashModulo", ShardRouters.hashModulo().build(nodes(7)), any),
        new Case("rendezvous", ShardRouters.rendezvous().build(nodes(7)), any),
        new Case("modulo", ShardRouters.modulo().build(nodes(7)), any),
        new Case("boundaryRange", ShardRouters.boundaryRange(-100, 0, 100).build(nodes(4)), any),
        new Case("volumeRange", ShardRouters.volumeRange(0, 1000, 250).build(nodes(6)), any),
        new Case(
            "interval",
            ShardRouters.interval(
                    LocalDateTime.parse("2026-01-01T00:00"),
                    LocalDateTime.parse("2026-12-31T23:59:59.999"),
                    1,
                    ChronoUnit.MONTHS)
                .build(nodes(12)),
            key -> YEAR_2026_START + Math.floorMod(key, YEAR_2026_MILLIS)),
        new Case(
            "holder",
            RouterHolder.builder(ShardRouters.rendezvous().build(nodes(5))).build(),
            any));
  }

  @Property(seed = "41", tries = 3000)
  void ownersAreNodesOfTheRouterAndEveryKeyFormAgrees(
      @ForAll("routers") Case c, @ForAll long seed) {
    ShardRouter<String> router = c.router();
    long key = c.validKey().applyAsLong(seed);
    Node<String> owner = router.route(key);
    assertThat(router.nodes()).contains(owner);
    assertThat(router.route(key)).isEqualTo(owner);
    if (isValueRouter(c)) {
      // value routers read the number: its decimal text and that text's UTF-8 bytes agree
      String text = Long.toString(key);
      assertThat(router.route(text)).isEqualTo(owner);
      assertThat(router.route(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(owner);
    } else {
      // hash routers hash bytes: a long is its 8 little-endian bytes, a string its UTF-8 bytes
      assertThat(router.route(littleEndian(key))).isEqualTo(owner);
      String text = "k" + seed;
      assertThat(router.route(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(router.route(text));
    }
  }

  static byte[] littleEndian(long value) {
    byte[] bytes = new byte[Long.BYTES];
    for (int i = 0; i < Long.BYTES; i++) {
      bytes[i] = (byte) (value >>> (8 * i));
    }
    return bytes;
  }

  @Property(seed = "42", tries = 3000)
  void replicasAreDistinctNodesStartingWithTheOwner(
      @ForAll("routers") Case c,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 12) int count) {
    ShardRouter<String> router = c.router();
    long key = c.validKey().applyAsLong(seed);
    int n = Math.min(count, router.nodes().size());
    List<Node<String>> replicas = router.route(key, n);
    assertThat(replicas).hasSize(n).doesNotHaveDuplicates();
    assertThat(router.nodes()).containsAll(replicas);
    assertThat(replicas.get(0)).isEqualTo(router.route(key));
    assertThatThrownBy(() -> router.route(key, router.nodes().size() + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "replica count must be between 1 and the node count "
                + router.nodes().size()
                + " but was "
                + (router.nodes().size() + 1));
  }

  @Property(seed = "43", tries = 500)
  void withNodesKeepsTheStrategy(@ForAll("routers") Case c, @ForAll long seed) {
    ShardRouter<String> router = c.router();
    long key = c.validKey().applyAsLong(seed);
    ShardRouter<String> same = router.withNodes(router.nodes());
    assertThat(same.nodes()).isEqualTo(router.nodes());
    assertThat(same.route(key)).isEqualTo(router.route(key));
  }

  static boolean isValueRouter(Case c) {
    return List.of("modulo", "boundaryRange", "volumeRange", "interval").contains(c.name());
  }
}
