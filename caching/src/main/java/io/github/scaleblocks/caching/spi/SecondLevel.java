package io.github.scaleblocks.caching.spi;

import org.jspecify.annotations.Nullable;

/**
 * A shared cache tier behind the in-process cache (L2 behind L1): on an L1 miss the cache asks the
 * second level before its loader, and fills it after a load. Writes and invalidations go to the
 * second level, which must tell the other instances sharing it to evict their L1 copy (by calling
 * {@link LocalCache#evictLocal} on them), and which must repair its own L1 when it may have missed
 * such messages.
 *
 * <p>Every method may be called concurrently. An exception thrown here fails the cache call that
 * made it; an implementation that prefers to degrade (treat an unreachable tier as a miss) catches
 * its own errors, as the Redis implementation does unless told otherwise.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface SecondLevel<K, V> extends AutoCloseable {

  /**
   * Called once by the cache being built, before any other method; {@code local} is that cache's
   * L1.
   */
  void attach(LocalCache<K> local);

  /** The shared value of {@code key}, or {@code null} if the tier does not hold it. */
  @Nullable V get(K key) throws Exception;

  /**
   * Stores a value just loaded from the system of record. Nothing changed there, so other instances
   * are not told.
   */
  void fill(K key, V value) throws Exception;

  /** Stores a value the application wrote, and tells the other instances to evict their copy. */
  void put(K key, V value) throws Exception;

  /** Removes {@code key} and tells the other instances to evict their copy. */
  void invalidate(K key) throws Exception;

  /** Removes every key of this cache and tells the other instances to clear their L1. */
  void invalidateAll() throws Exception;

  /** Releases connections; called by the cache's {@code close()}. The default does nothing. */
  @Override
  default void close() {}
}
