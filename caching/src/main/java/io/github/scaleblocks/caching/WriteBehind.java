package io.github.scaleblocks.caching;

import io.github.scaleblocks.caching.spi.CacheWriter;
import io.github.scaleblocks.core.event.EventPublisher;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-behind queue: the latest value per key (so repeated puts of a key coalesce into one
 * write), written in batches by one background task at a time on the cache's executor.
 *
 * <p>No write is lost: an entry leaves the queue only after a batch holding it was written, and
 * only if it was not replaced meanwhile ({@code remove(key, value)}); a failed batch stays queued
 * and is retried in the background with backoff (100 ms doubling to 10 s, wall time) and by the
 * next put, {@link #flush()} or close. Batches are written one at a time (a lock), so two batches
 * never race to write different values of one key.
 */
final class WriteBehind<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(WriteBehind.class);

  private final ConcurrentHashMap<K, V> queued = new ConcurrentHashMap<>();
  private final CacheWriter<K, V> writer;
  private final int batchSize;
  private final Executor executor;
  private final EventPublisher<CacheEvent> events;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ReentrantLock writing = new ReentrantLock();
  private volatile long retryDelayMillis = FIRST_RETRY_MILLIS;

  /** Backoff of background retries after a failed batch: 100 ms doubling up to 10 s. */
  static final long FIRST_RETRY_MILLIS = 100;

  static final long MAX_RETRY_MILLIS = 10_000;

  WriteBehind(
      CacheWriter<K, V> writer,
      int batchSize,
      Executor executor,
      EventPublisher<CacheEvent> events) {
    this.writer = writer;
    this.batchSize = batchSize;
    this.executor = executor;
    this.events = events;
  }

  void enqueue(K key, V value) {
    queued.put(key, value);
    schedule();
  }

  @Nullable V queued(K key) {
    return queued.get(key);
  }

  long pending() {
    return queued.size();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::drainInBackground);
      } catch (RejectedExecutionException e) {
        scheduled.set(false);
        LOG.warn(
            "write-behind: executor rejected the flush task; {} writes wait for flush()",
            queued.size(),
            e);
      }
    }
  }

  private void drainInBackground() {
    boolean ok = true;
    try {
      while (ok && !queued.isEmpty()) {
        try {
          writeOneBatch();
          retryDelayMillis = FIRST_RETRY_MILLIS;
        } catch (Exception e) {
          ok = false;
          LOG.warn(
              "write-behind: a batch failed; {} writes stay queued, retrying in {} ms",
              queued.size(),
              retryDelayMillis,
              e);
        }
      }
    } finally {
      scheduled.set(false);
    }
    if (ok) {
      // A put between the last isEmpty() and clearing the flag found the task still scheduled.
      if (!queued.isEmpty()) {
        schedule();
      }
      return;
    }
    long delay = retryDelayMillis;
    retryDelayMillis = Math.min(MAX_RETRY_MILLIS, delay * 2);
    try {
      CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, executor)
          .execute(this::schedule);
    } catch (RejectedExecutionException e) {
      LOG.warn(
          "write-behind: cannot schedule a retry; {} writes wait for flush()", queued.size(), e);
    }
  }

  /** Writes everything queued on the calling thread. */
  void flush() {
    while (!queued.isEmpty()) {
      try {
        writeOneBatch();
      } catch (Exception e) {
        throw new CacheWriteException(
            "write-behind flush failed; " + queued.size() + " writes stay queued: " + e, e);
      }
    }
  }

  private void writeOneBatch() throws Exception {
    writing.lock();
    try {
      Map<K, V> batch = new LinkedHashMap<>();
      Iterator<Map.Entry<K, V>> it = queued.entrySet().iterator();
      while (it.hasNext() && batch.size() < batchSize) {
        Map.Entry<K, V> entry = it.next();
        batch.put(entry.getKey(), entry.getValue());
      }
      if (batch.isEmpty()) {
        return;
      }
      try {
        writer.writeAll(java.util.Collections.unmodifiableMap(batch));
      } catch (Exception e) {
        if (events.hasListeners()) {
          events.publish(new CacheEvent.WriteBehindFailed(batch.size(), e));
        }
        throw e;
      }
      for (Map.Entry<K, V> written : batch.entrySet()) {
        queued.remove(written.getKey(), written.getValue());
      }
    } finally {
      writing.unlock();
    }
  }
}
