package io.github.scaleblocks.examples.tinyurl;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One short URL as stored: its code, target, the hash of the API key that created it, whether the
 * code was a custom alias, when it was made, its optional expiry and visit limit, and its visits.
 */
record UrlRecord(
    String code,
    String target,
    String ownerKeyHash,
    boolean customAlias,
    Instant createdAt,
    @Nullable Instant expiresAt,
    @Nullable Long maxVisits,
    long visits) {

  /** Whether the link has expired at {@code now} (an expiry instant is the first one refused). */
  boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** Whether every allowed visit has been used. */
  boolean exhausted() {
    return maxVisits != null && visits >= maxVisits;
  }

  /** {@code active}, {@code expired} or {@code exhausted} at {@code now}. */
  String status(Instant now) {
    if (expiredAt(now)) {
      return "expired";
    }
    return exhausted() ? "exhausted" : "active";
  }
}
