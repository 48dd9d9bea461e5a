package io.github.scaleblocks.caching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * N concurrent misses on one key cause one load, and every caller gets its value or its exception.
 * The loader holds until all N callers have missed (counted through the Missed event), so every
 * caller really waits on the same flight.
 */
class SingleFlightTest {
  private static final int THREADS = 64;
  private final ExecutorService callers = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stop() {
    callers.shutdownNow();
  }

  @Test
  void sixtyFourThreadsMissingOneColdKeyCauseExactlyOneLoad() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch allMissed = new CountDownLatch(THREADS);
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(
                key -> {
                  loads.incrementAndGet();
                  assertThat(allMissed.await(10, TimeUnit.SECONDS)).isTrue();
                  return "value-of-" + key;
                })
            .listener(
                event -> {
                  if (event instanceof CacheEvent.Missed) {
                    allMissed.countDown();
                  }
                })
            .build()) {
      List<Future<String>> results = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      for (int i = 0; i < THREADS; i++) {
        results.add(
            callers.submit(
                () -> {
                  start.await();
                  return cache.get("cold");
                }));
      }
      start.countDown();
      for (Future<String> result : results) {
        assertThat(result.get(20, TimeUnit.SECONDS)).isEqualTo("value-of-cold");
      }
      assertThat(loads).hasValue(1);
      CacheStats stats = cache.stats();
      assertThat(stats.loads()).isEqualTo(1);
      assertThat(stats.misses()).isEqualTo(THREADS);
      assertThat(cache.get("cold")).isEqualTo("value-of-cold");
      assertThat(loads).hasValue(1);
    }
  }

  @Test
  void aThrowingLoaderPropagatesTheSameExceptionToEveryWaitingCaller() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch allMissed = new CountDownLatch(THREADS);
    IllegalStateException boom = new IllegalStateException("database is down");
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(
                key -> {
                  loads.incrementAndGet();
                  assertThat(allMissed.await(10, TimeUnit.SECONDS)).isTrue();
                  throw boom;
                })
            .listener(
                event -> {
                  if (event instanceof CacheEvent.Missed) {
                    allMissed.countDown();
                  }
                })
            .build()) {
      List<Future<Throwable>> results = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        results.add(
            callers.submit(
                () -> {
                  try {
                    cache.get("k");
                    return new AssertionError("get returned instead of throwing");
                  } catch (RuntimeException e) {
                    return e;
                  }
                }));
      }
      for (Future<Throwable> result : results) {
        assertThat(result.get(20, TimeUnit.SECONDS)).isSameAs(boom);
      }
      assertThat(loads).hasValue(1);
      assertThat(cache.stats().loadFailures()).isEqualTo(1);
    }
  }

  @Test
  void aFailureIsNotCachedTheNextReadLoadsAgain() {
    AtomicInteger calls = new AtomicInteger();
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(
                key -> {
                  if (calls.incrementAndGet() == 1) {
                    throw new IOException("first call fails");
                  }
                  return "ok";
                })
            .executor(Runnable::run)
            .build()) {
      assertThatThrownBy(() -> cache.get("k"))
          .isInstanceOf(CacheLoadException.class)
          .hasMessageContaining("key k")
          .hasCauseInstanceOf(IOException.class);
      assertThat(cache.get("k")).isEqualTo("ok");
      assertThat(calls).hasValue(2);
    }
  }

  @Test
  void asyncCallersShareTheLoadAndItsFailure() {
    QueueExecutor executor = new QueueExecutor();
    AtomicInteger calls = new AtomicInteger();
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(
                key -> {
                  calls.incrementAndGet();
                  throw new IOException("no");
                })
            .executor(executor)
            .build()) {
      var first = cache.getAsync("k");
      var second = cache.getAsync("k");
      assertThat(executor.runAll()).isEqualTo(1);
      assertThat(calls).hasValue(1);
      assertThatThrownBy(first::join).hasRootCauseInstanceOf(IOException.class);
      assertThatThrownBy(second::join).hasRootCauseInstanceOf(IOException.class);
    }
  }

  @Test
  void aPutDuringALoadIsNotOverwrittenByTheLoadedValue() {
    QueueExecutor executor = new QueueExecutor();
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(key -> "loaded").executor(executor).build()) {
      var loading = cache.getAsync("k");
      cache.put("k", "written");
      executor.runAll();
      assertThat(loading.join()).isEqualTo("loaded");
      assertThat(cache.get("k")).isEqualTo("written");
    }
  }

  @Test
  void anInvalidateDuringALoadKeepsTheLoadedValueOut() {
    QueueExecutor executor = new QueueExecutor();
    AtomicInteger calls = new AtomicInteger();
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(key -> "v" + calls.incrementAndGet())
            .executor(executor)
            .build()) {
      var loading = cache.getAsync("k");
      cache.invalidate("k");
      executor.runAll();
      assertThat(loading.join()).isEqualTo("v1");
      assertThat(cache.getIfPresent("k")).isNull();
    }
  }

  @Test
  void aLoadThatOutlivesTheTimeoutFailsItsWaitersAndIsNotInstalled() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService loaders = Executors.newSingleThreadExecutor();
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(
                key -> {
                  release.await(10, TimeUnit.SECONDS);
                  return "late";
                })
            .loaderTimeout(Duration.ofMillis(50))
            .executor(loaders)
            .build()) {
      assertThatThrownBy(() -> cache.get("k"))
          .isInstanceOf(CacheLoadException.class)
          .hasMessageContaining("did not finish within the loader timeout")
          .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
      release.countDown();
      loaders.shutdown();
      assertThat(loaders.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(cache.getIfPresent("k")).isNull();
      assertThat(cache.stats().loadFailures()).isEqualTo(1);
      assertThat(cache.stats().loads()).isZero();
    }
  }
}
