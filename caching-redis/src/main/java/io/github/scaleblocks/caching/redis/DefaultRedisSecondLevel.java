package io.github.scaleblocks.caching.redis;

import io.github.scaleblocks.caching.spi.LocalCache;
import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.event.EventListener;
import io.github.scaleblocks.core.event.EventPublisher;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.core.time.Ticker;
import io.github.scaleblocks.sharding.ShardRouter;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lettuce implementation. One data connection ({@code byte[]} keys and values) and one pub/sub
 * connection per Redis server, on client resources owned by this instance.
 *
 * <p>Connections fail fast while disconnected ({@code REJECT_COMMANDS}) instead of queueing, so a
 * Redis outage costs a read one failed call, not a command timeout. Invalidation messages are
 * {@code "K|<instance>|<key>"} and {@code "A|<instance>"}; a message carrying this instance's id is
 * ignored. The first subscription confirmation per server is the initial subscribe; every later one
 * is a re-subscription after a reconnect, and clears the L1 (the repair).
 */
final class DefaultRedisSecondLevel<K, V> implements RedisSecondLevel<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultRedisSecondLevel.class);

  private final KeyCodec<K> keys;
  private final ValueCodec<V> values;
  private final @Nullable ShardRouter<RedisURI> router;
  private final String prefix;
  private final String channel;
  private final byte[] channelBytes;
  private final long ttlMillis;
  private final boolean failOnError;
  private final EventPublisher<RedisCacheEvent> events;
  private final String instanceId = UUID.randomUUID().toString();
  private final ClientResources resources;
  private final List<Shard> shards = new ArrayList<>();
  private final Map<String, Shard> shardsById = new HashMap<>();
  private volatile @Nullable LocalCache<K> local;

  private final LongAdder errors = new LongAdder();
  private final LongAdder repairs = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final WarnLimiter warnings;
  private volatile boolean closed;

  /** Unsent invalidations kept per server before they collapse into one "clear all". */
  static final int MAX_UNSENT = 10_000;

  DefaultRedisSecondLevel(
      KeyCodec<K> keys,
      ValueCodec<V> values,
      List<Node<RedisURI>> nodes,
      @Nullable ShardRouter<RedisURI> router,
      String prefix,
      String channel,
      long ttlMillis,
      Duration commandTimeout,
      boolean failOnError,
      long warnIntervalNanos,
      Ticker ticker,
      List<EventListener<? super RedisCacheEvent>> listeners) {
    this.keys = keys;
    this.values = values;
    this.router = router;
    this.prefix = prefix;
    this.channel = channel;
    this.channelBytes = channel.getBytes(StandardCharsets.UTF_8);
    this.ttlMillis = ttlMillis;
    this.failOnError = failOnError;
    this.warnings = new WarnLimiter(ticker, warnIntervalNanos);
    this.events = EventPublisher.of(listeners);
    this.resources =
        DefaultClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    ClientOptions options =
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
            .build();
    try {
      for (Node<RedisURI> node : nodes) {
        Shard shard = new Shard(node.id(), RedisClient.create(resources, node.payload()));
        shards.add(shard);
        shardsById.put(node.id(), shard);
        shard.connect(options);
      }
    } catch (RuntimeException e) {
      close();
      throw new SecondLevelException(
          "cannot connect to Redis " + nodes + " for cache prefix " + prefix + ": " + e, e);
    }
  }

  @Override
  public void attach(LocalCache<K> local) {
    Checks.notNull(local, "local");
    if (this.local != null) {
      throw new IllegalStateException(
          "this Redis second level is already attached to a cache; build one per cache");
    }
    this.local = local;
  }

  @Override
  public @Nullable V get(K key) {
    byte[] redisKey = redisKey(key);
    Shard shard = shardOf(redisKey);
    byte[] stored;
    try {
      stored = shard.commands().get(redisKey);
    } catch (RuntimeException e) {
      failed("GET", shard, e);
      return null;
    }
    return stored == null ? null : values.decode(stored);
  }

  @Override
  public void fill(K key, V value) {
    byte[] redisKey = redisKey(key);
    Shard shard = shardOf(redisKey);
    try {
      set(shard, redisKey, values.encode(value));
    } catch (RuntimeException e) {
      failed("SET", shard, e);
    }
  }

  @Override
  public void put(K key, V value) {
    byte[] redisKey = redisKey(key);
    Shard shard = shardOf(redisKey);
    try {
      set(shard, redisKey, values.encode(value));
    } catch (RuntimeException e) {
      failed("SET", shard, e);
    }
    publish(shard, "K|" + instanceId + "|" + keys.encode(key));
  }

  @Override
  public void invalidate(K key) {
    byte[] redisKey = redisKey(key);
    Shard shard = shardOf(redisKey);
    try {
      shard.commands().del(redisKey);
    } catch (RuntimeException e) {
      failed("DEL", shard, e);
    }
    publish(shard, "K|" + instanceId + "|" + keys.encode(key));
  }

  @Override
  public void invalidateAll() {
    ScanArgs match = ScanArgs.Builder.matches(globEscape(prefix) + "*").limit(500);
    for (Shard shard : shards) {
      try {
        RedisCommands<byte[], byte[]> commands = shard.commands();
        KeyScanCursor<byte[]> cursor = commands.scan(match);
        while (true) {
          List<byte[]> found = cursor.getKeys();
          if (!found.isEmpty()) {
            commands.del(found.toArray(new byte[0][]));
          }
          if (cursor.isFinished()) {
            break;
          }
          cursor = commands.scan(cursor, match);
        }
      } catch (RuntimeException e) {
        failed("SCAN", shard, e);
      }
      publish(shard, "A|" + instanceId);
    }
  }

  private void set(Shard shard, byte[] redisKey, byte[] value) {
    if (ttlMillis > 0) {
      shard.commands().set(redisKey, value, SetArgs.Builder.px(ttlMillis));
    } else {
      shard.commands().set(redisKey, value);
    }
  }

  private void publish(Shard shard, String message) {
    try {
      if (!shard.unsent.isEmpty()) {
        resendUnsent(shard);
      }
      shard.commands().publish(channelBytes, message.getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      keepUnsent(shard, message);
      failed("PUBLISH", shard, e);
    }
  }

  /**
   * Keeps an invalidation that could not be published, to send once the connection is back (else
   * the other instances, whose channel may never have dropped, would keep the old value). Past
   * {@link #MAX_UNSENT} they collapse into one "clear everything" message.
   */
  private void keepUnsent(Shard shard, String message) {
    if (shard.unsentCount.incrementAndGet() > MAX_UNSENT) {
      shard.unsent.clear();
      shard.unsentCount.set(1);
      shard.unsent.add("A|" + instanceId);
    } else {
      shard.unsent.add(message);
    }
  }

  /** Publishes the kept invalidations, oldest first; stops (keeping the rest) at a failure. */
  private void resendUnsent(Shard shard) {
    String message;
    while ((message = shard.unsent.peek()) != null) {
      shard.commands().publish(channelBytes, message.getBytes(StandardCharsets.UTF_8));
      if (shard.unsent.remove(message)) {
        shard.unsentCount.decrementAndGet();
      }
    }
  }

  /** After the data connection came back: resend kept invalidations off the I/O thread. */
  private void resendLater(Shard shard, long delayMillis) {
    if (closed || shard.unsent.isEmpty()) {
      return;
    }
    CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS)
        .execute(
            () -> {
              try {
                resendUnsent(shard);
              } catch (RuntimeException e) {
                resendLater(shard, Math.min(1_000, delayMillis * 2));
              }
            });
  }

  private byte[] redisKey(K key) {
    Checks.notNull(key, "key");
    return (prefix + keys.encode(key)).getBytes(StandardCharsets.UTF_8);
  }

  private Shard shardOf(byte[] redisKey) {
    ShardRouter<RedisURI> shardRouter = router;
    if (shardRouter == null) {
      return shards.get(0);
    }
    return Checks.notNull(shardsById.get(shardRouter.route(redisKey).id()), "shard");
  }

  private void failed(String operation, Shard shard, RuntimeException failure) {
    errors.increment();
    if (events.hasListeners()) {
      events.publish(new RedisCacheEvent.SecondLevelFailed(operation, shard.id, failure));
    }
    long more = warnings.tryPass();
    if (more >= 0) {
      LOG.warn(
          "Redis second level: {} on {} failed ({}); {}; {} more failures since the last warning",
          operation,
          shard.id,
          failure.toString(),
          failOnError ? "failing the call" : "serving from L1 and the loader",
          more);
    }
    if (failOnError) {
      throw new SecondLevelException(
          operation + " on Redis " + shard.id + " failed: " + failure, failure);
    }
  }

  private void onMessage(String message) {
    LocalCache<K> cache = local;
    if (cache == null || message.length() < 2 || message.charAt(1) != '|') {
      return;
    }
    char kind = message.charAt(0);
    int end = message.indexOf('|', 2);
    String from = end < 0 ? message.substring(2) : message.substring(2, end);
    if (from.equals(instanceId)) {
      return; // our own write: L1 is already up to date
    }
    if (kind == 'A') {
      cache.evictAllLocal();
      received.increment();
      if (events.hasListeners()) {
        events.publish(new RedisCacheEvent.InvalidationReceived("", true, from));
      }
    } else if (kind == 'K' && end > 0) {
      String encoded = message.substring(end + 1);
      cache.evictLocal(keys.decode(encoded));
      received.increment();
      if (events.hasListeners()) {
        events.publish(new RedisCacheEvent.InvalidationReceived(encoded, false, from));
      }
    }
  }

  private void onResubscribed(Shard shard) {
    LocalCache<K> cache = local;
    if (cache != null) {
      cache.evictAllLocal();
    }
    repairs.increment();
    LOG.info(
        "Redis second level: invalidation channel {} on {} subscribed again after a lost"
            + " connection; cleared L1 (invalidations may have been missed)",
        channel,
        shard.id);
    if (events.hasListeners()) {
      events.publish(new RedisCacheEvent.LocalCleared(shard.id));
    }
  }

  private static String globEscape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 4);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }

  @Override
  public String instanceId() {
    return instanceId;
  }

  @Override
  public long errors() {
    return errors.sum();
  }

  @Override
  public long repairs() {
    return repairs.sum();
  }

  @Override
  public long invalidationsReceived() {
    return received.sum();
  }

  @Override
  // The shared event loops stop in the background (quiet period 0, at most 2 s): close() does not
  // wait for them, and a failure to stop them is not the caller's to handle.
  @SuppressWarnings("FutureReturnValueIgnored")
  public void close() {
    closed = true;
    for (Shard shard : shards) {
      shard.close();
    }
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return "RedisSecondLevel[" + shardsById.keySet() + ", prefix=" + prefix + "]";
  }

  /** One Redis server: its client, data connection and pub/sub connection. */
  private final class Shard {
    final String id;
    final RedisClient client;
    final AtomicBoolean subscribedOnce = new AtomicBoolean();
    final ConcurrentLinkedQueue<String> unsent = new ConcurrentLinkedQueue<>();
    final AtomicInteger unsentCount = new AtomicInteger();
    private volatile @Nullable StatefulRedisConnection<byte[], byte[]> data;
    private @Nullable StatefulRedisPubSubConnection<String, String> pubSub;

    Shard(String id, RedisClient client) {
      this.id = id;
      this.client = client;
    }

    void connect(ClientOptions options) {
      client.setOptions(options);
      client.addListener(
          new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress at) {
              if (connection == data) {
                resendLater(Shard.this, 20);
              }
            }
          });
      data = client.connect(ByteArrayCodec.INSTANCE);
      StatefulRedisPubSubConnection<String, String> subscription =
          client.connectPubSub(StringCodec.UTF8);
      pubSub = subscription;
      subscription.addListener(
          new RedisPubSubAdapter<String, String>() {
            @Override
            public void message(String from, String message) {
              if (channel.equals(from)) {
                onMessage(message);
              }
            }

            @Override
            public void subscribed(String subscribed, long count) {
              if (channel.equals(subscribed) && !subscribedOnce.compareAndSet(false, true)) {
                onResubscribed(Shard.this);
              }
            }
          });
      subscription.sync().subscribe(channel);
    }

    RedisCommands<byte[], byte[]> commands() {
      StatefulRedisConnection<byte[], byte[]> connection = data;
      if (connection == null) {
        throw new IllegalStateException("Redis " + id + " is not connected");
      }
      return connection.sync();
    }

    void close() {
      StatefulRedisPubSubConnection<String, String> subscription = pubSub;
      if (subscription != null) {
        subscription.close();
      }
      StatefulRedisConnection<byte[], byte[]> connection = data;
      if (connection != null) {
        connection.close();
      }
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
