package io.github.scaleblocks.caching;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.core.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random operations (seeded) on virtual time against a model: with write-through and every direct
 * store change followed by an invalidate, a read always returns what the store holds, whatever the
 * TTL, jitter, negative TTL and refresh settings did in between.
 */
class ModelTest {

  @Test
  void readsAlwaysMatchTheStoreUnderRandomOperations() {
    for (long seed = 1; seed <= 20; seed++) {
      run(seed, true);
    }
  }

  /** Without TTL, refresh or negative caching the cache holds bare values: the same model. */
  @Test
  void aCacheWithoutDeadlinesMatchesTheStoreToo() {
    for (long seed = 1; seed <= 20; seed++) {
      run(seed, false);
    }
  }

  private static void run(long seed, boolean deadlines) {
    SplittableRandom random = new SplittableRandom(seed);
    ManualTicker time = ManualTicker.create();
    Map<String, String> store = new HashMap<>();
    CacheAsideBuilder<String, String> builder =
        CacheAside.<String, String>builder(store::get)
            .bulkLoader(
                keys -> {
                  Map<String, String> out = new HashMap<>();
                  for (String key : keys) {
                    String value = store.get(key);
                    if (value != null) {
                      out.put(key, value);
                    }
                  }
                  return out;
                })
            .ticker(time)
            .executor(Runnable::run)
            .random(new SplittableRandom(seed))
            .maximumSize(8)
            .writeThrough(store::put);
    if (deadlines) {
      builder
          .expireAfterWrite(Duration.ofSeconds(10))
          .ttlJitter(0.5)
          .negativeTtl(Duration.ofSeconds(3))
          .refreshAfterWrite(Duration.ofSeconds(4))
          .earlyRefresh(1.0);
    }
    try (CacheAside<String, String> cache = builder.build()) {
      for (int step = 0; step < 2_000; step++) {
        String key = "k" + random.nextInt(12);
        switch (random.nextInt(7)) {
          case 0 -> cache.put(key, "v" + step);
          case 1 -> {
            store.remove(key);
            cache.invalidate(key);
          }
          case 2 -> {
            store.put(key, "direct" + step);
            cache.invalidate(key);
          }
          case 3 -> time.advance(Duration.ofMillis(random.nextInt(5_000)));
          case 4 -> {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
              keys.add("k" + random.nextInt(12));
            }
            Map<String, String> expected = new LinkedHashMap<>();
            for (String k : keys) {
              if (store.get(k) != null) {
                expected.put(k, store.get(k));
              }
            }
            assertThat(cache.getAll(keys)).as("seed %d step %d", seed, step).isEqualTo(expected);
          }
          case 5 -> {
            if (random.nextBoolean()) {
              store.clear();
              cache.invalidateAll();
            }
          }
          default ->
              assertThat(cache.get(key))
                  .as("seed %d step %d", seed, step)
                  .isEqualTo(store.get(key));
        }
      }
    }
  }
}
