package io.github.scaleblocks.caching.spi;

import java.util.Map;
import java.util.Set;

/**
 * Loads many keys in one call (one SQL {@code IN (...)}, one multi-get) for {@code getAll}. The set
 * holds only keys no other load is already fetching: concurrent bulk misses on overlapping keys
 * load each key once.
 *
 * <p>A key missing from the returned map, or mapped to {@code null}, is absent. Keys in the map
 * that were not asked for are ignored. A thrown exception fails every key of the call (keys with a
 * stale value inside their stale-if-error window are still served stale).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface BulkLoader<K, V> {

  /** The values of those {@code keys} that exist. */
  Map<K, V> loadAll(Set<K> keys) throws Exception;
}
