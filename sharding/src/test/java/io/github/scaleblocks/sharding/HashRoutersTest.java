package io.github.scaleblocks.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.hash.KeyHashers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HashRoutersTest {

  static List<Node<String>> nodes(int count) {
    List<Node<String>> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(Node.named("node-" + i));
    }
    return nodes;
  }

  @Property(seed = "7")
  void jumpMatchesGuavaConsistentHashForEveryKeyAndBucketCount(
      @ForAll long hash, @ForAll @IntRange(min = 1, max = 5000) int buckets) {
    assertThat(JumpPlacement.bucket(hash, buckets))
        .isEqualTo(com.google.common.hash.Hashing.consistentHash(hash, buckets));
  }

  @Test
  void jumpRoutesByTheXxh3OfTheKey() {
    ShardRouter<String> router = ShardRouters.jump().build(nodes(10));
    long hash = KeyHashers.xxh3().hash("user:42");
    assertThat(router.route("user:42").id())
        .isEqualTo("node-" + com.google.common.hash.Hashing.consistentHash(hash, 10));
    assertThat(router.route(42L)).isEqualTo(router.route(longBytes(42L)));
  }

  @Test
  void jumpRejectsWeights() {
    assertThatThrownBy(() -> ShardRouters.jump().build(List.of(Node.of("a", 2, "a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("jump hash has no weights but node 'a' has weight 2");
  }

  @Test
  void hashModuloGivesWeightedShares() {
    ShardRouter<String> router =
        ShardRouters.hashModulo().build(List.of(Node.of("a", 1, "a"), Node.of("b", 3, "b")));
    Map<String, Integer> counts = count(router, 400_000);
    assertThat(counts.getOrDefault("b", 0) / (double) counts.getOrDefault("a", 0))
        .isBetween(2.9, 3.1);
  }

  @Test
  void rendezvousSharesFollowWeights() {
    ShardRouter<String> router =
        ShardRouters.rendezvous()
            .build(List.of(Node.of("a", 1, "a"), Node.of("b", 2, "b"), Node.of("c", 5, "c")));
    Map<String, Integer> counts = count(router, 400_000);
    assertThat(counts.getOrDefault("b", 0) / (double) counts.getOrDefault("a", 0))
        .isBetween(1.9, 2.1);
    assertThat(counts.getOrDefault("c", 0) / (double) counts.getOrDefault("a", 0))
        .isBetween(4.8, 5.2);
  }

  @Test
  void rendezvousMovesOnlyTheKeysOfTheRemovedNode() {
    List<Node<String>> ten = nodes(10);
    ShardRouter<String> before = ShardRouters.rendezvous().build(ten);
    List<Node<String>> nine = new ArrayList<>(ten);
    nine.remove(4);
    ShardRouter<String> after = before.withNodes(nine);
    for (int i = 0; i < 50_000; i++) {
      String key = "k" + i;
      if (!before.route(key).id().equals("node-4")) {
        assertThat(after.route(key)).isEqualTo(before.route(key));
      }
    }
  }

  @Test
  void replicasAreDistinctAndStartWithTheOwner() {
    for (HashRouterBuilder builder :
        List.of(ShardRouters.jump(), ShardRouters.hashModulo(), ShardRouters.rendezvous())) {
      ShardRouter<String> router = builder.build(nodes(7));
      for (int i = 0; i < 2000; i++) {
        List<Node<String>> replicas = router.route("key" + i, 3);
        assertThat(replicas).hasSize(3).doesNotHaveDuplicates();
        assertThat(replicas.get(0)).isEqualTo(router.route("key" + i));
      }
      assertThat(router.route(5L, 7)).containsExactlyInAnyOrderElementsOf(router.nodes());
    }
  }

  @Test
  void badInputIsRejectedWithClearMessages() {
    ShardRouter<String> router = ShardRouters.rendezvous().build(nodes(3));
    assertThatThrownBy(() -> router.route((String) nullValue()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key must not be null");
    assertThatThrownBy(() -> router.route("k", 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replica count must be between 1 and the node count 3 but was 4");
    assertThatThrownBy(() -> router.route("k", 0))
        .hasMessage("replica count must be between 1 and the node count 3 but was 0");
    assertThatThrownBy(() -> ShardRouters.jump().build(List.<Node<String>>of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the node set is empty: at least one node is required");
    assertThatThrownBy(() -> ShardRouters.jump().build(List.of(Node.named("a"), Node.named("a"))))
        .hasMessage("duplicate node id 'a' at index 0 and index 1: node ids must be unique");
    assertThatThrownBy(
            () -> ShardRouters.jump().hasher(KeyHashers.xxh3()).hasher(KeyHashers.murmur3()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("hasher was already set to KeyHashers.xxh3()");
  }

  static Map<String, Integer> count(ShardRouter<String> router, int keys) {
    Map<String, Integer> counts = new HashMap<>();
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < keys; i++) {
      counts.merge(router.route(random.nextLong()).id(), 1, Integer::sum);
    }
    return counts;
  }

  static byte[] longBytes(long value) {
    byte[] bytes = new byte[8];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (value >>> (8 * i));
    }
    return bytes;
  }

  @SuppressWarnings({"TypeParameterUnusedInFormals", "NullAway"}) // feeds null to test rejection
  private static <T> T nullValue() {
    return null;
  }
}
