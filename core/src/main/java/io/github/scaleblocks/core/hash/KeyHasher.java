package io.github.scaleblocks.core.hash;

import io.github.scaleblocks.core.internal.Checks;
import java.nio.charset.StandardCharsets;

/**
 * A 64-bit hash of routing keys that must never change: shard placement, replica choice and data on
 * disk depend on it, so the same key gives the same hash on every JVM, platform and release.
 *
 * <p>Every key form is defined by bytes, so the forms agree with each other:
 *
 * <ul>
 *   <li>a {@link CharSequence} hashes as its UTF-8 encoding (unpaired surrogates encode as {@code
 *       '?'}, as {@link String#getBytes(java.nio.charset.Charset)} does);
 *   <li>a {@code long} hashes as its 8 little-endian bytes.
 * </ul>
 *
 * <p>So {@code hash("key") == hash("key".getBytes(UTF_8))} for every implementation. Users plug in
 * their own function by implementing {@link #hashBytes}; the default methods then encode and
 * delegate (allocating for strings). The built-ins in {@link KeyHashers} override every method with
 * allocation-free paths that give the same values.
 *
 * <p>Implementations are stateless and thread-safe. Never hash with {@link Object#hashCode()} or
 * {@code toString()} of an address: neither is stable across JVM versions.
 */
@FunctionalInterface
public interface KeyHasher {

  /** Hashes {@code length} bytes of {@code bytes} starting at {@code offset}. */
  long hashBytes(byte[] bytes, int offset, int length);

  /** Hashes all of {@code bytes}. */
  default long hash(byte[] bytes) {
    Checks.notNull(bytes, "key");
    return hashBytes(bytes, 0, bytes.length);
  }

  /** Hashes the UTF-8 encoding of {@code key}. */
  default long hash(CharSequence key) {
    Checks.notNull(key, "key");
    byte[] utf8 = key.toString().getBytes(StandardCharsets.UTF_8);
    return hashBytes(utf8, 0, utf8.length);
  }

  /** Hashes the 8 little-endian bytes of {@code key}. */
  default long hash(long key) {
    byte[] bytes = new byte[Long.BYTES];
    for (int i = 0; i < Long.BYTES; i++) {
      bytes[i] = (byte) (key >>> (8 * i));
    }
    return hashBytes(bytes, 0, bytes.length);
  }
}
