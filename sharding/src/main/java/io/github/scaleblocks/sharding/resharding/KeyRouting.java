package io.github.scaleblocks.sharding.resharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.sharding.ShardRouter;
import java.util.function.Function;

/**
 * How keys of type {@code K} are routed, fingerprinted and named: the one place a plan or a
 * migration learns about the key type. The built-ins route exactly as the matching {@link
 * ShardRouter#route} overload does, so a {@code long} key here lands where {@code route(long)} puts
 * it.
 *
 * <p>Implementations must be stateless and thread-safe, and {@link #fingerprint} must be the same
 * in every process (a checkpoint written by one process is read by the next). Cost: one routing
 * call or one hash per use; nothing is allocated by the built-ins except by {@link #describe}.
 *
 * @param <K> the key type
 */
public interface KeyRouting<K> {

  /** The node of {@code router} that owns {@code key}. */
  <T> Node<T> route(ShardRouter<T> router, K key);

  /** A stable 64-bit hash of the key, used to identify batches in a checkpoint. */
  long fingerprint(K key);

  /** The key as it should appear in error messages and events. */
  default String describe(K key) {
    return String.valueOf(key);
  }

  /** String keys, routed as their UTF-8 bytes by {@link ShardRouter#route(CharSequence)}. */
  static KeyRouting<String> strings() {
    return KeyRoutings.STRINGS;
  }

  /** Long keys, routed by {@link ShardRouter#route(long)}. */
  static KeyRouting<Long> longs() {
    return KeyRoutings.LONGS;
  }

  /** Byte-array keys, routed by {@link ShardRouter#route(byte[])}; described in hex. */
  static KeyRouting<byte[]> bytes() {
    return KeyRoutings.BYTES;
  }

  /**
   * Keys of any type, routed as the string {@code toRoutingKey} makes of them (a UUID's canonical
   * form, an order's "tenant:id"). The function must be pure and must not return null.
   */
  static <K> KeyRouting<K> byString(Function<? super K, String> toRoutingKey) {
    return new KeyRoutings.ByString<>(Checks.notNull(toRoutingKey, "toRoutingKey"));
  }
}
