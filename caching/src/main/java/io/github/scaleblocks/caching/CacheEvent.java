package io.github.scaleblocks.caching;

/**
 * What a {@link CacheAside} publishes to the listeners registered on its builder. Events are built
 * only when a listener is registered, and never on a hit: hits are counted in {@link
 * CacheAside#stats()} only (with {@link CacheAsideBuilder#countHits()}), so a hit stays free of
 * allocation.
 */
public sealed interface CacheEvent {

  /**
   * A read found no usable entry and waits for a load; published once the reader has joined the
   * load, so a listener sees only readers already waiting on it.
   */
  record Missed(Object key) implements CacheEvent {}

  /**
   * A load of {@code key} finished; {@code absent} if the loader found nothing; {@code refresh} if
   * it ran in the background for a value still being served.
   */
  record Loaded(Object key, long nanos, boolean absent, boolean refresh) implements CacheEvent {}

  /** A bulk load of {@code keys} keys finished. */
  record BulkLoaded(int keys, long nanos) implements CacheEvent {}

  /**
   * A load (single or bulk, {@code key} is the first key of a bulk load) failed or timed out. The
   * failure is not cached.
   */
  record LoadFailed(Object key, long nanos, Throwable failure, boolean refresh)
      implements CacheEvent {}

  /** A read was answered with a value past its TTL. */
  record StaleServed(Object key, StaleReason reason) implements CacheEvent {}

  /** A write-behind batch of {@code entries} failed; it stays queued. */
  record WriteBehindFailed(int entries, Throwable failure) implements CacheEvent {}

  /** Why a stale value was served. */
  enum StaleReason {
    /** Within the stale-while-revalidate window; a refresh runs in the background. */
    WHILE_REVALIDATE,
    /** The reload failed and the value is within its stale-if-error window. */
    IF_ERROR
  }
}
