package io.github.scaleblocks.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BoundedLoadRouterTest {

  static List<Node<String>> nodes(int count) {
    return RingPlacementTest.named(i -> "node-" + i, count);
  }

  /** ceil((1 + eps) * total / n), computed as the router computes capacities. */
  static long bound(double epsilon, long total, int n) {
    return (long) Math.ceil((1 + epsilon) * (double) total * (1.0 / n));
  }

  static int maxLoad(BoundedLoadRouter<String> router) {
    int max = 0;
    for (Node<String> node : router.nodes()) {
      max = Math.max(max, router.load(node));
    }
    return max;
  }

  @Property(seed = "41", tries = 200)
  void afterAnySequenceOfAcquiresAndReleasesNoLoadExceedsTheBoundOfThePeakTotal(
      @ForAll @IntRange(min = 1, max = 12) int nodeCount,
      @ForAll @DoubleRange(min = 0.01, max = 2.0) double epsilon,
      @ForAll @Size(max = 400) List<@IntRange(min = -40, max = 1000) Integer> operations) {
    // A non-negative operation acquires that key; a negative one releases a unit from node
    // (-op mod n) if it holds any.
    BoundedLoadRouter<String> router =
        ShardRouters.boundedLoad(epsilon).pointsPerNode(16).build(nodes(nodeCount));
    long peak = 0;
    boolean released = false;
    for (int op : operations) {
      if (op >= 0) {
        Node<String> chosen = router.acquire("key-" + op);
        // The paper's invariant at the moment of assignment.
        assertThat((long) router.load(chosen))
            .isLessThanOrEqualTo(bound(epsilon, router.totalLoad(), nodeCount));
      } else {
        Node<String> node = router.nodes().get(-op % nodeCount);
        if (router.load(node) > 0) {
          router.release(node);
          released = true;
        }
      }
      peak = Math.max(peak, router.totalLoad());
      assertThat((long) maxLoad(router)).isLessThanOrEqualTo(bound(epsilon, peak, nodeCount));
      if (!released) {
        assertThat((long) maxLoad(router))
            .isLessThanOrEqualTo(bound(epsilon, router.totalLoad(), nodeCount));
      }
      long sum = 0;
      for (Node<String> node : router.nodes()) {
        sum += router.load(node);
      }
      assertThat(sum).isEqualTo(router.totalLoad());
    }
  }

  @Test
  void manyKeysOnFewNodesFillEveryNodeToTheBound() {
    BoundedLoadRouter<String> router = ShardRouters.boundedLoad(0.25).build(nodes(4));
    for (int k = 0; k < 10_000; k++) {
      router.acquire("session-" + k);
    }
    // ceil(1.25 * 10000 / 4) = 3125
    assertThat(maxLoad(router)).isLessThanOrEqualTo(3125);
    for (Node<String> node : router.nodes()) {
      assertThat(router.load(node)).isGreaterThanOrEqualTo(10_000 - 3 * 3125);
    }
  }

  @Test
  void aKeyGoesToItsRingOwnerWhileThatHasRoom() {
    BoundedLoadRouter<String> router = ShardRouters.boundedLoad(0.5).build(nodes(5));
    ShardRouter<String> ring = ShardRouters.ring().build(nodes(5));
    assertThat(router.route("alpha")).isEqualTo(ring.route("alpha"));
    assertThat(router.acquire("alpha")).isEqualTo(ring.route("alpha"));
    assertThat(router.route("alpha", 5)).containsExactlyInAnyOrderElementsOf(router.nodes());
  }

  @Test
  void routeTellsWhereAcquireGoesWithoutCounting() {
    BoundedLoadRouter<String> router = ShardRouters.boundedLoad(0.1).build(nodes(3));
    for (int k = 0; k < 100; k++) {
      long before = router.totalLoad();
      Node<String> predicted = router.route("hot-key");
      assertThat(router.totalLoad()).isEqualTo(before);
      assertThat(router.acquire("hot-key")).isEqualTo(predicted);
      assertThat(router.route("hot-key", 3).get(0)).isEqualTo(router.route("hot-key"));
    }
    // One hot key fills its owner to ceil(1.1 * 100 / 3) = 37, then the next node clockwise, and
    // so on: it spreads over all nodes, none above the bound.
    for (Node<String> node : router.nodes()) {
      assertThat(router.load(node)).isBetween(1, 37);
    }
  }

  @Test
  void weightedNodesGetCapacityProportionalToWeight() {
    List<Node<String>> weighted = List.of(Node.of("a", 1, "a"), Node.of("b", 3, "b"));
    BoundedLoadRouter<String> router = ShardRouters.boundedLoad(0.1).build(weighted);
    for (int k = 0; k < 4000; k++) {
      router.acquire("same");
    }
    // capacities ceil(1.1 * 4000 * 1/4) = 1100 and ceil(1.1 * 4000 * 3/4) = 3300
    assertThat(router.load(weighted.get(0))).isLessThanOrEqualTo(1100);
    assertThat(router.load(weighted.get(1))).isLessThanOrEqualTo(3300);
  }

  @Test
  void concurrentAcquiresAndReleasesKeepTheBoundAndBalanceToZero() throws Exception {
    int threads = 8;
    int perThread = 2_000;
    double epsilon = 0.2;
    BoundedLoadRouter<String> router = ShardRouters.boundedLoad(epsilon).build(nodes(6));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Node<String>>>> held = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        held.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Node<String>> mine = new ArrayList<>();
                  for (int k = 0; k < perThread; k++) {
                    mine.add(router.acquire("t" + thread + "-k" + k));
                    if (k % 3 == 2) {
                      // churn: give one back and take another
                      router.release(mine.remove(mine.size() - 1));
                      mine.add(router.acquire((long) thread * perThread + k));
                    }
                  }
                  return mine;
                }));
      }
      start.countDown();
      List<Node<String>> all = new ArrayList<>();
      for (Future<List<Node<String>>> f : held) {
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(router.totalLoad()).isEqualTo((long) threads * perThread);
      assertThat((long) maxLoad(router))
          .isLessThanOrEqualTo(bound(epsilon, (long) threads * perThread, 6));
      List<Future<?>> releases = new ArrayList<>();
      int chunk = all.size() / threads;
      for (int t = 0; t < threads; t++) {
        List<Node<String>> part = all.subList(t * chunk, (t + 1) * chunk);
        releases.add(pool.submit(() -> part.forEach(router::release)));
      }
      for (Future<?> f : releases) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertThat(router.totalLoad()).isZero();
      for (Node<String> node : router.nodes()) {
        assertThat(router.load(node)).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void listenersHearOfKeysThatOverflowTheirRingOwner() {
    List<BoundedLoadEvent> heard = new ArrayList<>();
    BoundedLoadRouter<String> router =
        ShardRouters.boundedLoad(0.5).listener(heard::add).build(nodes(2));
    Node<String> owner = router.route("hot");
    router.acquire("hot"); // cap ceil(1.5 * 1 / 2) = 1: fits on the owner
    assertThat(heard).isEmpty();
    Node<String> second = router.acquire("hot"); // cap ceil(1.5 * 2 / 2) = 2: still the owner
    assertThat(second).isEqualTo(owner);
    Node<String> third = router.acquire("hot"); // cap ceil(1.5 * 3 / 2) = 3: owner has room
    assertThat(third).isEqualTo(owner);
    Node<String> fourth = router.acquire("hot"); // cap ceil(1.5 * 4 / 2) = 3: owner is full
    assertThat(fourth).isNotEqualTo(owner);
    assertThat(heard)
        .containsExactly(new BoundedLoadEvent.Overflowed(owner.id(), fourth.id(), 1, 4));
    router.withNodes(nodes(2)).acquire("x");
    assertThat(heard).hasSize(1);
  }

  @Test
  void withNodesStartsFromZeroLoads() {
    BoundedLoadRouter<String> router = ShardRouters.boundedLoad(1.0).build(nodes(3));
    router.acquire("a");
    router.acquire("b");
    BoundedLoadRouter<String> bigger = router.withNodes(nodes(4));
    assertThat(bigger.totalLoad()).isZero();
    assertThat(bigger.nodes()).hasSize(4);
    assertThat(router.totalLoad()).isEqualTo(2);
  }

  @Test
  void badInputIsRejectedWithClearMessages() {
    assertThatThrownBy(() -> ShardRouters.boundedLoad(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epsilon must be positive and finite but was 0.0");
    assertThatThrownBy(() -> ShardRouters.boundedLoad(-0.5))
        .hasMessage("epsilon must be positive and finite but was -0.5");
    assertThatThrownBy(() -> ShardRouters.boundedLoad(Double.NaN))
        .hasMessage("epsilon must be positive and finite but was NaN");
    assertThatThrownBy(() -> ShardRouters.boundedLoad(Double.POSITIVE_INFINITY))
        .hasMessage("epsilon must be positive and finite but was Infinity");
    assertThatThrownBy(() -> ShardRouters.boundedLoad(0.1).pointsPerNode(0))
        .hasMessage("points per node must be at least 1 but was 0");
    assertThatThrownBy(() -> ShardRouters.boundedLoad(0.1).pointsPerNode(8).pointsPerNode(9))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("points per node was already set to 8");

    BoundedLoadRouter<String> router = ShardRouters.boundedLoad(0.1).build(nodes(2));
    Node<String> first = router.nodes().get(0);
    assertThatThrownBy(() -> router.release(first))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "node 'node-0' has no load to release: release was called more often than acquire");
    assertThatThrownBy(() -> router.release(Node.named("stranger")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("node 'stranger' is not a node of this router");
    assertThatThrownBy(() -> router.load(Node.of("node-0", 2, "node-0")))
        .hasMessage("node 'node-0' is not a node of this router");
    assertThatThrownBy(() -> router.route("k", 3))
        .hasMessage("replica count must be between 1 and the node count 2 but was 3");
  }
}
