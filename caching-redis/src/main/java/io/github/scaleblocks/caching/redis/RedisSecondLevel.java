package io.github.scaleblocks.caching.redis;

import io.github.scaleblocks.caching.spi.SecondLevel;

/**
 * The Redis second level of a {@link io.github.scaleblocks.caching.CacheAside}: values shared by
 * every instance, invalidations spread by pub/sub, L1 cleared after the invalidation channel was
 * lost (see the {@link io.github.scaleblocks.caching.redis package} notes). Built by {@link
 * #builder}; handed to one cache with {@code secondLevel(...)}, which closes it.
 *
 * <pre>{@code
 * RedisSecondLevel<String, String> shared =
 *     RedisSecondLevel.builder(KeyCodec.strings(), ValueCodec.utf8())
 *         .redis(RedisURI.create("redis://127.0.0.1:6379"))
 *         .keyPrefix("users:")
 *         .ttl(Duration.ofMinutes(30))
 *         .build();
 * CacheAside<String, String> users =
 *     CacheAside.<String, String>builder(repository::name)
 *         .expireAfterWrite(Duration.ofMinutes(5))
 *         .secondLevel(shared)
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe. Each Redis call is a blocking round trip on a shared Lettuce connection, bounded
 * by the command timeout.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface RedisSecondLevel<K, V> extends SecondLevel<K, V> {

  /** A builder storing keys through {@code keys} and values through {@code values}. */
  static <K, V> RedisSecondLevelBuilder<K, V> builder(KeyCodec<K> keys, ValueCodec<V> values) {
    return new RedisSecondLevelBuilder<>(keys, values);
  }

  /** This instance's id, carried by its invalidation messages so it can ignore its own. */
  String instanceId();

  /** Redis calls that failed since the build (the "Redis down" metric). */
  long errors();

  /** Times the L1 was cleared because an invalidation channel was subscribed again. */
  long repairs();

  /** Invalidation messages from other instances applied to the L1. */
  long invalidationsReceived();
}
