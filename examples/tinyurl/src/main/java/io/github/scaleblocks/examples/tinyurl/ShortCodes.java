package io.github.scaleblocks.examples.tinyurl;

import java.security.SecureRandom;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Short codes and custom aliases.
 *
 * <p>Generated codes are 7 base62 characters drawn from a {@link SecureRandom}: 62^7 ≈ 3.5 × 10^12
 * codes, so neither a counter nor a guessable sequence exists to enumerate. Uniqueness comes from
 * the database, not from the generator: the code picks its shard and is that shard's primary key,
 * so two clones drawing the same code collide on one row and the loser draws again.
 *
 * <p>Aliases are {@code [A-Za-z0-9_-]{3,64}} and not a reserved word (compared ignoring case), so
 * an alias can never shadow a path the service serves or will serve. Thread-safe.
 */
final class ShortCodes {
  /** Length of a generated code. */
  static final int LENGTH = 7;

  static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-]{3,64}");

  /** Paths of the service and names a shortener should not hand out, lower case. */
  static final Set<String> RESERVED =
      Set.of(
          "api",
          "healthz",
          "openapi.json",
          "openapi",
          "static",
          "assets",
          "favicon.ico",
          "index.html",
          "robots.txt",
          "admin",
          "login",
          "logout",
          "metrics",
          "stats",
          "docs",
          "www");

  private static final String[] RESERVED_WORDS = RESERVED.toArray(new String[0]);
  private static final int MAX_RESERVED_LENGTH =
      RESERVED.stream().mapToInt(String::length).max().orElse(0);

  /** 62^7, the number of generated codes. */
  private static final long CODES = 3_521_614_606_208L;

  /** The largest multiple of {@link #CODES} not above 2^48: draws at or above it are redrawn. */
  private static final long DRAW_LIMIT = ((1L << 48) / CODES) * CODES;

  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private final SecureRandom random;

  ShortCodes(SecureRandom random) {
    this.random = random;
  }

  /**
   * A fresh random code that is not a reserved word. One draw of 8 bytes per code (not one per
   * character): the default {@link SecureRandom} serialises its callers on a lock, and creates run
   * on many threads. The low 48 bits, below the largest multiple of 62^7 under 2^48, are the code's
   * 7 base62 digits, so every code is equally likely (about 1 draw in 90 is rejected and redrawn).
   */
  String next() {
    byte[] bytes = new byte[8];
    while (true) {
      random.nextBytes(bytes);
      long value = 0;
      for (byte b : bytes) {
        value = (value << 8) | (b & 0xFF);
      }
      value &= (1L << 48) - 1;
      if (value >= DRAW_LIMIT) {
        continue;
      }
      char[] code = new char[LENGTH];
      for (int i = 0; i < LENGTH; i++) {
        code[i] = BASE62[(int) (value % 62)];
        value /= 62;
      }
      String candidate = new String(code);
      if (!isReserved(candidate)) {
        return candidate;
      }
    }
  }

  static boolean isReserved(String alias) {
    if (alias.length() > MAX_RESERVED_LENGTH) {
      return false;
    }
    for (String word : RESERVED_WORDS) {
      if (word.length() == alias.length() && word.regionMatches(true, 0, alias, 0, word.length())) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code code} could name a short URL at all (generated or alias). */
  static boolean isWellFormed(String code) {
    return isWellFormed(code, 0, code.length());
  }

  /**
   * The code a request path {@code /CODE} names when it could name a short URL (well formed, not
   * reserved), else {@code null}; checked without a regular expression, as this runs on every
   * redirect.
   */
  static @org.jspecify.annotations.Nullable String codeOfPath(String path) {
    int length = path.length();
    if (length < 4 || path.charAt(0) != '/' || !isWellFormed(path, 1, length)) {
      return null;
    }
    String code = path.substring(1);
    return isReserved(code) ? null : code;
  }

  /** Whether {@code text[from, to)} is 3 to 64 characters of {@code [A-Za-z0-9_-]}. */
  private static boolean isWellFormed(String text, int from, int to) {
    int length = to - from;
    if (length < 3 || length > 64) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Why {@code alias} cannot be used, or {@code null} when it can. */
  static @org.jspecify.annotations.Nullable String aliasProblem(String alias) {
    if (!ALIAS.matcher(alias).matches()) {
      return "alias '"
          + Errors.printable(alias)
          + "' must be 3 to 64 characters of A-Z, a-z, 0-9, '_' and '-'";
    }
    if (isReserved(alias)) {
      return "alias '" + alias + "' is a reserved word";
    }
    return null;
  }
}
