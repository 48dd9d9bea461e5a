package io.github.scaleblocks.caching.spi;

/**
 * The in-process level of a cache as its {@link SecondLevel} sees it: the handle through which an
 * invalidation received from another instance evicts this instance's copy. Thread-safe.
 *
 * @param <K> the key type
 */
public interface LocalCache<K> {

  /**
   * Drops {@code key} from this instance only (the shared tier is not touched); a load of the key
   * in flight is not installed.
   */
  void evictLocal(K key);

  /** Drops every key from this instance only, for instance after a lost invalidation channel. */
  void evictAllLocal();
}
