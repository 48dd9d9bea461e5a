package io.github.scaleblocks.examples.tinyurl;

/**
 * What a redirect needs of a short URL, as the redirect cache holds it: the target, the expiry (so
 * every redirect checks it, even from the cache) and whether visits are limited (limited links
 * count each visit in the database with a conditional update; the others count in memory). None of
 * these change after creation, so a cached copy is only ever wrong about a deleted link.
 *
 * @param expiresAtMillis the expiry as epoch milliseconds, or {@link Long#MAX_VALUE} for none
 */
record CachedUrl(String target, long expiresAtMillis, boolean limited) {

  static CachedUrl of(UrlRecord record) {
    return new CachedUrl(
        record.target(),
        record.expiresAt() == null ? Long.MAX_VALUE : record.expiresAt().toEpochMilli(),
        record.maxVisits() != null);
  }

  /** Whether the link has expired at {@code nowMillis} (the expiry instant is refused). */
  boolean expiredAt(long nowMillis) {
    return nowMillis >= expiresAtMillis;
  }

  /** The form stored in Redis: {@code expiry TAB limited TAB target} (targets hold no tabs). */
  String encode() {
    return expiresAtMillis + "\t" + (limited ? "1" : "0") + "\t" + target;
  }

  /** Reads {@link #encode()}'s form; a value in any other form is an error naming it. */
  static CachedUrl decode(String encoded) {
    String[] parts = encoded.split("\t", 3);
    if (parts.length != 3 || !(parts[1].equals("0") || parts[1].equals("1"))) {
      throw new IllegalArgumentException(
          "not a cached short URL: '" + Errors.printable(encoded) + "'");
    }
    try {
      return new CachedUrl(parts[2], Long.parseLong(parts[0]), parts[1].equals("1"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "not a cached short URL (bad expiry): '" + Errors.printable(encoded) + "'", e);
    }
  }
}
