package io.github.scaleblocks.caching.redis.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.caching.CacheAside;
import io.github.scaleblocks.caching.redis.KeyCodec;
import io.github.scaleblocks.caching.redis.RedisCacheEvent;
import io.github.scaleblocks.caching.redis.RedisSecondLevel;
import io.github.scaleblocks.caching.redis.ValueCodec;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one cache on the shared local Redis: they share L2 and evict each other's L1
 * through pub/sub. Keys carry a unique prefix per run; the server is never flushed.
 */
class TwoInstancesTest {
  private final String prefix = "sbtest:cache:" + UUID.randomUUID() + ":";
  private final Map<String, String> store = new ConcurrentHashMap<>();
  private final AtomicInteger loads = new AtomicInteger();
  private final LinkedBlockingQueue<RedisCacheEvent> eventsOfA = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<RedisCacheEvent> eventsOfB = new LinkedBlockingQueue<>();
  private RedisURI uri;
  private CacheAside<String, String> a;
  private CacheAside<String, String> b;
  private RedisSecondLevel<String, String> l2a;
  private RedisSecondLevel<String, String> l2b;

  @BeforeEach
  void setUp() {
    uri = Servers.requireShared();
    l2a = level(eventsOfA);
    l2b = level(eventsOfB);
    a = cache(l2a);
    b = cache(l2b);
  }

  @AfterEach
  void tearDown() {
    a.invalidateAll(); // deletes this run's keys (by prefix) from the shared server
    a.close();
    b.close();
  }

  private RedisSecondLevel<String, String> level(LinkedBlockingQueue<RedisCacheEvent> events) {
    return RedisSecondLevel.builder(KeyCodec.strings(), ValueCodec.utf8())
        .redis(uri)
        .keyPrefix(prefix)
        .ttl(Duration.ofMinutes(5))
        .listener(events::add)
        .build();
  }

  private CacheAside<String, String> cache(RedisSecondLevel<String, String> level) {
    return CacheAside.<String, String>builder(
            key -> {
              loads.incrementAndGet();
              return store.get(key);
            })
        .writeThrough(store::put)
        .secondLevel(level)
        .build();
  }

  @Test
  void instancesShareTheSecondLevelAndEvictEachOthersL1WithinMilliseconds() throws Exception {
    store.put("k", "v1");
    assertThat(a.get("k")).isEqualTo("v1");
    assertThat(b.get("k")).isEqualTo("v1"); // from Redis
    assertThat(loads).hasValue(1);

    long start = System.nanoTime();
    a.put("k", "v2");
    RedisCacheEvent received = eventsOfB.poll(5, TimeUnit.SECONDS);
    long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
    long millis = micros / 1_000;
    System.out.println("TwoInstancesTest: put on a -> evicted from b's L1 after " + micros + " µs");
    assertThat(received)
        .isEqualTo(new RedisCacheEvent.InvalidationReceived("k", false, l2a.instanceId()));
    assertThat(millis).isLessThan(1_000);
    assertThat(b.get("k")).isEqualTo("v2"); // L1 evicted, read from Redis
    assertThat(loads).hasValue(1);

    // warm: the time from a put on a to the eviction on b, 50 times
    long[] latencies = new long[50];
    for (int i = 0; i < latencies.length; i++) {
      assertThat(b.get("w")).isNull();
      long t0 = System.nanoTime();
      a.put("w", "w" + i);
      RedisCacheEvent event = eventsOfB.poll(5, TimeUnit.SECONDS);
      latencies[i] = System.nanoTime() - t0;
      assertThat(event)
          .isEqualTo(new RedisCacheEvent.InvalidationReceived("w", false, l2a.instanceId()));
      a.invalidate("w");
      assertThat(eventsOfB.poll(5, TimeUnit.SECONDS)).isNotNull();
      store.remove("w");
    }
    java.util.Arrays.sort(latencies);
    long median = TimeUnit.NANOSECONDS.toMicros(latencies[latencies.length / 2]);
    System.out.println(
        "TwoInstancesTest: warm put -> eviction on b: median "
            + median
            + " µs, max "
            + TimeUnit.NANOSECONDS.toMicros(latencies[latencies.length - 1])
            + " µs");
    assertThat(median).isLessThan(100_000);

    // a ignores its own message: its L1 keeps the value it wrote
    assertThat(l2a.invalidationsReceived()).isZero();
    assertThat(a.getIfPresent("k")).isEqualTo("v2");

    int loadsBefore = loads.get();
    store.put("k", "v3");
    b.invalidate("k");
    assertThat(eventsOfA.poll(5, TimeUnit.SECONDS))
        .isEqualTo(new RedisCacheEvent.InvalidationReceived("k", false, l2b.instanceId()));
    assertThat(a.get("k")).isEqualTo("v3"); // a evicted it, Redis had nothing: loaded
    assertThat(loads).hasValue(loadsBefore + 1);
  }

  @Test
  void invalidateAllClearsTheOtherL1AndThisCachesRedisKeys() throws Exception {
    store.put("x", "1");
    store.put("y", "2");
    assertThat(b.getAll(java.util.List.of("x", "y"))).hasSize(2);
    a.invalidateAll();
    assertThat(eventsOfB.poll(5, TimeUnit.SECONDS))
        .isEqualTo(new RedisCacheEvent.InvalidationReceived("", true, l2a.instanceId()));
    assertThat(b.getIfPresent("x")).isNull();
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> direct = client.connect()) {
      assertThat(direct.sync().keys(prefix + "*")).isEmpty();
    } finally {
      client.shutdown();
    }
  }
}
