package io.github.scaleblocks.sharding.resharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ReshardingPlanTest {

  static List<Node<String>> nodes(int count) {
    List<Node<String>> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(Node.named("node-" + i));
    }
    return nodes;
  }

  static List<String> keys(int count) {
    List<String> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add("user:" + i);
    }
    return keys;
  }

  @Test
  void jumpFromTenToElevenNodesMovesAboutOneEleventhAllToTheNewNode() {
    ShardRouter<String> ten = ShardRouters.jump().build(nodes(10));
    ReshardingPlan<String, String> plan =
        ReshardingPlan.between(ten, ten.withNodes(nodes(11))).forKeys(keys(100_000));

    assertThat(plan.totalKeys()).isEqualTo(100_000);
    assertThat(plan.movedFraction()).isBetween(1 / 11.0 - 0.006, 1 / 11.0 + 0.006);
    assertThat(plan.moves().keySet()).allMatch(pair -> pair.toId().equals("node-10"));
    assertThat(plan.moves().keySet()).hasSize(10);
    long sum = plan.counts().perPair().values().stream().mapToLong(Long::longValue).sum();
    assertThat(sum).isEqualTo(plan.movedKeys());
  }

  @Test
  void hashModuloFromTenToElevenNodesMovesMostKeys() {
    ShardRouter<String> ten = ShardRouters.hashModulo().build(nodes(10));
    MoveCounts counts =
        ReshardingPlan.between(ten, ten.withNodes(nodes(11)))
            .count(keys(100_000), KeyRouting.strings());

    // a key stays only when h mod 10 == h mod 11: 10 residues of 110
    assertThat(counts.movedFraction()).isBetween(10 / 11.0 - 0.006, 10 / 11.0 + 0.006);
    assertThat(counts.perPair()).hasSizeGreaterThan(90);
  }

  @Test
  void rendezvousRemovingOneNodeMovesOnlyThatNodesKeys() {
    List<Node<String>> ten = nodes(10);
    List<Node<String>> nine = new ArrayList<>(ten);
    nine.remove(4);
    ShardRouter<String> before = ShardRouters.rendezvous().build(ten);
    ReshardingPlan<String, String> plan =
        ReshardingPlan.between(before, before.withNodes(nine)).forKeys(keys(50_000));

    assertThat(plan.moves().keySet()).allMatch(pair -> pair.fromId().equals("node-4"));
    assertThat(plan.movedFraction()).isBetween(0.09, 0.11);
    for (String key : plan.keys(new ShardPair("node-4", "node-0"))) {
      assertThat(before.route(key).id()).isEqualTo("node-4");
    }
  }

  @Test
  void theSameRouterMovesNothing() {
    ShardRouter<String> router = ShardRouters.rendezvous().build(nodes(3));
    ReshardingPlan<String, String> plan =
        ReshardingPlan.between(router, router).forKeys(keys(1000));
    assertThat(plan.movedKeys()).isZero();
    assertThat(plan.moves()).isEmpty();
    assertThat(plan.summary()).isEqualTo("1000 keys, 0 move (0.00%)");
  }

  @Property(seed = "20261128", tries = 200)
  void everyMoveChangesOwnerAndEveryOtherKeyKeepsIt(
      @ForAll @Size(max = 300) List<String> keys,
      @ForAll @IntRange(min = 1, max = 8) int oldCount,
      @ForAll @IntRange(min = 1, max = 8) int newCount) {
    ShardRouter<String> oldRouter = ShardRouters.rendezvous().build(nodes(oldCount));
    ShardRouter<String> newRouter = oldRouter.withNodes(nodes(newCount));
    ReshardingPlan.Planner<String> planner = ReshardingPlan.between(oldRouter, newRouter);
    ReshardingPlan<String, String> plan = planner.forKeys(keys);

    Map<String, ShardPair> moved = new HashMap<>();
    plan.moves().forEach((pair, list) -> list.forEach(key -> moved.put(key, pair)));
    for (String key : keys) {
      String from = oldRouter.route(key).id();
      String to = newRouter.route(key).id();
      if (from.equals(to)) {
        assertThat(moved).doesNotContainKey(key);
      } else {
        assertThat(moved).containsEntry(key, new ShardPair(from, to));
      }
    }
    assertThat(plan.totalKeys()).isEqualTo(keys.size());

    MoveCounts counted = planner.count(keys, KeyRouting.strings());
    List<String> streamed = new ArrayList<>();
    MoveCounts streamedCounts =
        planner.stream(keys, KeyRouting.strings(), (key, pair) -> streamed.add(key));
    assertThat(counted.perPair()).isEqualTo(plan.counts().perPair());
    assertThat(streamedCounts.perPair()).isEqualTo(plan.counts().perPair());
    assertThat(streamed).hasSize((int) plan.movedKeys());
  }

  @Test
  void longAndByteKeysPlanAlikeForTheSameBytes() {
    ShardRouter<String> oldRouter = ShardRouters.jump().build(nodes(4));
    ShardRouter<String> newRouter = oldRouter.withNodes(nodes(7));
    List<Long> longs = LongStream.range(0, 5000).boxed().collect(Collectors.toList());
    List<byte[]> bytes = new ArrayList<>();
    for (long key : longs) {
      bytes.add(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(key).array());
    }
    ReshardingPlan.Planner<String> planner = ReshardingPlan.between(oldRouter, newRouter);
    assertThat(planner.count(bytes, KeyRouting.bytes()).perPair())
        .isEqualTo(planner.forKeys(longs, KeyRouting.longs()).counts().perPair());
  }

  @Test
  void aScanPlanMovesKeysFromWhereTheyAreStored() {
    ShardRouter<String> oldRouter = ShardRouters.rendezvous().build(nodes(2));
    ShardRouter<String> newRouter = oldRouter.withNodes(nodes(3));
    Map<String, List<String>> stored = new HashMap<>();
    List<String> keys = keys(3000);
    for (String key : keys) {
      stored.computeIfAbsent(oldRouter.route(key).id(), id -> new ArrayList<>()).add(key);
    }
    // one key stored on the wrong node: it must move from where it is to its new owner
    String stray =
        keys.stream().filter(k -> newRouter.route(k).id().equals("node-0")).findFirst().get();
    stored.computeIfAbsent("node-0", id -> new ArrayList<>()).remove(stray);
    stored.computeIfAbsent("node-1", id -> new ArrayList<>()).add(stray);

    ReshardingPlan<String, String> plan =
        ReshardingPlan.between(oldRouter, newRouter)
            .forScan(
                (node, sink) -> stored.getOrDefault(node.id(), List.of()).forEach(sink),
                KeyRouting.strings());

    assertThat(plan.totalKeys()).isEqualTo(3000);
    assertThat(plan.keys(new ShardPair("node-1", "node-0"))).containsExactly(stray);
    assertThat(plan.moves().keySet())
        .containsExactly(
            new ShardPair("node-0", "node-2"),
            new ShardPair("node-1", "node-0"),
            new ShardPair("node-1", "node-2"));
  }

  @Test
  void aFailingScanNamesTheNode() {
    ShardRouter<String> router = ShardRouters.rendezvous().build(nodes(2));
    assertThatThrownBy(
            () ->
                ReshardingPlan.between(router, router)
                    .<String>forScan(
                        (node, sink) -> {
                          throw new java.io.IOException("connection refused");
                        },
                        KeyRouting.strings()))
        .isInstanceOf(ReshardingException.class)
        .hasMessage(
            "scanning the keys of Node[node-0] failed: java.io.IOException: connection refused");
  }

  @Test
  void summaryListsTotalsAndPairsInOrder() {
    ShardRouter<String> oldRouter = ShardRouters.rendezvous().build(nodes(2));
    ReshardingPlan<String, String> plan =
        ReshardingPlan.between(oldRouter, oldRouter.withNodes(nodes(3))).forKeys(keys(20_000));
    String[] lines = plan.summary().split("\n");
    assertThat(lines[0]).matches("20000 keys, " + plan.movedKeys() + " move \\(3\\d\\.\\d\\d%\\)");
    assertThat(lines)
        .hasSize(3)
        .contains(
            "  node-0 -> node-2: " + plan.keys(new ShardPair("node-0", "node-2")).size(),
            "  node-1 -> node-2: " + plan.keys(new ShardPair("node-1", "node-2")).size());
  }

  @Test
  void byStringKeysRouteAsTheirStringForm() {
    ShardRouter<String> oldRouter = ShardRouters.jump().build(nodes(3));
    ShardRouter<String> newRouter = oldRouter.withNodes(nodes(5));
    Set<Integer> ids = Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    KeyRouting<Integer> routing = KeyRouting.byString(id -> "user:" + id);
    ReshardingPlan<Integer, String> plan =
        ReshardingPlan.between(oldRouter, newRouter).forKeys(ids, routing);
    for (Integer id : ids) {
      boolean moves =
          !oldRouter.route("user:" + id).id().equals(newRouter.route("user:" + id).id());
      assertThat(plan.moves().values().stream().anyMatch(list -> list.contains(id)))
          .isEqualTo(moves);
    }
  }

  @Test
  void shardPairRejectsANodeMovingToItself() {
    assertThatThrownBy(() -> new ShardPair("a", "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a move needs two nodes but both ids are 'a'");
  }
}
