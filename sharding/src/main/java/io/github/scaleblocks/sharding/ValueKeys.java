package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.internal.Checks;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Key parsing shared by the routers that read a key's value instead of hashing it. */
final class ValueKeys {
  /** Keys longer than this are cut in error messages, so a huge key cannot flood a log. */
  private static final int MAX_QUOTED = 100;

  private ValueKeys() {}

  /**
   * The text of a {@code byte[]} key: its strict UTF-8 decoding. Malformed bytes are rejected,
   * never replaced, because a replacement character would silently route a different value.
   */
  static String decode(byte[] key) {
    Checks.notNull(key, "key");
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(key))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "key bytes are not valid UTF-8 text (" + key.length + " bytes)", e);
    }
  }

  /** Whether {@code key} is an optional '+' or '-' followed by one or more ASCII digits. */
  static boolean isDecimal(CharSequence key) {
    int length = key.length();
    int start = length > 0 && (key.charAt(0) == '+' || key.charAt(0) == '-') ? 1 : 0;
    if (start == length) {
      return false;
    }
    for (int i = start; i < length; i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * The value of a decimal key in the {@code long} range; anything else is rejected naming the key.
   */
  static long parseLong(CharSequence key) {
    Checks.notNull(key, "key");
    if (!isDecimal(key)) {
      throw notDecimal(key);
    }
    try {
      return Long.parseLong(key, 0, key.length(), 10);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "key "
              + quote(key)
              + " is outside the long range ["
              + Long.MIN_VALUE
              + ", "
              + Long.MAX_VALUE
              + "]",
          e);
    }
  }

  /** {@code key mod modulus} in 0..modulus-1 (floor modulo) for a decimal key of any length. */
  static int floorMod(CharSequence key, int modulus) {
    Checks.notNull(key, "key");
    if (!isDecimal(key)) {
      throw notDecimal(key);
    }
    if (key.length() <= 18) { // at most 17 digits and a sign, or 18 digits: always a long
      return Math.floorMod(Long.parseLong(key, 0, key.length(), 10), modulus);
    }
    return new BigInteger(key.toString()).mod(BigInteger.valueOf(modulus)).intValue();
  }

  static IllegalArgumentException notDecimal(CharSequence key) {
    return new IllegalArgumentException(
        "key "
            + quote(key)
            + " is not a decimal integer (an optional sign and ASCII digits, nothing else)");
  }

  /** The key in single quotes, cut after 100 chars. */
  static String quote(CharSequence key) {
    if (key.length() <= MAX_QUOTED) {
      return "'" + key + "'";
    }
    return "'" + key.subSequence(0, MAX_QUOTED) + "...' (" + key.length() + " chars)";
  }
}
