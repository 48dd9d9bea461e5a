package io.github.scaleblocks.examples.tinyurl;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.scaleblocks.core.time.Ticker;
import java.time.Duration;

/**
 * Per-client token buckets: each client (an API key's hash or an IP address) holds up to {@code
 * capacity} tokens, refilled continuously at {@code refillPerSecond}; a request takes tokens or is
 * refused with the wait until enough are back.
 *
 * <p>Buckets live in a Caffeine cache bounded to {@value #MAX_CLIENTS} clients and dropped after
 * {@value #IDLE_MINUTES} idle minutes; a dropped bucket comes back full, which is what an idle
 * client would have by then anyway (unless the refill rate is below capacity / 10 minutes). Under a
 * flood of more distinct clients than that bound, evicted clients get a fresh bucket: the bound
 * protects memory, not against an attacker with a million addresses. Time comes from an injected
 * {@link Ticker}. Thread-safe; one bucket's updates are serialised on that bucket.
 */
final class RateLimiter {
  static final int MAX_CLIENTS = 100_000;
  static final int IDLE_MINUTES = 10;

  private final long capacity;
  private final double refillPerNano;
  private final Ticker ticker;
  private final Cache<String, Bucket> buckets;

  RateLimiter(long capacity, double refillPerSecond, Ticker ticker) {
    this.capacity = capacity;
    this.refillPerNano = refillPerSecond / 1e9;
    this.ticker = ticker;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(MAX_CLIENTS)
            .expireAfterAccess(Duration.ofMinutes(IDLE_MINUTES))
            .ticker(ticker::read)
            .build();
  }

  long capacity() {
    return capacity;
  }

  /**
   * Takes {@code cost} tokens (at most the capacity) from {@code client}'s bucket when it has them.
   */
  Decision acquire(String client, long cost) {
    long wanted = Math.min(Math.max(cost, 1), capacity);
    long now = ticker.read();
    Bucket bucket = buckets.get(client, key -> new Bucket(capacity, now));
    synchronized (bucket) {
      double elapsed = Math.max(0, now - bucket.lastNanos);
      bucket.tokens = Math.min(capacity, bucket.tokens + elapsed * refillPerNano);
      bucket.lastNanos = now;
      boolean allowed = bucket.tokens >= wanted;
      if (allowed) {
        bucket.tokens -= wanted;
      }
      long remaining = (long) Math.floor(bucket.tokens);
      long resetSeconds = secondsFor(capacity - bucket.tokens);
      long retryAfter = allowed ? 0 : Math.max(1, secondsFor(wanted - bucket.tokens));
      return new Decision(allowed, capacity, remaining, resetSeconds, retryAfter);
    }
  }

  private long secondsFor(double tokens) {
    if (tokens <= 0) {
      return 0;
    }
    return (long) Math.ceil(tokens / refillPerNano / 1e9);
  }

  /**
   * The answer for one request, with the values of the {@code RateLimit-Limit}, {@code
   * RateLimit-Remaining} and {@code RateLimit-Reset} (seconds until the bucket is full) headers
   * and, when refused, {@code Retry-After} in seconds.
   */
  record Decision(
      boolean allowed, long limit, long remaining, long resetSeconds, long retryAfter) {}

  private static final class Bucket {
    double tokens;
    long lastNanos;

    Bucket(long tokens, long lastNanos) {
      this.tokens = tokens;
      this.lastNanos = lastNanos;
    }
  }
}
