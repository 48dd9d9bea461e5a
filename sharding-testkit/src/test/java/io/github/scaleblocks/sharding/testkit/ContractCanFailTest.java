package io.github.scaleblocks.sharding.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import io.github.scaleblocks.sharding.spi.HashPlacement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.junit.jupiter.api.Test;

/**
 * Broken routers run through the contract's checks directly: each must fail with a message that
 * names what went wrong, while a correct router passes the same call.
 */
class ContractCanFailTest {

  static List<Node<String>> nodes(int count) {
    List<Node<String>> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(Node.named("n" + i));
    }
    return List.copyOf(nodes);
  }

  /** Places keys modulo all nodes but the last, so the last node never gets a key. */
  static final HashPlacement IGNORES_LAST_NODE =
      nodes -> hash -> (int) Long.remainderUnsigned(hash, Math.max(1, nodes.size() - 1));

  static final ShardRouterContract RENDEZVOUS = nodes -> ShardRouters.rendezvous().build(nodes);

  @Test
  void aRouterThatIgnoresTheLastNodeFailsBalanceNamingThatNode() {
    ShardRouterContract contract = nodes -> ShardRouters.custom(IGNORES_LAST_NODE).build(nodes);

    assertThatThrownBy(() -> contract.loadIsBalanced(nodes(4), 7L))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("load of 10000 sampled keys (seed 7)")
        .hasMessageContaining("within a factor 1.25 of each node's fair share")
        .hasMessageContaining("n3 (weight 1) holds 0 keys, 0.00 times its fair share 2500");
    assertThatCode(() -> RENDEZVOUS.loadIsBalanced(nodes(4), 7L)).doesNotThrowAnyException();
  }

  @Test
  void aRouterThatRemapsManyKeysOnAddFailsMinimalDisruptionNamingAMovedKey() {
    ShardRouterContract modulo = nodes -> ShardRouters.hashModulo().build(nodes);
    TopologyChange addN4 = new TopologyChange.AddNode(Node.named("n4"), 4);

    assertThatThrownBy(
            () -> modulo.topologyChangesMoveOnlyTheKeysTheyMust(of(nodes(4), addN4), 11L))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "after 'add n4 at index 4' on [Node[n0], Node[n1], Node[n2], Node[n3]]")
        .hasMessageContaining("keys may only move to n4, but")
        .hasMessageMatching("(?s).*key \"k[0-9a-z]+:\\d+\" moved from n\\d to n[0-3].*");
    assertThatCode(
            () -> RENDEZVOUS.topologyChangesMoveOnlyTheKeysTheyMust(of(nodes(4), addN4), 11L))
        .doesNotThrowAnyException();
  }

  @Test
  void boundedDisruptionStillFailsARouterThatMovesTooManyKeys() {
    ShardRouterContract modulo =
        new ShardRouterContract() {
          @Override
          public ShardRouter<String> router(List<Node<String>> nodes) {
            return ShardRouters.hashModulo().build(nodes);
          }

          @Override
          public Disruption disruption() {
            return Disruption.BOUNDED;
          }
        };

    assertThatThrownBy(
            () ->
                modulo.topologyChangesMoveOnlyTheKeysTheyMust(
                    of(nodes(4), new TopologyChange.RemoveNode("n1")), 3L))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("after 'remove n1'")
        .hasMessageContaining("moved; ideal 25.00%, allowed")
        .hasMessageContaining("with disruption tolerance 0.1");
    ShardRouterContract boundedRendezvous =
        new ShardRouterContract() {
          @Override
          public ShardRouter<String> router(List<Node<String>> nodes) {
            return ShardRouters.rendezvous().build(nodes);
          }

          @Override
          public Disruption disruption() {
            return Disruption.BOUNDED;
          }
        };
    assertThatCode(
            () ->
                boundedRendezvous.topologyChangesMoveOnlyTheKeysTheyMust(
                    of(nodes(4), new TopologyChange.RemoveNode("n1")), 3L))
        .doesNotThrowAnyException();
  }

  @Test
  void aRouterThatIgnoresWeightsFailsTheWeightProperty() {
    // the README's example placement has no weights
    ShardRouterContract unweighted =
        nodes -> ShardRouters.custom(CustomRouterExampleTest.HIGHEST_DRAW).build(nodes);
    List<Node<String>> weighted = List.of(Node.of("n0", 1, "n0"), Node.of("n1", 4, "n1"));

    assertThatThrownBy(() -> unweighted.loadFollowsWeights(weighted, 5L))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("n0 (weight 1) holds")
        .hasMessageContaining("n1 (weight 4) holds");
    assertThatCode(() -> RENDEZVOUS.loadFollowsWeights(weighted, 5L)).doesNotThrowAnyException();
  }

  @Test
  void aRouterThatReturnsAForeignNodeFailsNamingTheNodeAndTheKey() {
    Node<String> stranger = Node.named("stranger");
    ShardRouterContract contract =
        nodes ->
            new ForwardingRouter(ShardRouters.rendezvous().build(nodes), r -> r) {
              @Override
              public Node<String> route(long key) {
                return key == 42L ? stranger : super.route(key);
              }
            };

    assertThatThrownBy(
            () -> contract.routesOnlyToItsOwnNodes(nodes(3), List.of("a"), List.of(), List.of(42L)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "key 42L routed to Node[stranger], which is not one of the router's nodes");
  }

  @Test
  void aRouterWhoseStringAndBytesDisagreeFailsKeyForms() {
    ShardRouterContract contract =
        nodes ->
            new ForwardingRouter(ShardRouters.rendezvous().build(nodes), r -> r) {
              @Override
              public Node<String> route(CharSequence key) {
                // routes the UTF-16 bytes instead of the UTF-8 bytes
                return super.route(key.toString().getBytes(StandardCharsets.UTF_16LE));
              }
            };

    assertThatThrownBy(
            () -> contract.keyFormsAgree(nodes(8), List.of("user:1", "user:2", "ü"), List.of()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("and its UTF-8 bytes bytes[")
        .hasMessageContaining("route alike (router over [n0, n1, n2, n3, n4, n5, n6, n7])");
  }

  @Test
  void aRouterThatDependsOnItsInstanceFailsDeterminism() {
    AtomicLong instances = new AtomicLong();
    ShardRouterContract contract =
        nodes -> {
          long salt = instances.incrementAndGet();
          return new ForwardingRouter(ShardRouters.rendezvous().build(nodes), r -> r) {
            @Override
            public Node<String> route(long key) {
              return super.route(key ^ salt);
            }
          };
        };
    List<Long> keys = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);

    assertThatThrownBy(
            () -> contract.equalNodeListsRouteEveryKeyAlike(nodes(8), List.of(), List.of(), keys))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("two routers built over [n0, n1, n2, n3, n4, n5, n6, n7]: key ");
  }

  @Test
  void replicasThatDoNotStartWithTheOwnerFail() {
    ShardRouterContract contract =
        nodes ->
            new ForwardingRouter(ShardRouters.rendezvous().build(nodes), r -> r) {
              @Override
              public List<Node<String>> route(CharSequence key, int count) {
                List<Node<String>> replicas = new ArrayList<>(super.route(key, count));
                Collections.reverse(replicas);
                return replicas;
              }
            };

    assertThatThrownBy(
            () ->
                contract.replicasAreDistinctAndStartWithTheOwner(
                    nodes(3), List.of("user:7"), List.of(), List.of()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("2 replicas of key \"user:7\" over [n0, n1, n2]")
        .hasMessageContaining("the first replica must be route(key)");
  }

  @Test
  void aRouterThatClampsTheReplicaCountFails() {
    ShardRouterContract contract =
        nodes ->
            new ForwardingRouter(ShardRouters.rendezvous().build(nodes), r -> r) {
              @Override
              public List<Node<String>> route(long key, int count) {
                return super.route(key, Math.max(1, Math.min(count, nodes().size())));
              }
            };

    assertThatThrownBy(() -> contract.replicaCountsOutsideOneToTheNodeCountAreRejected(nodes(3)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "replica count 0 for a router of 3 nodes and a long key must throw"
                + " IllegalArgumentException, but returned normally");
  }

  @Test
  void aRouterThatAcceptsNullKeysFails() {
    ShardRouterContract contract =
        nodes ->
            new ForwardingRouter(ShardRouters.rendezvous().build(nodes), r -> r) {
              @Override
              public Node<String> route(byte[] key) {
                return key == null ? nodes().get(0) : super.route(key);
              }
            };

    assertThatThrownBy(() -> contract.nullKeysAreRejected(nodes(2)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("route((byte[]) null) must throw NullPointerException");
  }

  @Test
  void aRouterThatCannotBuildWeightedNodesIsToldToDeclareIt() {
    ShardRouterContract jump = nodes -> ShardRouters.jump().build(nodes);

    assertThatThrownBy(
            () ->
                jump.routesOnlyToItsOwnNodes(
                    List.of(Node.of("n0", 2, "n0")), List.of("k"), List.of(), List.of()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("router([Node[n0, weight=2]]) threw")
        .hasMessageContaining("jump hash has no weights")
        .hasMessageContaining("declare supportsWeights() false");
  }

  @Test
  void nonsenseDeclarationsAreRejectedNamingTheValue() {
    ShardRouterContract lenient =
        new ShardRouterContract() {
          @Override
          public ShardRouter<String> router(List<Node<String>> nodes) {
            return ShardRouters.rendezvous().build(nodes);
          }

          @Override
          public double maxBalance() {
            return 0.9;
          }
        };

    assertThatThrownBy(lenient::contractNodes)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBalance() must be at least 1 (or infinite) but was 0.9");
  }

  private static Tuple2<List<Node<String>>, TopologyChange> of(
      List<Node<String>> nodes, TopologyChange change) {
    return Tuple.of(nodes, change);
  }
}
