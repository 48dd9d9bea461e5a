package io.github.scaleblocks.caching.redis.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.caching.CacheAside;
import io.github.scaleblocks.caching.redis.KeyCodec;
import io.github.scaleblocks.caching.redis.RedisSecondLevel;
import io.github.scaleblocks.caching.redis.ValueCodec;
import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Keys spread over two private Redis servers by a Ketama ring; each lives on its ring node. */
class ShardedRedisTest {

  @Test
  void keysLiveOnTheNodeTheRingChoosesAndInstancesStillShareThem() throws Exception {
    try (Servers.PrivateRedis one = Servers.PrivateRedis.start();
        Servers.PrivateRedis two = Servers.PrivateRedis.start()) {
      ShardRouter<RedisURI> ring =
          ShardRouters.ketama().build(List.of(Node.of("r1", one.uri()), Node.of("r2", two.uri())));
      Map<String, byte[]> store = new ConcurrentHashMap<>();
      AtomicInteger loads = new AtomicInteger();
      int keys = 200;
      try (CacheAside<String, byte[]> a = bytesCache(ring, store, loads);
          CacheAside<String, byte[]> b = bytesCache(ring, store, loads)) {
        for (int i = 0; i < keys; i++) {
          store.put("k" + i, ("v" + i).getBytes(StandardCharsets.UTF_8));
          assertThat(a.get("k" + i)).isEqualTo(("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < keys; i++) {
          assertThat(b.get("k" + i)).isEqualTo(("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(loads).hasValue(keys); // b read every key from the shards

        int onOne = 0;
        RedisClient c1 = RedisClient.create(one.uri());
        RedisClient c2 = RedisClient.create(two.uri());
        try (StatefulRedisConnection<byte[], byte[]> r1 = c1.connect(ByteArrayCodec.INSTANCE);
            StatefulRedisConnection<byte[], byte[]> r2 = c2.connect(ByteArrayCodec.INSTANCE)) {
          for (int i = 0; i < keys; i++) {
            byte[] redisKey = ("shard:k" + i).getBytes(StandardCharsets.UTF_8);
            String owner = ring.route(redisKey).id();
            boolean onFirst = r1.sync().exists(redisKey) == 1;
            boolean onSecond = r2.sync().exists(redisKey) == 1;
            assertThat(owner.equals("r1") ? onFirst && !onSecond : onSecond && !onFirst)
                .as("k%d lives on %s only", i, owner)
                .isTrue();
            onOne += onFirst ? 1 : 0;
          }
        } finally {
          c1.shutdown();
          c2.shutdown();
        }
        assertThat(onOne).isBetween(keys / 4, keys * 3 / 4);
      }
    }
  }

  private static CacheAside<String, byte[]> bytesCache(
      ShardRouter<RedisURI> ring, Map<String, byte[]> store, AtomicInteger loads) {
    return CacheAside.<String, byte[]>builder(
            key -> {
              loads.incrementAndGet();
              return store.get(key);
            })
        .secondLevel(
            RedisSecondLevel.builder(KeyCodec.strings(), ValueCodec.bytes())
                .shards(ring)
                .keyPrefix("shard:")
                .build())
        .build();
  }
}
