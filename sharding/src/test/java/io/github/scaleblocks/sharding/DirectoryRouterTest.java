package io.github.scaleblocks.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.spi.DirectoryStore;
import io.github.scaleblocks.sharding.spi.DirectoryStoreException;
import io.github.scaleblocks.sharding.spi.DirectoryStores;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class DirectoryRouterTest {
  private final List<Node<String>> nodes = HashRoutersTest.nodes(5);
  private final ShardRouter<String> fallback = ShardRouters.rendezvous().build(nodes);
  private final DirectoryStore store = DirectoryStores.inMemory();
  private final List<DirectoryEvent> events = new CopyOnWriteArrayList<>();
  private final DirectoryRouter<String> router =
      ShardRouters.directory(store, fallback).listener(events::add).build();

  @Test
  void aNewKeyIsPlacedByTheFallbackAndRecorded() {
    Node<String> owner = router.route("tenant-1");

    assertThat(owner).isEqualTo(fallback.route("tenant-1"));
    assertThat(store.lookup("tenant-1")).contains(owner.id());
    assertThat(events).containsExactly(new DirectoryEvent.KeyAssigned("tenant-1", owner.id()));

    assertThat(router.route("tenant-1")).isEqualTo(owner);
    assertThat(events).as("a recorded key is not assigned again").hasSize(1);
  }

  @Test
  void aRecordedEntryWinsOverTheFallback() {
    String elsewhere = otherThan(fallback.route("tenant-2")).id();
    store.assignIfAbsent("tenant-2", elsewhere);

    assertThat(router.route("tenant-2").id()).isEqualTo(elsewhere);
    assertThat(events).isEmpty();
  }

  @Test
  void aMovedKeyRoutesToItsNewNodeAndOtherKeysStay() {
    Node<String> before = router.route("tenant-3");
    Node<String> other = router.route("tenant-4");
    Node<String> target = otherThan(before);
    events.clear();

    assertThat(router.moveKey("tenant-3", target)).isTrue();

    assertThat(router.route("tenant-3")).isEqualTo(target);
    assertThat(router.route("tenant-4")).isEqualTo(other);
    assertThat(store.lookup("tenant-3")).contains(target.id());
    assertThat(events)
        .containsExactly(new DirectoryEvent.KeyMoved("tenant-3", before.id(), target.id()));
    assertThat(router.moveKey("tenant-3", target)).as("already there").isFalse();
  }

  @Test
  void movingAKeyWithNoEntryRecordsItOnTheTarget() {
    Node<String> target = otherThan(fallback.route("fresh"));

    assertThat(router.moveKey("fresh", target)).isTrue();

    assertThat(router.route("fresh")).isEqualTo(target);
    assertThat(events).containsExactly(new DirectoryEvent.KeyAssigned("fresh", target.id()));
  }

  @Test
  void aStoredShardThatIsNotANodeFailsLoudlyUntilTheKeyIsMoved() {
    store.assignIfAbsent("tenant-5", "db-retired");

    assertThatThrownBy(() -> router.route("tenant-5"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maps key 'tenant-5' to shard 'db-retired'")
        .hasMessageContaining("not one of this router's 5 nodes");
    assertThatThrownBy(() -> router.route("tenant-5", 2)).isInstanceOf(IllegalStateException.class);

    assertThat(router.moveKey("tenant-5", nodes.get(2))).isTrue();
    assertThat(router.route("tenant-5")).isEqualTo(nodes.get(2));
    assertThat(events)
        .containsExactly(new DirectoryEvent.KeyMoved("tenant-5", "db-retired", "node-2"));
  }

  @Test
  void removingANodeLeavesItsKeysFailingInsteadOfSilentlyMovingThem() {
    Node<String> owner = router.route("tenant-6");
    List<Node<String>> fewer = new ArrayList<>(nodes);
    fewer.remove(owner);

    DirectoryRouter<String> shrunk = router.withNodes(fewer);

    assertThat(shrunk.nodes()).containsExactlyElementsOf(fewer);
    assertThatThrownBy(() -> shrunk.route("tenant-6"))
        .hasMessageContaining("to shard '" + owner.id() + "'");
    assertThat(shrunk.moveKey("tenant-6", fewer.get(0))).isTrue();
    assertThat(router.route("tenant-6")).as("both routers share the store").isEqualTo(fewer.get(0));
  }

  @Test
  void keyFormsAreReadByValue() {
    assertThat(router.route(42L)).isEqualTo(router.route("42"));
    assertThat(router.route(42L)).isEqualTo(fallback.route("42"));
    Node<String> bytesOwner = router.route(new byte[] {0x0a, (byte) 0xff});
    assertThat(store.lookup("0x0aff")).contains(bytesOwner.id());

    router.moveKey(-7L, nodes.get(4));
    router.moveKey(new byte[] {1}, nodes.get(3));
    assertThat(router.route("-7")).isEqualTo(nodes.get(4));
    assertThat(router.route("0x01")).isEqualTo(nodes.get(3));
  }

  @Property(seed = "20261128")
  void replicasAreTheOwnerThenTheFallbackOrderWithoutTheOwner(
      @ForAll @AlphaChars @StringLength(max = 20) String key,
      @ForAll @IntRange(min = 1, max = 5) int count,
      @ForAll @IntRange(min = 0, max = 4) int movedTo,
      @ForAll boolean move) {
    DirectoryRouter<String> fresh =
        ShardRouters.directory(DirectoryStores.inMemory(), fallback).build();
    if (move) {
      fresh.moveKey(key, nodes.get(movedTo));
    }
    Node<String> owner = fresh.route(key);
    List<Node<String>> expected = new ArrayList<>();
    expected.add(owner);
    for (Node<String> node : fallback.route(key, 5)) {
      if (!node.equals(owner) && expected.size() < count) {
        expected.add(node);
      }
    }

    assertThat(fresh.route(key, count)).containsExactlyElementsOf(expected);
  }

  @Test
  void storeFailuresNameTheStoreAndTheOperation() {
    DirectoryStore broken = new BrokenStore();
    DirectoryRouter<String> failing = ShardRouters.directory(broken, fallback).build();

    assertThatThrownBy(() -> failing.route("k1"))
        .isInstanceOf(DirectoryStoreException.class)
        .hasMessage(
            "directory store broken-store failed: lookup of key 'k1':"
                + " java.lang.IllegalStateException: disk on fire")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> failing.moveKey("k2", nodes.get(0)))
        .isInstanceOf(DirectoryStoreException.class)
        .hasMessageStartingWith("directory store broken-store failed: lookup of key 'k2'");

    DirectoryStoreException own = new DirectoryStoreException("s", "lookup of key 'k'", null);
    DirectoryRouter<String> rethrowing =
        ShardRouters.directory(new ThrowingStore(own), fallback).build();
    assertThatThrownBy(() -> rethrowing.route("k")).isSameAs(own);
  }

  @Test
  void badArgumentsAreRejected() {
    assertThatThrownBy(() -> router.route((String) nullValue()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key must not be null");
    assertThatThrownBy(() -> router.route("k", 6))
        .hasMessage("replica count must be between 1 and the node count 5 but was 6");
    assertThatThrownBy(() -> router.moveKey("k", Node.named("stranger")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cannot move key 'k' to Node[stranger]: it is not one of this router's 5 nodes");
    assertThatThrownBy(() -> router.moveKey("k", Node.of("node-1", 2, "node-1")))
        .as("same id, different node")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShardRouters.directory(store, nullValue()))
        .hasMessage("fallback must not be null");
    assertThat(store.lookup("k")).as("nothing was recorded by rejected calls").isEmpty();
  }

  @Test
  void routersWithDifferentFallbacksRacingOnNewKeysAllAgree() throws Exception {
    List<DirectoryRouter<String>> routers =
        List.of(
            ShardRouters.directory(store, ShardRouters.jump().build(nodes)).build(),
            ShardRouters.directory(store, ShardRouters.rendezvous().build(nodes)).build(),
            ShardRouters.directory(store, ShardRouters.hashModulo().build(nodes)).build());
    int threads = 6;
    int keys = 2000;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        DirectoryRouter<String> mine = routers.get(t % routers.size());
        int offset = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<String> seen = new ArrayList<>(Collections.nCopies(keys, ""));
                  for (int i = 0; i < keys; i++) {
                    int k = (i * 7 + offset * 331) % keys; // each thread its own order
                    seen.set(k, mine.route("key-" + k).id());
                  }
                  return seen;
                }));
      }
      for (Future<List<String>> result : results) {
        List<String> seen = result.get(30, TimeUnit.SECONDS);
        for (int k = 0; k < keys; k++) {
          assertThat(seen.get(k)).isEqualTo(store.lookup("key-" + k).orElseThrow());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Node<String> otherThan(Node<String> node) {
    return nodes.get((nodes.indexOf(node) + 1) % nodes.size());
  }

  @SuppressWarnings({"TypeParameterUnusedInFormals", "NullAway"}) // feeds null to test rejection
  private static <T> T nullValue() {
    return null;
  }

  private static final class BrokenStore implements DirectoryStore {
    @Override
    public Optional<String> lookup(String key) {
      throw new IllegalStateException("disk on fire");
    }

    @Override
    public String assignIfAbsent(String key, String shardId) {
      throw new IllegalStateException("disk on fire");
    }

    @Override
    public boolean move(String key, String expectedShardId, String newShardId) {
      throw new IllegalStateException("disk on fire");
    }

    @Override
    public boolean remove(String key) {
      throw new IllegalStateException("disk on fire");
    }

    @Override
    public String toString() {
      return "broken-store";
    }
  }

  private static final class ThrowingStore implements DirectoryStore {
    private final RuntimeException failure;

    ThrowingStore(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public Optional<String> lookup(String key) {
      throw failure;
    }

    @Override
    public String assignIfAbsent(String key, String shardId) {
      throw failure;
    }

    @Override
    public boolean move(String key, String expectedShardId, String newShardId) {
      throw failure;
    }

    @Override
    public boolean remove(String key) {
      throw failure;
    }
  }
}
