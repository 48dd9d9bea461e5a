package io.github.scaleblocks.examples.tinyurl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The API keys allowed to create and delete, held only as SHA-256 hashes: the server never keeps a
 * key itself, and the database records the creating key's hash as the owner. Keys are random
 * (generated ones are 256 bits), so an unsalted hash is enough to make a leaked table useless.
 * Immutable and thread-safe.
 */
final class ApiKeys {
  private final Set<String> hashes;

  ApiKeys(Set<String> hashes) {
    this.hashes = Set.copyOf(hashes);
  }

  /** The owner hash of {@code key} when it is a configured key, else {@code null}. */
  @Nullable String authenticate(@Nullable String key) {
    if (key == null || key.isEmpty()) {
      return null;
    }
    String hash = sha256Hex(key);
    return hashes.contains(hash) ? hash : null;
  }

  /** The lower-case hex SHA-256 of the key's UTF-8 bytes. */
  static String sha256Hex(String key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Whether {@code text} is a lower- or upper-case hex SHA-256. */
  static boolean isSha256Hex(String text) {
    return text.length() == 64
        && text.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128);
  }

  /** A fresh 256-bit key, base64url without padding (43 characters). */
  static String generate(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
