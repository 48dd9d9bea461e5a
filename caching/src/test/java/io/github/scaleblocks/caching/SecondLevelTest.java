package io.github.scaleblocks.caching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.caching.spi.LocalCache;
import io.github.scaleblocks.caching.spi.SecondLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The cache against an in-memory second level: the order of L2 calls and failure handling. */
class SecondLevelTest {

  /** An in-memory shared tier that records calls and can be made to fail. */
  static final class MapLevel implements SecondLevel<String, String> {
    final Map<String, String> shared = new ConcurrentHashMap<>();
    final List<String> calls = new ArrayList<>();
    @Nullable LocalCache<String> local;
    volatile boolean failing;
    boolean closed;

    @Override
    public void attach(LocalCache<String> local) {
      this.local = local;
    }

    private synchronized void call(String call) {
      calls.add(call);
      if (failing) {
        throw new IllegalStateException("L2 down on " + call);
      }
    }

    @Override
    public @Nullable String get(String key) {
      call("get " + key);
      return shared.get(key);
    }

    @Override
    public void fill(String key, String value) {
      call("fill " + key);
      shared.put(key, value);
    }

    @Override
    public void put(String key, String value) {
      call("put " + key);
      shared.put(key, value);
    }

    @Override
    public void invalidate(String key) {
      call("invalidate " + key);
      shared.remove(key);
    }

    @Override
    public void invalidateAll() {
      call("invalidateAll");
      shared.clear();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final MapLevel level = new MapLevel();
  private final AtomicInteger loads = new AtomicInteger();
  private final CacheAside<String, String> cache =
      CacheAside.<String, String>builder(key -> "loaded-" + key + "-" + loads.incrementAndGet())
          .executor(Runnable::run)
          .secondLevel(level)
          .build();

  @Test
  void aMissAsksTheSecondLevelFirstAndFillsItAfterALoad() {
    level.shared.put("shared", "from-l2");
    assertThat(cache.get("shared")).isEqualTo("from-l2");
    assertThat(loads).hasValue(0);
    assertThat(cache.get("cold")).isEqualTo("loaded-cold-1");
    assertThat(level.shared).containsEntry("cold", "loaded-cold-1");
    assertThat(level.calls).containsExactly("get shared", "get cold", "fill cold");
  }

  @Test
  void anEvictionFromAnotherInstanceDropsTheL1Copy() {
    assertThat(cache.get("k")).isEqualTo("loaded-k-1");
    level.shared.put("k", "changed elsewhere");
    LocalCache<String> local = java.util.Objects.requireNonNull(level.local, "attached at build");
    local.evictLocal("k");
    assertThat(cache.get("k")).isEqualTo("changed elsewhere");
    local.evictAllLocal();
    assertThat(cache.getIfPresent("k")).isNull();
  }

  @Test
  void aFailingSecondLevelStillLeavesThisInstanceConsistent() {
    assertThat(cache.get("k")).isEqualTo("loaded-k-1");
    level.failing = true;
    assertThatThrownBy(() -> cache.put("k", "new")).hasMessage("L2 down on put k");
    assertThat(cache.getIfPresent("k")).isEqualTo("new");
    assertThatThrownBy(() -> cache.invalidate("k")).hasMessage("L2 down on invalidate k");
    assertThat(cache.getIfPresent("k")).isNull();
    assertThatThrownBy(() -> cache.get("k")).hasMessage("L2 down on get k");
    level.failing = false;
    cache.close();
    assertThat(level.closed).isTrue();
  }
}
