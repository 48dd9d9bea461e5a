package io.github.scaleblocks.caching.spi;

import io.github.scaleblocks.core.internal.Checks;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Loads one key from the system of record on a cache miss or refresh. Called on the cache's
 * executor, at most once at a time per key per cache (single-flight).
 *
 * <p>Returning {@code null} means the key is absent: the cache returns {@code null} to its callers
 * and, if negative caching is configured, remembers the absence for the negative TTL. A thrown
 * exception is handed to every caller waiting for this load and is never cached.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface Loader<K, V> {

  /** The value of {@code key}, or {@code null} when the key is absent. */
  @Nullable V load(K key) throws Exception;

  /**
   * Adapts a loader that answers with an {@link Optional}: an empty Optional (or a null one) means
   * absent, exactly as a {@code null} from {@link #load} does.
   */
  static <K, V> Loader<K, V> ofOptional(OptionalLoader<K, V> loader) {
    Checks.notNull(loader, "loader");
    return key -> {
      @Nullable Optional<V> result = loader.load(key);
      return result == null ? null : result.orElse(null);
    };
  }

  /**
   * A loader that answers with an {@link Optional}; see {@link Loader#ofOptional}.
   *
   * @param <K> the key type
   * @param <V> the value type
   */
  @FunctionalInterface
  interface OptionalLoader<K, V> {
    /** The value of {@code key}, or an empty Optional when the key is absent. */
    @Nullable Optional<V> load(K key) throws Exception;
  }
}
