package io.github.scaleblocks.sharding.resharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.hash.KeyHasher;
import io.github.scaleblocks.core.hash.KeyHashers;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.sharding.ShardRouter;
import java.util.HexFormat;
import java.util.function.Function;

/** The built-in {@link KeyRouting}s. Fingerprints are XXH3-64, frozen across releases. */
final class KeyRoutings {
  private static final KeyHasher HASH = KeyHashers.xxh3();

  private KeyRoutings() {}

  static final KeyRouting<String> STRINGS =
      new KeyRouting<>() {
        @Override
        public <T> Node<T> route(ShardRouter<T> router, String key) {
          return router.route(Checks.notNull(key, "key"));
        }

        @Override
        public long fingerprint(String key) {
          return HASH.hash(key);
        }

        @Override
        public String toString() {
          return "KeyRouting.strings()";
        }
      };

  static final KeyRouting<Long> LONGS =
      new KeyRouting<>() {
        @Override
        public <T> Node<T> route(ShardRouter<T> router, Long key) {
          return router.route(Checks.notNull(key, "key").longValue());
        }

        @Override
        public long fingerprint(Long key) {
          return HASH.hash(key.longValue());
        }

        @Override
        public String toString() {
          return "KeyRouting.longs()";
        }
      };

  static final KeyRouting<byte[]> BYTES =
      new KeyRouting<>() {
        @Override
        public <T> Node<T> route(ShardRouter<T> router, byte[] key) {
          return router.route(Checks.notNull(key, "key"));
        }

        @Override
        public long fingerprint(byte[] key) {
          return HASH.hash(key);
        }

        @Override
        public String describe(byte[] key) {
          return "0x" + HexFormat.of().formatHex(key);
        }

        @Override
        public String toString() {
          return "KeyRouting.bytes()";
        }
      };

  static final class ByString<K> implements KeyRouting<K> {
    private final Function<? super K, String> toRoutingKey;

    ByString(Function<? super K, String> toRoutingKey) {
      this.toRoutingKey = toRoutingKey;
    }

    private String routingKey(K key) {
      return Checks.notNull(
          toRoutingKey.apply(Checks.notNull(key, "key")), "routing key of " + key);
    }

    @Override
    public <T> Node<T> route(ShardRouter<T> router, K key) {
      return router.route(routingKey(key));
    }

    @Override
    public long fingerprint(K key) {
      return HASH.hash(routingKey(key));
    }

    @Override
    public String describe(K key) {
      return routingKey(key);
    }

    @Override
    public String toString() {
      return "KeyRouting.byString(" + toRoutingKey + ")";
    }
  }
}
