package io.github.scaleblocks.core.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the built-in hashers forever. Shard placement and data on disk depend on these values: a
 * failure here means a change would move every key of every user. Never update a value to make this
 * pass. The XXH3 value of the empty input is the one published with xxHash itself.
 */
class GoldenValuesTest {

  static Stream<Arguments> strings() {
    return Stream.of(
        Arguments.of("", 0x2D06800538D394C2L, 0x0000000000000000L),
        Arguments.of("a", 0xE6C632B61E964E1FL, 0x85555565F6597889L),
        Arguments.of("abc", 0x78AF5F94892F3950L, 0xB4963F3F3FAD7867L),
        Arguments.of("user:1001", 0x783864580EE66E90L, 0x3E66FCF0DAE4C87CL),
        Arguments.of("0123456789abcdef", 0x64439946D8FA212DL, 0x4BE06D94CF4AD1A7L),
        Arguments.of(
            "https://example.com/some/long/path?query=string&x=1234567890abcdefgh",
            0x450C28C3CB7405CEL,
            0x97086F50E12B7DFCL),
        Arguments.of("ключ", 0x9A137C08C1E55EDEL, 0xF66070F271AB02C3L),
        Arguments.of("🎉party", 0x06A8A950ACD3E29CL, 0x5328D36F3F176CA0L),
        Arguments.of("x".repeat(200), 0x50EF124FB1E4DE53L, 0x141787AE90808340L),
        Arguments.of("k".repeat(1000), 0x308CE2F421066779L, 0xFA9803EA3CC5D35AL));
  }

  @ParameterizedTest
  @MethodSource("strings")
  void stringKeysHashToTheirPinnedValues(String key, long xxh3, long murmur3) {
    assertThat(KeyHashers.xxh3().hash(key)).isEqualTo(xxh3);
    assertThat(KeyHashers.murmur3().hash(key)).isEqualTo(murmur3);
  }

  static Stream<Arguments> longs() {
    return Stream.of(
        Arguments.of(0L, 0xC77B3ABB6F87ACD9L, 0x28DF63B7CC57C3CBL),
        Arguments.of(42L, 0xD5A6F8C838DF27C8L, 0xB6ACC39989D27DF8L),
        Arguments.of(-1L, 0x5111C7E47D784413L, 0xA0E4B27A1ABAED73L));
  }

  @ParameterizedTest
  @MethodSource("longs")
  void longKeysHashToTheirPinnedValues(long key, long xxh3, long murmur3) {
    assertThat(KeyHashers.xxh3().hash(key)).isEqualTo(xxh3);
    assertThat(KeyHashers.murmur3().hash(key)).isEqualTo(murmur3);
  }

  @org.junit.jupiter.api.Test
  void theDefaultHasherIsXxh3() {
    assertThat(KeyHashers.defaultHasher()).isSameAs(KeyHashers.xxh3());
  }
}
