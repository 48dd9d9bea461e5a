package io.github.scaleblocks.caching.redis;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.event.EventListener;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.core.time.Ticker;
import io.github.scaleblocks.sharding.ShardRouter;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link RedisSecondLevel}. Each setting may be given once; exactly one of {@link
 * #redis} and {@link #shards} is required. {@link #build()} connects (data and pub/sub connection
 * per server) and subscribes, and fails if a server cannot be reached then.
 *
 * <p>Defaults: key prefix {@code "scaleblocks:cache:"}, channel {@code prefix + "invalidations"},
 * no Redis TTL, a 500 ms command timeout, reconnect backoff from 10 ms to 1 s, errors swallowed
 * (reads fall back to L1 and the loader), a WARN at most every 30 s.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class RedisSecondLevelBuilder<K, V> {
  private final KeyCodec<K> keys;
  private final ValueCodec<V> values;
  private @Nullable RedisURI redis;
  private @Nullable ShardRouter<RedisURI> shards;
  private @Nullable String keyPrefix;
  private @Nullable String channel;
  private @Nullable Duration ttl;
  private @Nullable Duration commandTimeout;
  private @Nullable Boolean failOnL2Error;
  private @Nullable Duration warnInterval;
  private @Nullable Ticker ticker;
  private final List<EventListener<? super RedisCacheEvent>> listeners = new ArrayList<>();

  RedisSecondLevelBuilder(KeyCodec<K> keys, ValueCodec<V> values) {
    this.keys = Checks.notNull(keys, "keys");
    this.values = Checks.notNull(values, "values");
  }

  /** One Redis server holds every key. */
  public RedisSecondLevelBuilder<K, V> redis(RedisURI uri) {
    Checks.notNull(uri, "uri");
    Checks.setOnce(redis == null && shards == null, "redis/shards", redis != null ? redis : shards);
    this.redis = uri;
    return this;
  }

  /**
   * Keys are spread over several Redis servers by {@code router} (any strategy of {@code
   * ShardRouters}, e.g. {@code ShardRouters.ketama().build(nodes)}), routing the Redis key string.
   * Changing the node set later moves keys: they are then missed once and reloaded.
   */
  public RedisSecondLevelBuilder<K, V> shards(ShardRouter<RedisURI> router) {
    Checks.notNull(router, "router");
    Checks.setOnce(redis == null && shards == null, "redis/shards", redis != null ? redis : shards);
    Checks.argument(!router.nodes().isEmpty(), "router has no nodes");
    this.shards = router;
    return this;
  }

  /** Prefix of every Redis key of this cache; give each cache its own. */
  public RedisSecondLevelBuilder<K, V> keyPrefix(String prefix) {
    Checks.notNull(prefix, "prefix");
    Checks.argument(!prefix.isEmpty(), "keyPrefix must not be empty");
    Checks.setOnce(keyPrefix == null, "keyPrefix", keyPrefix);
    this.keyPrefix = prefix;
    return this;
  }

  /** The pub/sub channel of invalidations; every instance of one cache must use the same. */
  public RedisSecondLevelBuilder<K, V> channel(String channel) {
    Checks.notNull(channel, "channel");
    Checks.argument(!channel.isEmpty(), "channel must not be empty");
    Checks.setOnce(this.channel == null, "channel", this.channel);
    this.channel = channel;
    return this;
  }

  /** How long Redis keeps a value (SET ... PX); without it, until invalidated or evicted. */
  public RedisSecondLevelBuilder<K, V> ttl(Duration ttl) {
    Checks.positive(ttl, "ttl");
    Checks.argument(ttl.toMillis() > 0, "ttl must be at least 1 ms but was " + ttl);
    Checks.setOnce(this.ttl == null, "ttl", this.ttl);
    this.ttl = ttl;
    return this;
  }

  /** The longest a Redis call may take before it counts as failed. */
  public RedisSecondLevelBuilder<K, V> commandTimeout(Duration timeout) {
    Checks.positive(timeout, "commandTimeout");
    Checks.setOnce(commandTimeout == null, "commandTimeout", commandTimeout);
    this.commandTimeout = timeout;
    return this;
  }

  /**
   * If true, a failed Redis call fails the cache call that made it with a {@link
   * SecondLevelException}; by default it is counted, logged and treated as a miss.
   */
  public RedisSecondLevelBuilder<K, V> failOnL2Error(boolean fail) {
    Checks.setOnce(failOnL2Error == null, "failOnL2Error", failOnL2Error);
    this.failOnL2Error = fail;
    return this;
  }

  /** The least time between two WARN logs about failing Redis calls (failures in between count). */
  public RedisSecondLevelBuilder<K, V> warnInterval(Duration interval) {
    Checks.positive(interval, "warnInterval");
    Checks.setOnce(warnInterval == null, "warnInterval", warnInterval);
    this.warnInterval = interval;
    return this;
  }

  /** The time source of the WARN rate limit. */
  public RedisSecondLevelBuilder<K, V> ticker(Ticker ticker) {
    Checks.notNull(ticker, "ticker");
    Checks.setOnce(this.ticker == null, "ticker", this.ticker);
    this.ticker = ticker;
    return this;
  }

  /** Adds a listener of {@link RedisCacheEvent}s. */
  public RedisSecondLevelBuilder<K, V> listener(EventListener<? super RedisCacheEvent> listener) {
    listeners.add(Checks.notNull(listener, "listener"));
    return this;
  }

  /** Connects, subscribes and returns the second level. */
  public RedisSecondLevel<K, V> build() {
    List<Node<RedisURI>> nodes;
    ShardRouter<RedisURI> router = shards;
    if (router != null) {
      nodes = router.nodes();
    } else {
      RedisURI uri = redis;
      if (uri == null) {
        throw new IllegalStateException("no Redis configured: call redis(uri) or shards(router)");
      }
      nodes = List.of(Node.of(uri.getHost() + ":" + uri.getPort(), uri));
    }
    String prefix = keyPrefix == null ? "scaleblocks:cache:" : keyPrefix;
    return new DefaultRedisSecondLevel<>(
        keys,
        values,
        nodes,
        router,
        prefix,
        channel == null ? prefix + "invalidations" : channel,
        ttl == null ? 0 : ttl.toMillis(),
        commandTimeout == null ? Duration.ofMillis(500) : commandTimeout,
        failOnL2Error != null && failOnL2Error,
        (warnInterval == null ? Duration.ofSeconds(30) : warnInterval).toNanos(),
        ticker == null ? Ticker.system() : ticker,
        List.copyOf(listeners));
  }
}
