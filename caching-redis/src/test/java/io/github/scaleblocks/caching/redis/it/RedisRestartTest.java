package io.github.scaleblocks.caching.redis.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.caching.CacheAside;
import io.github.scaleblocks.caching.redis.KeyCodec;
import io.github.scaleblocks.caching.redis.RedisCacheEvent;
import io.github.scaleblocks.caching.redis.RedisSecondLevel;
import io.github.scaleblocks.caching.redis.SecondLevelException;
import io.github.scaleblocks.caching.redis.ValueCodec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A private redis-server stopped and restarted in the middle: reads keep working from L1 and the
 * loader during the outage, and when the invalidation channel is back each instance clears its L1,
 * so an update it missed while Redis was down is not served stale.
 */
class RedisRestartTest {
  private final Map<String, String> store = new ConcurrentHashMap<>();
  private final AtomicInteger loads = new AtomicInteger();
  private Servers.PrivateRedis redis;

  @BeforeEach
  void startRedis() {
    redis = Servers.PrivateRedis.start();
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }

  private RedisSecondLevel<String, String> level(
      CountDownLatch cleared, CountDownLatch invalidated, boolean failOnError) {
    return RedisSecondLevel.builder(KeyCodec.strings(), ValueCodec.utf8())
        .redis(redis.uri())
        .keyPrefix("restart:")
        .commandTimeout(Duration.ofMillis(300))
        .failOnL2Error(failOnError)
        .listener(
            event -> {
              if (event instanceof RedisCacheEvent.LocalCleared) {
                cleared.countDown();
              } else if (event instanceof RedisCacheEvent.InvalidationReceived) {
                invalidated.countDown();
              }
            })
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
  void readsSurviveTheOutageAndL1IsRepairedAfterReconnect() throws Exception {
    CountDownLatch clearedA = new CountDownLatch(1);
    CountDownLatch clearedB = new CountDownLatch(1);
    CountDownLatch invalidatedB = new CountDownLatch(1);
    RedisSecondLevel<String, String> l2a = level(clearedA, new CountDownLatch(1), false);
    RedisSecondLevel<String, String> l2b = level(clearedB, invalidatedB, false);
    try (CacheAside<String, String> a = cache(l2a);
        CacheAside<String, String> b = cache(l2b)) {
      store.put("k", "v1");
      store.put("other", "o1");
      assertThat(a.get("k")).isEqualTo("v1");
      assertThat(b.get("k")).isEqualTo("v1");
      assertThat(loads).hasValue(1);

      redis.stop();
      // during the outage: L1 hits, and misses go to the loader; nobody sees an error
      assertThat(a.get("k")).isEqualTo("v1");
      assertThat(a.get("other")).isEqualTo("o1");
      assertThat(l2a.errors()).isPositive();
      b.put("k", "v2"); // reaches the store; Redis and the invalidation message do not
      assertThat(l2b.errors()).isGreaterThanOrEqualTo(2);
      assertThat(a.get("k")).isEqualTo("v1"); // a missed the invalidation: stale for now

      redis.startAgain();
      assertThat(clearedA.await(30, TimeUnit.SECONDS)).as("a re-subscribed").isTrue();
      assertThat(clearedB.await(30, TimeUnit.SECONDS)).as("b re-subscribed").isTrue();
      assertThat(l2a.repairs()).isEqualTo(1);
      assertThat(a.get("k")).isEqualTo("v2"); // repaired: L1 was cleared, the store read again

      // and invalidations flow again
      a.put("k", "v3");
      assertThat(invalidatedB.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(b.get("k")).isEqualTo("v3");
    }
  }

  @Test
  void failOnL2ErrorMakesCallersSeeTheOutage() {
    try (CacheAside<String, String> cache =
        cache(level(new CountDownLatch(1), new CountDownLatch(1), true))) {
      store.put("k", "v1");
      store.put("new", "n1");
      assertThat(cache.get("k")).isEqualTo("v1");
      redis.stop();
      assertThat(cache.get("k")).isEqualTo("v1"); // an L1 hit needs no Redis
      assertThatThrownBy(() -> cache.get("new"))
          .isInstanceOf(SecondLevelException.class)
          .hasMessageContaining("GET on Redis 127.0.0.1:" + redis.port);
    }
  }
}
