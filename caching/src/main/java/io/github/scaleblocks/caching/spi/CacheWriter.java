package io.github.scaleblocks.caching.spi;

import java.util.Map;

/**
 * Writes a cache's puts to the system of record: synchronously before the cache is updated
 * (write-through), or later in coalesced batches on the cache's executor (write-behind).
 *
 * <p>With write-behind, {@link #writeAll} receives the latest value of each key written since the
 * last batch; the order across keys is not preserved. A batch that throws is kept and retried in
 * the background with backoff, and on {@code flush()} and {@code close()}: it is never dropped.
 * Writes must therefore be idempotent (an upsert).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface CacheWriter<K, V> {

  /** Writes one key. */
  void write(K key, V value) throws Exception;

  /** Writes a batch; the default writes each entry with {@link #write}. */
  default void writeAll(Map<K, V> entries) throws Exception {
    for (Map.Entry<K, V> entry : entries.entrySet()) {
      write(entry.getKey(), entry.getValue());
    }
  }
}
