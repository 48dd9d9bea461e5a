package io.github.scaleblocks.examples.tinyurl;

import java.security.SecureRandom;
import java.util.Locale;
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

  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private final SecureRandom random;

  ShortCodes(SecureRandom random) {
    this.random = random;
  }

  /** A fresh random code that is not a reserved word. */
  String next() {
    while (true) {
      char[] code = new char[LENGTH];
      for (int i = 0; i < LENGTH; i++) {
        code[i] = BASE62[random.nextInt(BASE62.length)];
      }
      String candidate = new String(code);
      if (!isReserved(candidate)) {
        return candidate;
      }
    }
  }

  static boolean isReserved(String alias) {
    return RESERVED.contains(alias.toLowerCase(Locale.ROOT));
  }

  /** Whether {@code code} could name a short URL at all (generated or alias). */
  static boolean isWellFormed(String code) {
    return ALIAS.matcher(code).matches();
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
