/**
 * A shared second level for {@link io.github.scaleblocks.caching.CacheAside} on Redis, through
 * Lettuce: {@link io.github.scaleblocks.caching.redis.RedisSecondLevel}, passed to {@code
 * CacheAside.builder(loader).secondLevel(...)}.
 *
 * <p>Each instance of a service keeps its own L1 (Caffeine, in {@code scaleblocks-caching}) and
 * shares one L2 on Redis. A read that misses L1 asks Redis, then the loader (filling Redis). A put
 * or invalidate writes Redis and publishes an invalidation on a pub/sub channel; every other
 * instance evicts the key from its L1 when the message arrives (an instance recognises and ignores
 * its own messages by the instance id they carry).
 *
 * <p><b>Repair after a lost connection.</b> Invalidations published while an instance's pub/sub
 * connection is down are lost to it, so its L1 may hold values changed elsewhere. When the
 * connection comes back and the channel is subscribed again, the instance <b>clears its whole
 * L1</b> (counted by {@link io.github.scaleblocks.caching.redis.RedisSecondLevel#repairs()} and
 * published as {@link io.github.scaleblocks.caching.redis.RedisCacheEvent.LocalCleared}). Until
 * then, a value changed elsewhere may be served from L1 until its TTL: bound that with the L1 TTL.
 *
 * <p><b>Redis down.</b> A failed Redis call is counted ({@link
 * io.github.scaleblocks.caching.redis.RedisSecondLevel#errors()}), published as an event and logged
 * at WARN at most once per warn interval; reads fall back to L1 and the loader and callers see no
 * error, unless {@code failOnL2Error(true)} makes them see a {@link
 * io.github.scaleblocks.caching.redis.SecondLevelException}. An invalidation that could not be
 * published is kept (up to 10,000 per server, then collapsed into one "clear all") and published
 * when the connection is back.
 *
 * <p>Values are stored through a {@link io.github.scaleblocks.caching.redis.ValueCodec} ({@code
 * utf8()} and {@code bytes()} are built in), keys as {@code prefix + KeyCodec.encode(key)}. Keys
 * can be spread over several Redis servers with any {@code ShardRouter} of {@code
 * scaleblocks-sharding}; each instance subscribes to the invalidation channel on every server.
 */
@NullMarked
package io.github.scaleblocks.caching.redis;

import org.jspecify.annotations.NullMarked;
