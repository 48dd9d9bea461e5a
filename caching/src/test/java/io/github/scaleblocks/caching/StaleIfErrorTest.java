package io.github.scaleblocks.caching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.caching.spi.Loader;
import io.github.scaleblocks.core.time.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Stale-if-error on virtual time: with a loader failing every other call, no reader sees an error
 * while a stale value inside its window exists, and a failure is never cached as a value.
 */
class StaleIfErrorTest {
  private static final Duration TTL = Duration.ofSeconds(10);
  private static final Duration WINDOW = Duration.ofSeconds(60);

  /**
   * A loader that counts its calls, loads "v1" on the first and throws an unchecked {@code
   * IllegalStateException} with {@code failure} on every later one.
   */
  private static Loader<String, String> v1ThenFailing(AtomicInteger calls, String failure) {
    return key -> {
      if (calls.incrementAndGet() > 1) {
        throw new IllegalStateException(failure);
      }
      return "v1";
    };
  }

  @Test
  void aLoaderFailingHalfTheCallsNeverReachesReadersWhileAStaleValueIsInItsWindow()
      throws Exception {
    ManualTicker time = ManualTicker.create();
    AtomicInteger calls = new AtomicInteger();
    AtomicBoolean alwaysFail = new AtomicBoolean();
    ExecutorService loaders = Executors.newFixedThreadPool(2);
    ExecutorService readers = Executors.newFixedThreadPool(8);
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(
                key -> {
                  int call = calls.incrementAndGet();
                  if (alwaysFail.get() || call % 2 == 0) {
                    throw new IOException("store failed on call " + call);
                  }
                  return "good-" + call;
                })
            .ticker(time)
            .executor(loaders)
            .expireAfterWrite(TTL)
            .staleIfError(WINDOW)
            .build()) {
      assertThat(cache.get("k")).isEqualTo("good-1");
      for (int round = 0; round < 40; round++) {
        time.advance(Duration.ofSeconds(7)); // often past the TTL, always inside the window
        List<Future<String>> reads = new ArrayList<>();
        for (int reader = 0; reader < 8; reader++) {
          reads.add(
              readers.submit(
                  () -> {
                    String last = "";
                    for (int i = 0; i < 20; i++) {
                      last = cache.get("k");
                    }
                    return last;
                  }));
        }
        for (Future<String> read : reads) {
          assertThat(read.get(20, TimeUnit.SECONDS)).startsWith("good-"); // never an exception
        }
      }
      assertThat(calls.get()).isGreaterThan(20);
      assertThat(cache.stats().loadFailures()).isGreaterThan(0);
      assertThat(cache.stats().staleServed()).isGreaterThan(0);

      // Once the loader always fails, the last good value carries on until the window ends...
      String lastGood = cache.get("k");
      alwaysFail.set(true);
      time.advance(TTL);
      assertThat(cache.get("k")).isEqualTo(lastGood);
      time.advance(WINDOW.minusSeconds(1));
      assertThat(cache.get("k")).isEqualTo(lastGood);
      // ...and then the failure reaches the caller: it was never cached as a value.
      time.advance(Duration.ofSeconds(1));
      assertThatThrownBy(() -> cache.get("k")).hasRootCauseInstanceOf(IOException.class);
      alwaysFail.set(false);
      assertThat(cache.get("k")).startsWith("good-");
    } finally {
      readers.shutdownNow();
      loaders.shutdownNow();
    }
  }

  /** An unchecked loader failure serves the stale value too (sync and async), until the window. */
  @Test
  void anUncheckedLoaderFailureServesTheStaleValue() throws Exception {
    ManualTicker time = ManualTicker.create();
    AtomicInteger calls = new AtomicInteger();
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(v1ThenFailing(calls, "store down"))
            .ticker(time)
            .executor(Runnable::run)
            .expireAfterWrite(TTL)
            .staleIfError(WINDOW)
            .build()) {
      assertThat(cache.get("k")).isEqualTo("v1");
      time.advance(TTL.plusSeconds(1)); // past fresh, inside stale-if-error
      assertThat(cache.get("k")).isEqualTo("v1");
      assertThat(cache.getAsync("k").get(5, TimeUnit.SECONDS)).isEqualTo("v1");
      assertThat(calls).hasValue(3);
      time.advance(WINDOW);
      assertThatThrownBy(() -> cache.get("k"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("store down");
    }
  }

  @Test
  void aFailedBackgroundRefreshKeepsTheLastGoodValue() {
    ManualTicker time = ManualTicker.create();
    AtomicInteger calls = new AtomicInteger();
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(v1ThenFailing(calls, "refresh failed"))
            .ticker(time)
            .executor(Runnable::run)
            .expireAfterWrite(Duration.ofMinutes(10))
            .refreshAfterWrite(Duration.ofMinutes(1))
            .staleWhileRevalidate(Duration.ofMinutes(1))
            .build()) {
      assertThat(cache.get("k")).isEqualTo("v1");
      time.advance(Duration.ofMinutes(2));
      assertThat(cache.get("k")).isEqualTo("v1");
      assertThat(calls).hasValue(2);
      time.advance(Duration.ofMinutes(8).plusSeconds(30)); // stale-while-revalidate window
      assertThat(cache.get("k")).isEqualTo("v1");
      assertThat(cache.stats().loadFailures()).isEqualTo(2);
    }
  }

  @Test
  void getAllServesStaleValuesForKeysWhoseReloadFailed() {
    ManualTicker time = ManualTicker.create();
    AtomicBoolean fail = new AtomicBoolean();
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(key -> key)
            .bulkLoader(
                keys -> {
                  if (fail.get()) {
                    throw new IOException("bulk failed");
                  }
                  java.util.Map<String, String> out = new java.util.HashMap<>();
                  keys.forEach(k -> out.put(k, k + "-v"));
                  return out;
                })
            .ticker(time)
            .executor(Runnable::run)
            .expireAfterWrite(TTL)
            .staleIfError(WINDOW)
            .build()) {
      assertThat(cache.getAll(List.of("a", "b")))
          .containsEntry("a", "a-v")
          .containsEntry("b", "b-v");
      fail.set(true);
      time.advance(TTL);
      assertThat(cache.getAll(List.of("a", "b")))
          .containsEntry("a", "a-v")
          .containsEntry("b", "b-v");
      assertThatThrownBy(() -> cache.getAll(List.of("a", "c")))
          .isInstanceOf(CacheLoadException.class)
          .hasRootCauseInstanceOf(IOException.class);
    }
  }
}
