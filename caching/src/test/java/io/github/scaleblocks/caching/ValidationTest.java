package io.github.scaleblocks.caching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input fails fast with messages naming the bad value. */
@SuppressWarnings("NullAway") // passes nulls on purpose
class ValidationTest {
  private final CacheAside<String, String> cache =
      CacheAside.<String, String>builder(key -> "v").executor(Runnable::run).build();

  @Test
  void nullKeysAndValuesAreRejectedWithClearMessages() {
    assertThatThrownBy(() -> cache.get(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key must not be null");
    assertThatThrownBy(() -> cache.getAsync(null)).hasMessage("key must not be null");
    assertThatThrownBy(() -> cache.getIfPresent(null)).hasMessage("key must not be null");
    assertThatThrownBy(() -> cache.put(null, "v")).hasMessage("key must not be null");
    assertThatThrownBy(() -> cache.put("k", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("value (to remove a key, call invalidate(key)) must not be null");
    assertThatThrownBy(() -> cache.invalidate(null)).hasMessage("key must not be null");
    assertThatThrownBy(() -> cache.getAll(null)).hasMessage("keys must not be null");
    assertThatThrownBy(() -> cache.getAll(Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("keys[1] must not be null");
    assertThatThrownBy(() -> CacheAside.builder(null)).hasMessage("loader must not be null");
  }

  @Test
  void builderRejectsBadValuesAndSecondSettings() {
    CacheAsideBuilder<String, String> builder = CacheAside.builder(key -> "v");
    assertThatThrownBy(() -> builder.maximumSize(-1))
        .hasMessage("maximumSize must not be negative but was -1");
    assertThatThrownBy(() -> builder.expireAfterWrite(Duration.ZERO))
        .hasMessage("expireAfterWrite must be positive but was PT0S");
    assertThatThrownBy(() -> builder.ttlJitter(1.0))
        .hasMessage("ttlJitter must be in [0, 1) but was 1.0");
    assertThatThrownBy(() -> builder.earlyRefresh(Double.NaN))
        .hasMessageContaining("earlyRefresh beta must be positive and finite but was NaN");
    builder.maximumSize(10);
    assertThatThrownBy(() -> builder.maximumSize(20))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maximumSize was already set to 10");
    assertThatThrownBy(() -> builder.maximumWeight(10, (k, v) -> 1))
        .hasMessageContaining("maximumSize and maximumWeight exclude each other");
    assertThatThrownBy(() -> CacheAside.builder(key -> "v").earlyRefresh(1.0).build())
        .hasMessageContaining("earlyRefresh(1.0) needs expireAfterWrite");
    assertThatThrownBy(
            () -> CacheAside.builder(key -> "v").staleIfError(Duration.ofSeconds(1)).build())
        .hasMessageContaining("need expireAfterWrite");
  }

  @Test
  void eventsAndStatsReportLoadsMissesAndFailures() {
    List<CacheEvent> events = new ArrayList<>();
    try (CacheAside<String, String> observed =
        CacheAside.<String, String>builder(
                key -> {
                  if (key.equals("bad")) {
                    throw new IllegalArgumentException("bad key");
                  }
                  return key.equals("none") ? null : "v";
                })
            .executor(Runnable::run)
            .listener(events::add)
            .countHits()
            .build()) {
      observed.get("a");
      observed.get("a");
      observed.get("none");
      assertThatThrownBy(() -> observed.get("bad")).hasMessage("bad key");
      CacheStats stats = observed.stats();
      assertThat(stats.hits()).isEqualTo(1);
      assertThat(stats.misses()).isEqualTo(3);
      assertThat(stats.loads()).isEqualTo(2);
      assertThat(stats.loadFailures()).isEqualTo(1);
      assertThat(stats.hitRate()).isEqualTo(0.25);
      assertThat(events)
          .hasOnlyElementsOfTypes(
              CacheEvent.Missed.class, CacheEvent.Loaded.class, CacheEvent.LoadFailed.class)
          .hasSize(6);
      assertThat(events)
          .filteredOn(e -> e instanceof CacheEvent.Loaded)
          .extracting(e -> ((CacheEvent.Loaded) e).key() + "/" + ((CacheEvent.Loaded) e).absent())
          .containsExactly("a/false", "none/true");
    }
  }

  @Test
  void withoutCountHitsHitsAreNotCountedAndTheHitRateSaysSo() {
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(key -> "v").executor(Runnable::run).build()) {
      cache.get("a");
      cache.get("a");
      CacheStats stats = cache.stats();
      assertThat(stats.hitsCounted()).isFalse();
      assertThat(stats.hits()).isZero();
      assertThat(stats.misses()).isEqualTo(1);
      assertThat(stats.hitRate()).isNaN();
    }
    assertThatThrownBy(() -> CacheAside.<String, String>builder(key -> "v").countHits().countHits())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("countHits");
  }

  @Test
  void maintenanceExecutorIsCheckedAndSetOnce() {
    assertThatThrownBy(
            () -> CacheAside.<String, String>builder(key -> "v").maintenanceExecutor(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("maintenanceExecutor");
    assertThatThrownBy(
            () ->
                CacheAside.<String, String>builder(key -> "v")
                    .maintenanceExecutor(Runnable::run)
                    .maintenanceExecutor(Runnable::run))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maintenanceExecutor");
  }

  @Test
  void weightBoundEvicts() {
    try (CacheAside<String, String> weighed =
        CacheAside.<String, String>builder(key -> "x".repeat(10))
            .maximumWeight(100, (k, v) -> v.length())
            .executor(Runnable::run)
            .maintenanceExecutor(Runnable::run) // evict before each call returns
            .build()) {
      for (int i = 0; i < 100; i++) {
        weighed.get("k" + i);
      }
      weighed.stats();
      assertThat(weighed.estimatedSize()).isLessThanOrEqualTo(10);
    }
  }
}
