package io.github.scaleblocks.core.hash;

import io.github.scaleblocks.core.internal.Checks;
import java.nio.charset.StandardCharsets;

/**
 * Base of the built-in hashers: each implements its function once over {@link ByteAccess}, and this
 * class routes byte arrays and ASCII strings to it without copying. Non-ASCII strings are encoded
 * into a per-thread buffer (no allocation after the first call on a thread, up to {@link
 * #MAX_BUFFERED_CHARS} chars; longer keys allocate their encoding).
 */
abstract class AccessHasher implements KeyHasher {
  static final int MAX_BUFFERED_CHARS = 1024;

  private static final ThreadLocal<byte[]> UTF8_BUFFER =
      ThreadLocal.withInitial(() -> new byte[3 * MAX_BUFFERED_CHARS]);

  abstract <S> long hash(ByteAccess<S> access, S source, int offset, int length);

  @Override
  public final long hashBytes(byte[] bytes, int offset, int length) {
    Checks.notNull(bytes, "key");
    Checks.range(offset, length, bytes.length);
    return hash(ByteAccess.BYTES, bytes, offset, length);
  }

  @Override
  public final long hash(byte[] bytes) {
    Checks.notNull(bytes, "key");
    return hash(ByteAccess.BYTES, bytes, 0, bytes.length);
  }

  @Override
  public final long hash(CharSequence key) {
    Checks.notNull(key, "key");
    int length = key.length();
    if (length == 0 || key.charAt(0) < 0x80) {
      try {
        byte[] latin1 = key instanceof String ? StringBytes.latin1((String) key) : null;
        return latin1 != null
            ? hash(ByteAccess.ASCII_BYTES, latin1, 0, length)
            : hash(ByteAccess.ASCII, key, 0, length);
      } catch (ByteAccess.NotAscii e) {
        // a later char is not ASCII: hash the UTF-8 encoding instead
      }
    }
    return hashNonAscii(key, length);
  }

  private long hashNonAscii(CharSequence key, int length) {
    if (length > MAX_BUFFERED_CHARS) {
      byte[] utf8 = key.toString().getBytes(StandardCharsets.UTF_8);
      return hash(ByteAccess.BYTES, utf8, 0, utf8.length);
    }
    byte[] buffer = UTF8_BUFFER.get();
    int encoded = encodeUtf8(key, length, buffer);
    return hash(ByteAccess.BYTES, buffer, 0, encoded);
  }

  /**
   * Encodes {@code key} as UTF-8 into {@code out} (which holds at least 3 bytes per char) exactly
   * as {@link String#getBytes(java.nio.charset.Charset)} does, unpaired surrogates becoming {@code
   * '?'}; returns the number of bytes written.
   */
  static int encodeUtf8(CharSequence key, int length, byte[] out) {
    int p = 0;
    for (int i = 0; i < length; i++) {
      char c = key.charAt(i);
      if (c < 0x80) {
        out[p++] = (byte) c;
      } else if (c < 0x800) {
        out[p++] = (byte) (0xC0 | (c >> 6));
        out[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        char next = i + 1 < length ? key.charAt(i + 1) : 0;
        if (Character.isHighSurrogate(c) && Character.isLowSurrogate(next)) {
          int cp = Character.toCodePoint(c, next);
          out[p++] = (byte) (0xF0 | (cp >> 18));
          out[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          out[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          out[p++] = (byte) (0x80 | (cp & 0x3F));
          i++;
        } else {
          out[p++] = (byte) '?';
        }
      } else {
        out[p++] = (byte) (0xE0 | (c >> 12));
        out[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return p;
  }
}
