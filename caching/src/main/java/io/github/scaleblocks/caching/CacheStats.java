package io.github.scaleblocks.caching;

/**
 * Counters of a {@link CacheAside} since it was built, read from striped counters (so a snapshot
 * taken under load is not atomic across fields).
 *
 * @param hits reads answered from the cache, stale reads included
 * @param misses reads that needed a load (or joined one)
 * @param loads loader calls that succeeded; one bulk call counts once
 * @param loadFailures loader calls that failed or timed out
 * @param staleServed reads answered with a stale value (stale-while-revalidate or stale-if-error)
 * @param totalLoadNanos ticker nanoseconds spent in loads, failed ones included
 * @param hitsCounted whether the cache counts hits ({@link CacheAsideBuilder#countHits()}); when
 *     not, {@code hits} is 0 and {@link #hitRate()} is NaN
 */
public record CacheStats(
    long hits,
    long misses,
    long loads,
    long loadFailures,
    long staleServed,
    long totalLoadNanos,
    boolean hitsCounted) {

  /**
   * {@code hits / (hits + misses)}, or 1 when nothing was read; NaN when the cache does not count
   * hits.
   */
  public double hitRate() {
    if (!hitsCounted) {
      return Double.NaN;
    }
    long requests = hits + misses;
    return requests == 0 ? 1.0 : (double) hits / requests;
  }

  /** The mean time of a load, success or failure, in nanoseconds; 0 before any load. */
  public double averageLoadNanos() {
    long count = loads + loadFailures;
    return count == 0 ? 0.0 : (double) totalLoadNanos / count;
  }
}
