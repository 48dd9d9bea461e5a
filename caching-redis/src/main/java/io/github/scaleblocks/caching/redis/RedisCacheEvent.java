package io.github.scaleblocks.caching.redis;

/** What a {@link RedisSecondLevel} publishes to the listeners registered on its builder. */
public sealed interface RedisCacheEvent {

  /** A Redis call failed ({@code operation} is GET, SET, DEL, PUBLISH, SCAN, SUBSCRIBE). */
  record SecondLevelFailed(String operation, String node, Throwable failure)
      implements RedisCacheEvent {}

  /**
   * Another instance invalidated {@code key} (null-free: {@code all} is true and {@code key} empty
   * for an invalidate-all), and this instance evicted it from its L1.
   */
  record InvalidationReceived(String key, boolean all, String fromInstance)
      implements RedisCacheEvent {}

  /** The L1 was cleared because the invalidation channel on {@code node} was re-subscribed. */
  record LocalCleared(String node) implements RedisCacheEvent {}
}
