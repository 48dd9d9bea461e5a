package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.hash.KeyHasher;
import io.github.scaleblocks.core.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 32-bit key hashes of Ketama clients, as {@link KeyHasher}s whose values lie in {@code [0,
 * 2^32)}. They exist for compatibility with placements made by other memcached clients; for new
 * data prefer the ring with the default XXH3.
 */
final class KetamaHashes {
  private KetamaHashes() {}

  /**
   * libketama's and spymemcached's {@code KETAMA_HASH}: the first 4 bytes of the MD5 digest of the
   * key read little-endian as an unsigned 32-bit number. Costs one MD5 (a few hundred nanoseconds
   * for short keys) and allocates the 16-byte digest; a string key is encoded to UTF-8 first.
   */
  static final KeyHasher MD5 =
      new KeyHasher() {
        @Override
        public long hashBytes(byte[] bytes, int offset, int length) {
          Checks.notNull(bytes, "key");
          Checks.range(offset, length, bytes.length);
          MessageDigest md5 = DIGESTS.get();
          md5.update(bytes, offset, length);
          return uint32LittleEndian(md5.digest(), 0);
        }

        @Override
        public String toString() {
          return "KetamaHashes.md5()";
        }
      };

  /**
   * FNV-1a 32-bit (offset basis 2166136261, prime 16777619) over the key's bytes, as an unsigned
   * 32-bit number: spymemcached's {@code FNV1A_32_HASH} for ASCII keys. (spymemcached feeds UTF-16
   * chars rather than UTF-8 bytes, so keys with non-ASCII characters hash differently there; this
   * hasher keeps the byte definition every {@link KeyHasher} shares, as libmemcached does.)
   * Allocation-free for byte arrays, longs and ASCII strings.
   */
  static final KeyHasher FNV1A_32 =
      new KeyHasher() {
        @Override
        public long hashBytes(byte[] bytes, int offset, int length) {
          Checks.notNull(bytes, "key");
          Checks.range(offset, length, bytes.length);
          int h = FNV_OFFSET_BASIS;
          for (int i = offset; i < offset + length; i++) {
            h = (h ^ (bytes[i] & 0xFF)) * FNV_PRIME;
          }
          return h & 0xFFFF_FFFFL;
        }

        @Override
        public long hash(CharSequence key) {
          Checks.notNull(key, "key");
          int h = FNV_OFFSET_BASIS;
          for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= 0x80) {
              return KeyHasher.super.hash(key);
            }
            h = (h ^ c) * FNV_PRIME;
          }
          return h & 0xFFFF_FFFFL;
        }

        @Override
        public long hash(long key) {
          int h = FNV_OFFSET_BASIS;
          for (int i = 0; i < Long.BYTES; i++) {
            h = (h ^ (int) ((key >>> (8 * i)) & 0xFF)) * FNV_PRIME;
          }
          return h & 0xFFFF_FFFFL;
        }

        @Override
        public String toString() {
          return "KetamaHashes.fnv1a32()";
        }
      };

  private static final int FNV_OFFSET_BASIS = 0x811C9DC5;
  private static final int FNV_PRIME = 0x01000193;

  private static final ThreadLocal<MessageDigest> DIGESTS =
      ThreadLocal.withInitial(KetamaHashes::newMd5);

  private static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide MD5 (MessageDigest's documented required algorithms).
      throw new IllegalStateException("this JVM has no MD5 MessageDigest", e);
    }
  }

  /** The MD5 digest of the UTF-8 bytes of {@code text}. */
  static byte[] md5(String text) {
    MessageDigest md5 = DIGESTS.get();
    return md5.digest(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Four bytes of {@code bytes} from {@code offset}, little-endian, as an unsigned number. */
  static long uint32LittleEndian(byte[] bytes, int offset) {
    return (bytes[offset] & 0xFFL)
        | (bytes[offset + 1] & 0xFFL) << 8
        | (bytes[offset + 2] & 0xFFL) << 16
        | (bytes[offset + 3] & 0xFFL) << 24;
  }
}
