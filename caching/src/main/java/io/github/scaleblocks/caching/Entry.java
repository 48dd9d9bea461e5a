package io.github.scaleblocks.caching;

import org.jspecify.annotations.Nullable;

/**
 * What the Caffeine cache holds per key: the value (or {@code null} for a cached absence) and the
 * ticker deadlines computed when it was written. Immutable, so a reader needs no lock, and small,
 * so the hit path compares one field: {@code now < refreshAt}.
 *
 * <p>An entry that never expires nor refreshes (no TTL, no refresh-after-write) is this class
 * alone: a value and {@code refreshAt = Long.MAX_VALUE}, 24 bytes, so a cache of many such entries
 * stays in the CPU caches and a hit costs what Caffeine's own costs. An entry with deadlines is a
 * {@link Timed}, which carries them.
 */
class Entry<V> {
  /** The value, or null for "absent". */
  final @Nullable V value;

  /** The first time a read leaves the fast path: min(refreshAfter, xfetchFrom, freshUntil). */
  final long refreshAt;

  private Entry(@Nullable V value, long refreshAt) {
    this.value = value;
    this.refreshAt = refreshAt;
  }

  /** An entry with {@code value} and the given deadlines; the small form when there are none. */
  static <V> Entry<V> of(
      @Nullable V value,
      long writtenAt,
      long loadNanos,
      long refreshAfter,
      long xfetchFrom,
      long freshUntil,
      long staleUntil,
      long errorUntil) {
    if (refreshAfter == Long.MAX_VALUE
        && xfetchFrom == Long.MAX_VALUE
        && freshUntil == Long.MAX_VALUE
        && staleUntil == Long.MAX_VALUE
        && errorUntil == Long.MAX_VALUE) {
      return new Entry<>(value, Long.MAX_VALUE);
    }
    return new Timed<>(
        value, writtenAt, loadNanos, refreshAfter, xfetchFrom, freshUntil, staleUntil, errorUntil);
  }

  /** How long the load that produced the value took (XFetch's δ); 0 for a put or no deadlines. */
  long loadNanos() {
    return 0;
  }

  /** Refresh-after-write deadline, or Long.MAX_VALUE. */
  long refreshAfter() {
    return Long.MAX_VALUE;
  }

  /** Earliest time an XFetch draw can fire, or Long.MAX_VALUE. */
  long xfetchFrom() {
    return Long.MAX_VALUE;
  }

  /** End of freshness (TTL), or Long.MAX_VALUE. */
  long freshUntil() {
    return Long.MAX_VALUE;
  }

  /** End of the stale-while-revalidate window. */
  long staleUntil() {
    return Long.MAX_VALUE;
  }

  /** End of the stale-if-error window. */
  long errorUntil() {
    return Long.MAX_VALUE;
  }

  /** The time after which the entry can never be served again. */
  final long deadAt() {
    return Math.max(freshUntil(), Math.max(staleUntil(), errorUntil()));
  }

  @Override
  public String toString() {
    return "Entry[" + (value == null ? "absent" : value) + "]";
  }

  /** An entry with deadlines. */
  static final class Timed<V> extends Entry<V> {
    private final long writtenAt;
    private final long loadNanos;
    private final long refreshAfter;
    private final long xfetchFrom;
    private final long freshUntil;
    private final long staleUntil;
    private final long errorUntil;

    Timed(
        @Nullable V value,
        long writtenAt,
        long loadNanos,
        long refreshAfter,
        long xfetchFrom,
        long freshUntil,
        long staleUntil,
        long errorUntil) {
      super(value, Math.min(Math.min(refreshAfter, xfetchFrom), freshUntil));
      this.writtenAt = writtenAt;
      this.loadNanos = loadNanos;
      this.refreshAfter = refreshAfter;
      this.xfetchFrom = xfetchFrom;
      this.freshUntil = freshUntil;
      this.staleUntil = staleUntil;
      this.errorUntil = errorUntil;
    }

    @Override
    long loadNanos() {
      return loadNanos;
    }

    @Override
    long refreshAfter() {
      return refreshAfter;
    }

    @Override
    long xfetchFrom() {
      return xfetchFrom;
    }

    @Override
    long freshUntil() {
      return freshUntil;
    }

    @Override
    long staleUntil() {
      return staleUntil;
    }

    @Override
    long errorUntil() {
      return errorUntil;
    }

    @Override
    public String toString() {
      return "Entry[" + (value == null ? "absent" : value) + ", written " + writtenAt + "]";
    }
  }
}
