package io.github.scaleblocks.sharding;

import static io.github.scaleblocks.sharding.HashRoutersTest.nodes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.sharding.RouterHolder.TopologyChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RouterHolderTest {
  final ManualTicker time = ManualTicker.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
  final List<TopologyChanged<String>> events = new CopyOnWriteArrayList<>();

  RouterHolder<String> holder(ShardRouter<String> initial) {
    return RouterHolder.builder(initial).listener(events::add).clock(time.clock()).build();
  }

  @Test
  void changesSwapTheRouterAndPublishOldAndNewNodesWithTheClockTime() {
    RouterHolder<String> holder = holder(ShardRouters.rendezvous().build(nodes(3)));
    ShardRouter<String> before = holder.current();

    ShardRouter<String> added = holder.addNode(Node.named("node-3"));
    assertThat(holder.current()).isSameAs(added);
    assertThat(holder.nodes())
        .extracting(Node::id)
        .containsExactly("node-0", "node-1", "node-2", "node-3");
    assertThat(events)
        .containsExactly(
            new TopologyChanged<>(nodes(3), nodes(4), Instant.parse("2026-01-01T00:00:00Z")));

    time.advance(Duration.ofMinutes(5));
    holder.removeNode("node-1");
    assertThat(holder.nodes()).extracting(Node::id).containsExactly("node-0", "node-2", "node-3");
    assertThat(events.get(1).oldNodes()).isEqualTo(nodes(4));
    assertThat(events.get(1).newNodes())
        .extracting(Node::id)
        .containsExactly("node-0", "node-2", "node-3");
    assertThat(events.get(1).at()).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));

    holder.replaceNodes(nodes(2));
    assertThat(holder.nodes()).isEqualTo(nodes(2));
    assertThat(events).hasSize(3);
    assertThat(before.nodes()).isEqualTo(nodes(3)); // snapshots never change
  }

  @Test
  void routesFollowTheCurrentRouter() {
    RouterHolder<String> holder = holder(ShardRouters.rendezvous().build(nodes(5)));
    holder.removeNode("node-2");
    ShardRouter<String> expected = ShardRouters.rendezvous().build(holder.nodes());
    for (int i = 0; i < 500; i++) {
      assertThat(holder.route("k" + i)).isEqualTo(expected.route("k" + i));
      assertThat(holder.route((long) i)).isEqualTo(expected.route((long) i));
      assertThat(holder.route(HashRoutersTest.longBytes(i))).isEqualTo(expected.route((long) i));
      assertThat(holder.route("k" + i, 2)).isEqualTo(expected.route("k" + i, 2));
    }
    assertThat(holder.withNodes(nodes(2)).nodes()).isEqualTo(nodes(2));
    assertThat(holder.nodes()).hasSize(4);
  }

  @Test
  void duplicateAndAbsentIdsAreRejectedNamingThemAndChangeNothing() {
    RouterHolder<String> holder = holder(ShardRouters.jump().build(nodes(3)));
    ShardRouter<String> before = holder.current();
    assertThatThrownBy(() -> holder.addNode(Node.named("node-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot add node 'node-1': a node with that id is already present");
    holder.removeNode("node-2");
    assertThatThrownBy(() -> holder.removeNode("node-2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot remove node 'node-2': no node has that id among the 2 present");
    assertThatThrownBy(() -> holder.removeNode("nope"))
        .hasMessage("cannot remove node 'nope': no node has that id among the 2 present");
    assertThat(events).hasSize(1);
    assertThat(before.nodes()).hasSize(3);
  }

  @Test
  void aChangeTheStrategyRejectsLeavesTheHolderAsItWas() {
    RouterHolder<String> holder = holder(ShardRouters.boundaryRange(100).build(nodes(2)));
    ShardRouter<String> before = holder.current();
    assertThatThrownBy(() -> holder.addNode(Node.named("node-2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "boundaryRange with 1 boundaries has 2 ranges and needs exactly 2 nodes, one per range,"
                + " but got 3");
    assertThatThrownBy(() -> holder.update(router -> nullValue()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("the router returned by the update function must not be null");
    assertThatThrownBy(() -> holder.update(router -> holder))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the update function returned this holder itself; return a plain router instead");
    assertThat(holder.current()).isSameAs(before);
    assertThat(holder.update(router -> router)).isSameAs(before);
    assertThat(events).isEmpty();
    List<Node<String>> renamed = List.of(Node.named("low"), Node.named("high"));
    holder.replaceNodes(renamed);
    assertThat(holder.route(100L).id()).isEqualTo("high");
  }

  @Test
  void builderRejectsASecondClock() {
    RouterHolder.Builder<String> builder =
        RouterHolder.builder(ShardRouters.jump().build(nodes(1))).clock(time.clock());
    assertThatThrownBy(() -> builder.clock(time.clock()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("clock was already set to ");
  }

  /**
   * Readers route while a writer adds and removes nodes. Every node a reader gets must be the owner
   * of its key in some complete topology that was current during or after the read began, which
   * rules out nulls, exceptions and half-built topologies.
   */
  @Test
  void readersAlwaysSeeACompleteTopologyWhileAWriterChangesIt() throws Exception {
    List<List<Node<String>>> topologies = new CopyOnWriteArrayList<>();
    topologies.add(nodes(8));
    RouterHolder<String> holder =
        RouterHolder.builder(ShardRouters.rendezvous().build(nodes(8)))
            .listener(event -> topologies.add(event.newNodes()))
            .build();
    record Read(String key, Node<String> node, int firstTopology) {}
    int readers = 4;
    ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch started = new CountDownLatch(readers);
    List<Thread> threads = new ArrayList<>();
    for (int r = 0; r < readers; r++) {
      int seed = r;
      threads.add(
          new Thread(
              () -> {
                SplittableRandom random = new SplittableRandom(seed);
                started.countDown();
                int done = 0;
                try {
                  while ((writing.get() && done < 100_000) || done < 2000) {
                    String key = "key-" + random.nextInt(10_000);
                    int first = topologies.size() - 1;
                    Node<String> node = holder.route(key);
                    if (node == null) {
                      throw new AssertionError("null node for " + key);
                    }
                    reads.add(new Read(key, node, first));
                    done++;
                  }
                } catch (Throwable t) {
                  failures.add(t);
                }
              }));
    }
    threads.forEach(Thread::start);
    started.await();
    SplittableRandom random = new SplittableRandom(99);
    int next = 8;
    for (int change = 0; change < 400; change++) {
      List<Node<String>> current = holder.nodes();
      if (current.size() > 2 && random.nextBoolean()) {
        holder.removeNode(current.get(random.nextInt(current.size())).id());
      } else {
        holder.addNode(Node.named("node-" + next++));
      }
    }
    writing.set(false);
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(failures).isEmpty();
    assertThat(topologies).hasSize(401);
    List<ShardRouter<String>> routers = new ArrayList<>();
    for (List<Node<String>> topology : topologies) {
      routers.add(ShardRouters.rendezvous().build(topology));
    }
    for (Read read : reads) {
      boolean owned = false;
      for (int t = Math.max(0, read.firstTopology()); t < routers.size() && !owned; t++) {
        owned = routers.get(t).route(read.key()).equals(read.node());
      }
      assertThat(owned)
          .as("%s owned by a topology from %d on", read, read.firstTopology())
          .isTrue();
    }
  }

  @Test
  void concurrentWritersNeverLoseAChange() throws Exception {
    RouterHolder<String> holder = holder(ShardRouters.rendezvous().build(nodes(1)));
    int writers = 8;
    int perWriter = 50;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      threads.add(
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < perWriter; i++) {
                    holder.addNode(Node.named("w" + writer + "-" + i));
                  }
                } catch (Throwable t) {
                  failures.add(t);
                }
              }));
    }
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(failures).isEmpty();
    Set<String> ids = new HashSet<>();
    holder.nodes().forEach(node -> ids.add(node.id()));
    assertThat(ids).hasSize(1 + writers * perWriter);
    for (int w = 0; w < writers; w++) {
      for (int i = 0; i < perWriter; i++) {
        assertThat(ids).contains("w" + w + "-" + i);
      }
    }
    assertThat(events).hasSize(writers * perWriter);
    for (int e = 1; e < events.size(); e++) {
      assertThat(events.get(e).oldNodes()).isEqualTo(events.get(e - 1).newNodes());
    }
  }

  @SuppressWarnings({"TypeParameterUnusedInFormals", "NullAway"}) // feeds null to test rejection
  private static <T> T nullValue() {
    return null;
  }
}
