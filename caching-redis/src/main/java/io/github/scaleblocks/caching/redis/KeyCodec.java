package io.github.scaleblocks.caching.redis;

import io.github.scaleblocks.core.internal.Checks;
import java.util.function.Function;

/**
 * Turns cache keys into the strings Redis keys and invalidation messages carry, and back (an
 * instance receiving an invalidation must find the key in its L1). {@code decode(encode(k))} must
 * equal {@code k}.
 *
 * @param <K> the key type
 */
public interface KeyCodec<K> {

  /** The string form of {@code key}. */
  String encode(K key);

  /** The key whose string form is {@code encoded}. */
  K decode(String encoded);

  /** String keys as they are. */
  static KeyCodec<String> strings() {
    return of(Function.identity(), Function.identity());
  }

  /** A codec from two functions, e.g. {@code KeyCodec.of(String::valueOf, Long::valueOf)}. */
  static <K> KeyCodec<K> of(Function<? super K, String> encode, Function<String, K> decode) {
    Checks.notNull(encode, "encode");
    Checks.notNull(decode, "decode");
    return new KeyCodec<>() {
      @Override
      public String encode(K key) {
        return encode.apply(key);
      }

      @Override
      public K decode(String encoded) {
        return decode.apply(encoded);
      }
    };
  }
}
