package io.github.scaleblocks.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.core.Node;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The {@link ShardRouter} contract for the ring, Ketama, Maglev and bounded-load routers: key forms
 * agree, only known nodes are returned, replicas are distinct and start with the owner, and equal
 * inputs give equal answers.
 */
class NewStrategiesContractTest {

  @Provide
  Arbitrary<Function<List<Node<String>>, ShardRouter<String>>> strategies() {
    return Arbitraries.of(
        nodes -> ShardRouters.ring().build(nodes),
        nodes -> ShardRouters.ring(40).build(nodes),
        nodes -> ShardRouters.ketama().build(nodes),
        nodes -> ShardRouters.ketamaWeighted().build(nodes),
        nodes -> ShardRouters.ketamaFnv1a().build(nodes),
        nodes -> ShardRouters.maglev().build(nodes),
        nodes -> ShardRouters.maglev(1009).build(nodes),
        nodes -> ShardRouters.boundedLoad(0.25).build(nodes));
  }

  @Property(seed = "51", tries = 400)
  void routersKeepTheShardRouterContract(
      @ForAll("strategies") Function<List<Node<String>>, ShardRouter<String>> strategy,
      @ForAll @IntRange(min = 1, max = 9) int nodeCount,
      @ForAll String key,
      @ForAll long number,
      @ForAll @IntRange(min = 1, max = 9) int replicas) {
    List<Node<String>> nodes = RingPlacementTest.named(i -> "10.1.0." + i + ":11211", nodeCount);
    ShardRouter<String> router = strategy.apply(nodes);
    ShardRouter<String> again = strategy.apply(nodes);
    Node<String> owner = router.route(key);
    assertThat(nodes).contains(owner);
    assertThat(again.route(key)).isEqualTo(owner);
    assertThat(router.route(key.getBytes(StandardCharsets.UTF_8))).isEqualTo(owner);
    assertThat(router.route(number)).isEqualTo(router.route(HashRoutersTest.longBytes(number)));
    int count = Math.min(replicas, nodeCount);
    List<Node<String>> list = router.route(key, count);
    assertThat(list).hasSize(count).doesNotHaveDuplicates().first().isEqualTo(owner);
    assertThat(nodes).containsAll(list);
    assertThat(router.withNodes(nodes).route(key)).isEqualTo(owner);
  }
}
