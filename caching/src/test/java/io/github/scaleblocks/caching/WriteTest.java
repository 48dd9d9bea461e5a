package io.github.scaleblocks.caching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Write-through and write-behind. */
class WriteTest {

  @Test
  void writeThroughWritesFirstAndAFailedWriteLeavesTheCacheUnchanged() {
    Map<String, String> store = new ConcurrentHashMap<>();
    AtomicBoolean fail = new AtomicBoolean();
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(store::get)
            .executor(Runnable::run)
            .writeThrough(
                (key, value) -> {
                  if (fail.get()) {
                    throw new IOException("store refused " + key);
                  }
                  store.put(key, value);
                })
            .build()) {
      cache.put("a", "1");
      assertThat(store).containsEntry("a", "1");
      assertThat(cache.get("a")).isEqualTo("1");
      fail.set(true);
      assertThatThrownBy(() -> cache.put("a", "2"))
          .isInstanceOf(CacheWriteException.class)
          .hasMessageContaining("key a")
          .hasCauseInstanceOf(IOException.class);
      assertThat(cache.get("a")).isEqualTo("1");
      assertThat(store).containsEntry("a", "1");
    }
  }

  @Test
  void writeBehindLosesNoWriteUnderConcurrentPutsAndFlushesOnClose() throws Exception {
    int threads = 8;
    int keysPerThread = 50;
    int rounds = 200;
    Map<String, Integer> store = new ConcurrentHashMap<>();
    AtomicLong written = new AtomicLong();
    AtomicInteger batches = new AtomicInteger();
    ExecutorService background = Executors.newFixedThreadPool(2);
    ExecutorService writers = Executors.newFixedThreadPool(threads);
    CacheAside<String, Integer> cache =
        CacheAside.<String, Integer>builder(store::get)
            .executor(background)
            .writeBehind(
                new io.github.scaleblocks.caching.spi.CacheWriter<String, Integer>() {
                  @Override
                  public void write(String key, Integer value) {
                    store.put(key, value);
                  }

                  @Override
                  public void writeAll(Map<String, Integer> entries) throws Exception {
                    assertThat(entries.size()).isLessThanOrEqualTo(64);
                    batches.incrementAndGet();
                    store.putAll(entries);
                    written.addAndGet(entries.size());
                  }
                },
                64)
            .build();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            writers.submit(
                () -> {
                  start.await();
                  for (int round = 1; round <= rounds; round++) {
                    for (int k = 0; k < keysPerThread; k++) {
                      cache.put("t" + thread + "-k" + k, round);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      cache.close();
      writers.shutdownNow();
      background.shutdown();
    }
    assertThat(cache.pendingWrites()).isZero();
    assertThat(store).hasSize(threads * keysPerThread);
    assertThat(store.values()).allMatch(v -> v == rounds);
    // coalesced: far fewer writes than puts
    assertThat(written.get()).isLessThan((long) threads * keysPerThread * rounds);
    assertThat(batches.get()).isPositive();
  }

  @Test
  void aFailedWriteBehindBatchIsRetriedInTheBackground() throws Exception {
    Map<String, String> store = new ConcurrentHashMap<>();
    AtomicInteger attempts = new AtomicInteger();
    CountDownLatch written = new CountDownLatch(1);
    ExecutorService background = Executors.newSingleThreadExecutor();
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(store::get)
            .executor(background)
            .writeBehind(
                (key, value) -> {
                  if (attempts.incrementAndGet() <= 2) {
                    throw new IOException("store down, attempt " + attempts.get());
                  }
                  store.put(key, value);
                  written.countDown();
                },
                10)
            .build()) {
      cache.put("a", "1");
      assertThat(written.await(10, TimeUnit.SECONDS)).as("written without flush()").isTrue();
      assertThat(store).containsEntry("a", "1");
      assertThat(attempts).hasValue(3);
    } finally {
      background.shutdown();
    }
  }

  @Test
  void aFailedWriteBehindBatchStaysQueuedAndIsReadBeforeTheStore() {
    Map<String, String> store = new ConcurrentHashMap<>(Map.of("a", "old"));
    AtomicBoolean fail = new AtomicBoolean(true);
    QueueExecutor executor = new QueueExecutor();
    List<CacheEvent> events = new ArrayList<>();
    CacheAside<String, String> cache =
        CacheAside.<String, String>builder(store::get)
            .executor(executor)
            .listener(events::add)
            .writeBehind(
                (key, value) -> {
                  if (fail.get()) {
                    throw new IOException("store down");
                  }
                  store.put(key, value);
                },
                10)
            .build();
    cache.put("a", "new");
    executor.runAll();
    assertThat(events).anyMatch(e -> e instanceof CacheEvent.WriteBehindFailed);
    assertThat(cache.pendingWrites()).isEqualTo(1);
    assertThat(store).containsEntry("a", "old");
    // evicted from the cache, the key is read from the queue, not from the stale store
    cache.invalidate("a");
    var read = cache.getAsync("a");
    executor.runAll();
    assertThat(read.join()).isEqualTo("new");
    assertThatThrownBy(cache::close)
        .isInstanceOf(CacheWriteException.class)
        .hasMessageContaining("1 writes stay queued");
    fail.set(false);
    cache.close();
    assertThat(store).containsEntry("a", "new");
    assertThat(cache.pendingWrites()).isZero();
    assertThatThrownBy(() -> cache.put("b", "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
