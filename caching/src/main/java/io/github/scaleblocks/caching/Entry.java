package io.github.scaleblocks.caching;

import org.jspecify.annotations.Nullable;

/**
 * What the Caffeine cache holds per key: the value (or {@code null} for a cached absence) and the
 * ticker deadlines computed when it was written. Immutable, so a reader needs no lock, and small,
 * so the hit path compares one field: {@code now < refreshAt}.
 */
final class Entry<V> {
  /** The value, or null for "absent". */
  final @Nullable V value;

  /** Ticker time of the write. */
  final long writtenAt;

  /** How long the load that produced the value took (XFetch's δ); 0 for a put. */
  final long loadNanos;

  /** The first time a read leaves the fast path: min(refreshAfter, xfetchFrom, freshUntil). */
  final long refreshAt;

  /** Refresh-after-write deadline, or Long.MAX_VALUE. */
  final long refreshAfter;

  /** Earliest time an XFetch draw can fire, or Long.MAX_VALUE. */
  final long xfetchFrom;

  /** End of freshness (TTL). */
  final long freshUntil;

  /** End of the stale-while-revalidate window. */
  final long staleUntil;

  /** End of the stale-if-error window. */
  final long errorUntil;

  Entry(
      @Nullable V value,
      long writtenAt,
      long loadNanos,
      long refreshAfter,
      long xfetchFrom,
      long freshUntil,
      long staleUntil,
      long errorUntil) {
    this.value = value;
    this.writtenAt = writtenAt;
    this.loadNanos = loadNanos;
    this.refreshAfter = refreshAfter;
    this.xfetchFrom = xfetchFrom;
    this.freshUntil = freshUntil;
    this.staleUntil = staleUntil;
    this.errorUntil = errorUntil;
    this.refreshAt = Math.min(Math.min(refreshAfter, xfetchFrom), freshUntil);
  }

  /** The time after which the entry can never be served again. */
  long deadAt() {
    return Math.max(freshUntil, Math.max(staleUntil, errorUntil));
  }

  @Override
  public String toString() {
    return "Entry[" + (value == null ? "absent" : value) + ", written " + writtenAt + "]";
  }
}
