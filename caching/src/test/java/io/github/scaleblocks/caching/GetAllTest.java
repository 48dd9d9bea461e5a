package io.github.scaleblocks.caching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bulk loads: hits are not reloaded, and concurrent bulk misses load each key once. */
class GetAllTest {
  private final List<Set<String>> bulkCalls = new ArrayList<>();
  private final QueueExecutor executor = new QueueExecutor();

  private CacheAside<String, String> cache() {
    return CacheAside.<String, String>builder(key -> "single-" + key)
        .bulkLoader(
            keys -> {
              synchronized (bulkCalls) {
                bulkCalls.add(Set.copyOf(keys));
              }
              Map<String, String> out = new HashMap<>();
              for (String key : keys) {
                if (!key.startsWith("absent")) {
                  out.put(key, "bulk-" + key);
                }
              }
              return out;
            })
        .executor(executor)
        .build();
  }

  @Test
  void concurrentBulkMissesOnOverlappingKeysLoadEachKeyOnce() {
    try (CacheAside<String, String> cache = cache()) {
      var first = cache.getAllAsync(List.of("a", "b", "c"));
      var second = cache.getAllAsync(List.of("b", "c", "d"));
      var single = cache.getAsync("a");
      executor.runAll();
      assertThat(bulkCalls).containsExactly(Set.of("a", "b", "c"), Set.of("d"));
      assertThat(first.join())
          .containsExactly(
              Map.entry("a", "bulk-a"), Map.entry("b", "bulk-b"), Map.entry("c", "bulk-c"));
      assertThat(second.join())
          .containsExactly(
              Map.entry("b", "bulk-b"), Map.entry("c", "bulk-c"), Map.entry("d", "bulk-d"));
      assertThat(single.join()).isEqualTo("bulk-a");
      assertThat(cache.stats().loads()).isEqualTo(2);
    }
  }

  @Test
  void hitsAreServedAndOnlyMissesAreLoadedAbsentKeysLeftOut() {
    try (CacheAside<String, String> cache = cache()) {
      cache.put("a", "put-a");
      var result = cache.getAllAsync(List.of("a", "absent-1", "b"));
      executor.runAll();
      assertThat(bulkCalls).containsExactly(Set.of("absent-1", "b"));
      assertThat(result.join()).containsExactly(Map.entry("a", "put-a"), Map.entry("b", "bulk-b"));
    }
  }

  @Test
  void withoutABulkLoaderMissesLoadKeyByKey() {
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(key -> "single-" + key)
            .executor(Runnable::run)
            .build()) {
      assertThat(cache.getAll(List.of("x", "y")))
          .containsExactly(Map.entry("x", "single-x"), Map.entry("y", "single-y"));
      assertThat(cache.stats().loads()).isEqualTo(2);
    }
  }
}
