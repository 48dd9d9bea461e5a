package io.github.scaleblocks.caching;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.core.time.ManualTicker;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * TTL, jitter, negative caching, refresh after write and stale-while-revalidate on virtual time.
 */
class ExpiryTest {
  private final ManualTicker time = ManualTicker.create();
  private final AtomicInteger loads = new AtomicInteger();

  private CacheAsideBuilder<String, String> counting() {
    return CacheAside.<String, String>builder(key -> key + "#" + loads.incrementAndGet())
        .ticker(time)
        .executor(Runnable::run);
  }

  @Test
  void aValueIsFreshForItsTtlAndReloadedAfter() {
    try (CacheAside<String, String> cache =
        counting().expireAfterWrite(Duration.ofSeconds(10)).countHits().build()) {
      assertThat(cache.get("a")).isEqualTo("a#1");
      time.advance(Duration.ofMillis(9_999));
      assertThat(cache.get("a")).isEqualTo("a#1");
      time.advance(Duration.ofMillis(1));
      assertThat(cache.get("a")).isEqualTo("a#2");
      assertThat(cache.stats().hits()).isEqualTo(1);
      assertThat(cache.stats().misses()).isEqualTo(2);
    }
  }

  @Test
  void jitterSpreadsExpiriesOverTheLowerPartOfTheTtl() {
    int keys = 2_000;
    try (CacheAside<String, String> cache =
        counting()
            .expireAfterWrite(Duration.ofSeconds(100))
            .ttlJitter(0.2)
            .random(new SplittableRandom(42))
            .build()) {
      for (int i = 0; i < keys; i++) {
        cache.get("k" + i);
      }
      time.advance(Duration.ofSeconds(80)); // below 100 × (1 − 0.2): nothing expired yet
      assertThat(present(cache, keys)).isEqualTo(keys);
      time.advance(Duration.ofSeconds(10)); // halfway through the spread
      assertThat(present(cache, keys)).isBetween(keys / 2 - 150, keys / 2 + 150);
      time.advance(Duration.ofSeconds(10)); // at the TTL: everything expired
      assertThat(present(cache, keys)).isZero();
    }
  }

  private static int present(CacheAside<String, String> cache, int keys) {
    int present = 0;
    for (int i = 0; i < keys; i++) {
      if (cache.getIfPresent("k" + i) != null) {
        present++;
      }
    }
    return present;
  }

  @Test
  void absentIsNullNeverAnExceptionAndIsCachedForTheNegativeTtl() {
    AtomicInteger calls = new AtomicInteger();
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(
                key -> {
                  calls.incrementAndGet();
                  return null;
                })
            .ticker(time)
            .executor(Runnable::run)
            .expireAfterWrite(Duration.ofMinutes(10))
            .negativeTtl(Duration.ofSeconds(5))
            .build()) {
      assertThat(cache.get("missing")).isNull();
      assertThat(cache.get("missing")).isNull();
      assertThat(calls).hasValue(1);
      assertThat(cache.getAll(java.util.List.of("missing"))).isEmpty();
      assertThat(calls).hasValue(1);
      time.advance(Duration.ofSeconds(5));
      assertThat(cache.get("missing")).isNull();
      assertThat(calls).hasValue(2);
    }
  }

  @Test
  void withoutNegativeCachingAnAbsentKeyIsLoadedEachTime() {
    AtomicInteger calls = new AtomicInteger();
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(
                io.github.scaleblocks.caching.spi.Loader.ofOptional(
                    key -> {
                      calls.incrementAndGet();
                      return Optional.empty();
                    }))
            .executor(Runnable::run)
            .build()) {
      assertThat(cache.get("missing")).isNull();
      assertThat(cache.get("missing")).isNull();
      assertThat(calls).hasValue(2);
      assertThat(cache.getAsync("missing").join()).isNull();
    }
  }

  @Test
  void refreshAfterWriteServesTheCurrentValueAndReloadsInTheBackground() {
    QueueExecutor executor = new QueueExecutor();
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(key -> key + "#" + loads.incrementAndGet())
            .ticker(time)
            .executor(executor)
            .expireAfterWrite(Duration.ofMinutes(10))
            .refreshAfterWrite(Duration.ofMinutes(1))
            .build()) {
      var first = cache.getAsync("a");
      executor.runAll();
      assertThat(first.join()).isEqualTo("a#1");
      time.advance(Duration.ofMinutes(1));
      assertThat(cache.get("a")).isEqualTo("a#1"); // served at once
      assertThat(cache.get("a")).isEqualTo("a#1"); // the refresh is single-flight
      assertThat(executor.runAll()).isEqualTo(1);
      assertThat(cache.get("a")).isEqualTo("a#2");
      assertThat(loads).hasValue(2);
    }
  }

  @Test
  void staleWhileRevalidateServesStaleAtOnceAndRefreshesOnce() {
    QueueExecutor executor = new QueueExecutor();
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(key -> key + "#" + loads.incrementAndGet())
            .ticker(time)
            .executor(executor)
            .expireAfterWrite(Duration.ofSeconds(10))
            .staleWhileRevalidate(Duration.ofSeconds(5))
            .build()) {
      cache.put("a", "a#0");
      time.advance(Duration.ofSeconds(12));
      assertThat(cache.get("a")).isEqualTo("a#0");
      assertThat(cache.get("a")).isEqualTo("a#0");
      assertThat(cache.stats().staleServed()).isEqualTo(2);
      assertThat(executor.runAll()).isEqualTo(1);
      assertThat(cache.get("a")).isEqualTo("a#1");
      time.advance(Duration.ofSeconds(16)); // past TTL and window: a blocking load
      var reload = cache.getAsync("a");
      assertThat(reload).isNotDone();
      executor.runAll();
      assertThat(reload.join()).isEqualTo("a#2");
    }
  }
}
