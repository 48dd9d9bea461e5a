package io.github.scaleblocks.caching.redis;

/**
 * Turns cache values into the bytes stored in Redis, and back. Built in: {@link #utf8()} and {@link
 * #bytes()}; a user's own (JSON, Protobuf, Kryo) implements the two methods.
 *
 * @param <V> the value type
 */
public interface ValueCodec<V> {

  /** The stored form of {@code value}. */
  byte[] encode(V value);

  /** The value stored as {@code bytes}. */
  V decode(byte[] bytes);

  /** Strings as UTF-8. */
  static ValueCodec<String> utf8() {
    return BuiltInCodecs.UTF8;
  }

  /** Byte arrays as they are (not copied: do not change an array after putting it). */
  static ValueCodec<byte[]> bytes() {
    return BuiltInCodecs.BYTES;
  }
}
