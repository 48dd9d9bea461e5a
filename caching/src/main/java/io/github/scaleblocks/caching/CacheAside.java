package io.github.scaleblocks.caching;

import io.github.scaleblocks.caching.spi.Loader;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A cache-aside cache: reads come from an in-process Caffeine cache, and a miss loads the key
 * through the user's {@link Loader} (or a shared {@link
 * io.github.scaleblocks.caching.spi.SecondLevel} first). Built by {@link #builder(Loader)}.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li><b>Single-flight</b>: concurrent misses (and refreshes) of one key run one load; every
 *       caller gets its value or its exception. {@link #getAll} coalesces with single-key loads and
 *       with other bulk loads key by key.
 *   <li><b>Absent is a value</b>: a loader's {@code null} (or empty {@code Optional}) is returned
 *       as {@code null}, cached for the negative TTL if one is configured; never an exception.
 *   <li><b>Failures are never cached</b>: a failed load is forgotten once its waiters have it. With
 *       stale-if-error the last good value is served instead while its window lasts.
 *   <li><b>Bad input fails fast</b>: null keys and values are {@link NullPointerException}s naming
 *       them.
 * </ul>
 *
 * <p>Cost: a hit is one Caffeine lookup, one comparison, a ticker read only when the entry can
 * expire or refresh, and a striped-counter increment only with {@link
 * CacheAsideBuilder#countHits()}; it allocates nothing and takes no lock. Misses, refreshes and
 * stale reads go through a slower path that may allocate (a {@link CompletableFuture} per load) and
 * publish events.
 *
 * <p>Thread-safe. {@link #close()} flushes write-behind writes, closes the second level and shuts
 * down the executor if the cache created it.
 *
 * <p>When not to use it: for a value that must never be read stale across instances (use the system
 * of record, or a lock); for keys whose loads are cheaper than a thread hop (loads run on the
 * executor, so a miss costs a hand-off).
 *
 * @param <K> the key type (with stable {@code equals}/{@code hashCode})
 * @param <V> the value type
 */
public interface CacheAside<K, V> extends AutoCloseable {

  /**
   * A builder whose misses load through {@code loader}.
   *
   * <pre>{@code
   * CacheAside<String, String> users =
   *     CacheAside.<String, String>builder(id -> name(id))
   *         .maximumSize(10_000)
   *         .expireAfterWrite(Duration.ofMinutes(5))
   *         .staleIfError(Duration.ofMinutes(30))
   *         .build();
   * }</pre>
   */
  static <K, V> CacheAsideBuilder<K, V> builder(Loader<K, V> loader) {
    return new CacheAsideBuilder<>(loader);
  }

  /**
   * The value of {@code key}: from the cache when fresh (or stale within a window), else loaded.
   * Returns {@code null} when the key is absent.
   *
   * @throws RuntimeException the loader's own unchecked exception, unchanged
   * @throws CacheLoadException wrapping the loader's checked exception, a timeout or an interrupt
   */
  @Nullable V get(K key);

  /**
   * {@link #get} without blocking: the future completes with the value (or {@code null}), or
   * exceptionally with the loader's exception.
   */
  CompletableFuture<@Nullable V> getAsync(K key);

  /** The cached value of {@code key} if fresh, without loading; {@code null} otherwise. */
  @Nullable V getIfPresent(K key);

  /**
   * The values of {@code keys} that exist, in the order given (absent keys are left out). Misses
   * are loaded with the bulk loader if one is configured (else key by key with the loader).
   *
   * @throws RuntimeException or {@link CacheLoadException} as {@link #get}, if a key that has no
   *     servable stale value fails to load
   */
  Map<K, V> getAll(Iterable<? extends K> keys);

  /** {@link #getAll} without blocking. */
  CompletableFuture<Map<K, V>> getAllAsync(Iterable<? extends K> keys);

  /**
   * Writes {@code value}: with write-through the writer runs first (and its exception leaves the
   * cache unchanged); with write-behind the write is queued after the cache is updated. Then the
   * second level, if any, stores it and tells the other instances (if that fails, this instance
   * already holds the new value and the exception reaches the caller).
   */
  void put(K key, V value);

  /** Drops {@code key} here and from the second level (other instances evict it too). */
  void invalidate(K key);

  /** Drops every key here and from the second level. */
  void invalidateAll();

  /**
   * Writes every queued write-behind entry now, on the calling thread.
   *
   * @throws CacheWriteException if the writer fails; the entries stay queued
   */
  void flush();

  /** The number of write-behind entries not yet written (0 without write-behind). */
  long pendingWrites();

  /** An approximate number of entries held in process, including expired ones not yet dropped. */
  long estimatedSize();

  /** A snapshot of the counters since the cache was built. */
  CacheStats stats();

  /**
   * Flushes write-behind writes, then closes the second level and the executor the cache created.
   * Calls after close fail with {@link IllegalStateException}, except reads of cached values.
   *
   * @throws CacheWriteException if write-behind entries could not be written; they stay queued and
   *     a later {@code close()} or {@link #flush()} tries again
   */
  @Override
  void close();
}
