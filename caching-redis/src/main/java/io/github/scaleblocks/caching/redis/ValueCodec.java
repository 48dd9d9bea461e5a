package io.github.scaleblocks.caching.redis;

import io.github.scaleblocks.core.internal.Checks;
import java.util.function.Function;

/**
 * Turns cache values into the bytes stored in Redis, and back. Built in: {@link #utf8()}, {@link
 * #bytes()} and {@link #text} (any value with a text form); a user's own (JSON, Protobuf, Kryo)
 * implements the two methods.
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

  /**
   * Values stored as UTF-8 text through two functions, e.g. {@code ValueCodec.text(Money::toString,
   * Money::parse)}; {@code fromText(toText(v))} must equal {@code v}. For a value with a compact
   * text form this saves writing a codec class.
   */
  static <V> ValueCodec<V> text(
      Function<? super V, String> toText, Function<String, ? extends V> fromText) {
    Checks.notNull(toText, "toText");
    Checks.notNull(fromText, "fromText");
    return new ValueCodec<>() {
      @Override
      public byte[] encode(V value) {
        return BuiltInCodecs.UTF8.encode(toText.apply(value));
      }

      @Override
      public V decode(byte[] bytes) {
        return fromText.apply(BuiltInCodecs.UTF8.decode(bytes));
      }
    };
  }

  /** Byte arrays as they are (not copied: do not change an array after putting it). */
  static ValueCodec<byte[]> bytes() {
    return BuiltInCodecs.BYTES;
  }
}
