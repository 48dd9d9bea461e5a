package io.github.scaleblocks.caching.redis;

import java.nio.charset.StandardCharsets;

/** The built-in codecs. */
final class BuiltInCodecs {
  private BuiltInCodecs() {}

  static final ValueCodec<String> UTF8 =
      new ValueCodec<>() {
        @Override
        public byte[] encode(String value) {
          return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
          return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
          return "ValueCodec.utf8()";
        }
      };

  static final ValueCodec<byte[]> BYTES =
      new ValueCodec<>() {
        @Override
        public byte[] encode(byte[] value) {
          return value;
        }

        @Override
        public byte[] decode(byte[] bytes) {
          return bytes;
        }

        @Override
        public String toString() {
          return "ValueCodec.bytes()";
        }
      };
}
