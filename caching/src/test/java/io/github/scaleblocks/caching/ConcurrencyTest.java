package io.github.scaleblocks.caching;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.core.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Coalescing under real threads: bulk misses and background refreshes. */
class ConcurrencyTest {
  private final ExecutorService callers = Executors.newFixedThreadPool(16);
  private final ExecutorService loaders = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    callers.shutdownNow();
    loaders.shutdownNow();
  }

  @Test
  void concurrentOverlappingGetAllsAndGetsLoadEveryKeyExactlyOnce() throws Exception {
    Map<String, AtomicInteger> loadsPerKey = new ConcurrentHashMap<>();
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(
                key -> {
                  loadsPerKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                  return "v-" + key;
                })
            .bulkLoader(
                keys -> {
                  Map<String, String> out = new HashMap<>();
                  for (String key : keys) {
                    loadsPerKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                    out.put(key, "v-" + key);
                  }
                  return out;
                })
            .executor(loaders)
            .build()) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        SplittableRandom random = new SplittableRandom(t);
        done.add(
            callers.submit(
                () -> {
                  start.await();
                  for (int round = 0; round < 200; round++) {
                    List<String> keys = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                      keys.add("k" + random.nextInt(500));
                    }
                    Map<String, String> values = cache.getAll(keys);
                    for (String key : keys) {
                      assertThat(values).containsEntry(key, "v-" + key);
                    }
                    String one = "k" + random.nextInt(500);
                    assertThat(cache.get(one)).isEqualTo("v-" + one);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertThat(loadsPerKey.values()).allSatisfy(count -> assertThat(count).hasValue(1));
      assertThat(loadsPerKey).hasSizeGreaterThan(400);
    }
  }

  @Test
  void readersRacingThroughRefreshDueTimesTriggerOneRefreshEach() throws Exception {
    ManualTicker time = ManualTicker.create();
    AtomicInteger loads = new AtomicInteger();
    Semaphore refreshed = new Semaphore(0);
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(key -> "v" + loads.incrementAndGet())
            .ticker(time)
            .executor(loaders)
            .expireAfterWrite(Duration.ofHours(1))
            .refreshAfterWrite(Duration.ofMinutes(1))
            .listener(
                event -> {
                  if (event instanceof CacheEvent.Loaded loaded && loaded.refresh()) {
                    refreshed.release();
                  }
                })
            .build()) {
      assertThat(cache.get("k")).isEqualTo("v1");
      for (int round = 1; round <= 20; round++) {
        time.advance(Duration.ofMinutes(1));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> reads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
          reads.add(
              callers.submit(
                  () -> {
                    start.await();
                    return cache.get("k");
                  }));
        }
        start.countDown();
        for (Future<String> read : reads) {
          assertThat(read.get(10, TimeUnit.SECONDS)).startsWith("v"); // never blocks, never fails
        }
        // the refresh this round triggered lands; exactly one ran (an extra one would show as a
        // load count ahead of the round in this or the next round)
        assertThat(refreshed.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        int expected = round + 1;
        assertThat(cache.get("k")).isEqualTo("v" + expected);
        assertThat(loads).hasValue(expected);
      }
    }
  }
}
