package io.github.scaleblocks.core.hash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dynatrace.hash4j.hashing.Hashing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the built-in hashers against independent implementations (hash4j for XXH3, Guava for
 * Murmur3) over every length class, and checks that the key forms agree with each other.
 */
class KeyHashersTest {
  private static final KeyHasher XXH3 = KeyHashers.xxh3();
  private static final KeyHasher MURMUR3 = KeyHashers.murmur3();

  @SuppressWarnings("deprecation") // murmur3_128 is Guava's stable reference for Murmur3 x64 128
  private static final com.google.common.hash.HashFunction GUAVA_MURMUR3 =
      com.google.common.hash.Hashing.murmur3_128();

  @Test
  void xxh3MatchesHash4jOnEveryLengthUpTo2100Bytes() {
    SplittableRandom random = new SplittableRandom(20261128L);
    for (int length = 0; length <= 2100; length++) {
      byte[] bytes = randomBytes(random, length);
      assertThat(XXH3.hash(bytes))
          .as("length %d", length)
          .isEqualTo(Hashing.xxh3_64().hashBytesToLong(bytes));
    }
  }

  @Test
  void xxh3MatchesHash4jOnLongInputsAcrossManyBlocks() {
    SplittableRandom random = new SplittableRandom(7);
    for (int length : new int[] {4096, 5000, 10_240, 65_537, 1 << 20}) {
      byte[] bytes = randomBytes(random, length);
      assertThat(XXH3.hash(bytes))
          .as("length %d", length)
          .isEqualTo(Hashing.xxh3_64().hashBytesToLong(bytes));
    }
  }

  @Test
  void murmur3MatchesGuavaOnEveryLengthUpTo300Bytes() {
    SplittableRandom random = new SplittableRandom(11);
    for (int length = 0; length <= 300; length++) {
      byte[] bytes = randomBytes(random, length);
      assertThat(MURMUR3.hash(bytes))
          .as("length %d", length)
          .isEqualTo(GUAVA_MURMUR3.hashBytes(bytes).asLong());
    }
  }

  @Test
  void murmur3MatchesGuavaHashStringAndHashLong() {
    for (String key :
        new String[] {"", "a", "user:42", "ünïcödé", "emoji 🎉 key", "x".repeat(100)}) {
      assertThat(MURMUR3.hash(key)).isEqualTo(GUAVA_MURMUR3.hashString(key, UTF_8).asLong());
    }
    for (long key :
        new long[] {0, 1, -1, 42, Long.MIN_VALUE, Long.MAX_VALUE, 0x0123456789ABCDEFL}) {
      assertThat(MURMUR3.hash(key)).isEqualTo(GUAVA_MURMUR3.hashLong(key).asLong());
    }
  }

  @Property(seed = "42")
  void stringHashEqualsHashOfItsUtf8Bytes(@ForAll @Size(max = 300) String key) {
    for (KeyHasher hasher : new KeyHasher[] {XXH3, MURMUR3}) {
      assertThat(hasher.hash(key)).isEqualTo(hasher.hash(key.getBytes(UTF_8)));
      assertThat(hasher.hash(new StringBuilder(key))).isEqualTo(hasher.hash(key));
    }
  }

  @Property(seed = "43")
  void nonAsciiStringsBeyondTheBufferEqualTheirUtf8Bytes(
      @ForAll @Size(min = 1025, max = 1500) String key) {
    String nonAscii = "é" + key;
    assertThat(XXH3.hash(nonAscii)).isEqualTo(XXH3.hash(nonAscii.getBytes(UTF_8)));
  }

  @Test
  void aNonAsciiCharAtAnyPositionOfAnyLengthIsHashedAsUtf8() {
    // The optimistic ASCII pass must notice a non-ASCII char wherever it stands; this holds only
    // if every hash reads every input byte, which this test checks for each length class.
    for (int length = 1; length <= 300; length++) {
      for (int position = 0; position < length; position++) {
        char[] chars = "k".repeat(length).toCharArray();
        chars[position] = position % 2 == 0 ? '\u00e9' : '\u4e2d';
        String key = new String(chars);
        byte[] utf8 = key.getBytes(UTF_8);
        assertThat(XXH3.hash(key))
            .as("length %d position %d", length, position)
            .isEqualTo(XXH3.hash(utf8));
        assertThat(MURMUR3.hash(key))
            .as("length %d position %d", length, position)
            .isEqualTo(MURMUR3.hash(utf8));
      }
    }
  }

  @Test
  void compactStringsAreReadInPlaceOnJdksBefore23() {
    // CI runs JDK 17: this pins that the fast path the benchmarks measure is the one tested here.
    assertThat(StringBytes.enabled()).isEqualTo(Runtime.version().feature() < 23);
    byte[] latin1 = StringBytes.latin1("abc");
    if (StringBytes.enabled()) {
      assertThat(latin1).containsExactly('a', 'b', 'c');
      assertThat(StringBytes.latin1("\u4e2d")).as("a UTF-16 string has no Latin-1 bytes").isNull();
    } else {
      assertThat(latin1).isNull();
    }
  }

  @Test
  void unpairedSurrogatesEncodeAsQuestionMarkLikeStringGetBytes() {
    String[] keys = {"\uD800", "a\uDC00b", "\uD83D\uDE00", "\uDE00\uD83D", "end\uD83D"};
    for (String key : keys) {
      assertThat(XXH3.hash(key)).as(key).isEqualTo(XXH3.hash(key.getBytes(UTF_8)));
    }
  }

  @Property(seed = "44")
  void longHashEqualsHashOfItsLittleEndianBytes(@ForAll long key) {
    byte[] bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(key).array();
    assertThat(XXH3.hash(key)).isEqualTo(XXH3.hash(bytes));
    assertThat(MURMUR3.hash(key)).isEqualTo(MURMUR3.hash(bytes));
  }

  @Test
  void hashBytesHonoursOffsetAndLength() {
    byte[] bytes = "xxhello worldyy".getBytes(UTF_8);
    assertThat(XXH3.hashBytes(bytes, 2, 11)).isEqualTo(XXH3.hash("hello world"));
    assertThat(MURMUR3.hashBytes(bytes, 2, 11)).isEqualTo(MURMUR3.hash("hello world"));
  }

  @Test
  void aUserHasherGetsConsistentKeyFormsFromTheDefaultMethods() {
    KeyHasher firstByte =
        (bytes, offset, length) -> length == 0 ? -1 : bytes[offset] + 31L * length;
    assertThat(firstByte.hash("abc")).isEqualTo(firstByte.hash("abc".getBytes(UTF_8)));
    assertThat(firstByte.hash(0x0102L)).isEqualTo(2 + 31L * 8);
  }

  @Test
  void badInputIsRejectedWithAClearMessage() {
    assertThatThrownBy(() -> XXH3.hash((String) nullValue()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key must not be null");
    assertThatThrownBy(() -> MURMUR3.hash((byte[]) nullValue()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key must not be null");
    assertThatThrownBy(() -> XXH3.hashBytes(new byte[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("range [offset 2, length 3] is outside an array of length 4");
    assertThatThrownBy(() -> XXH3.hashBytes(new byte[4], -1, 1))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("offset -1");
  }

  @SuppressWarnings({"TypeParameterUnusedInFormals", "NullAway"}) // feeds null to test rejection
  private static <T> T nullValue() {
    return null;
  }

  private static byte[] randomBytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
