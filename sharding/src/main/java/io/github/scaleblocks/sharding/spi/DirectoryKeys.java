package io.github.scaleblocks.sharding.spi;

import io.github.scaleblocks.core.internal.Checks;

/**
 * The canonical directory key: the one string form under which a {@link DirectoryStore} records a
 * key, whichever of the three key types the caller routed with.
 *
 * <ul>
 *   <li>A {@link CharSequence} is its own characters, unchanged: {@code "user:42"}.
 *   <li>A {@code long} is its signed decimal form: {@code 42L} is {@code "42"}, {@code -7L} is
 *       {@code "-7"}.
 *   <li>A {@code byte[]} is {@code "0x"} followed by two lowercase hex digits per byte: {@code
 *       {0x0a, (byte) 0xff}} is {@code "0x0aff"}, the empty array is {@code "0x"}.
 * </ul>
 *
 * <p>The three forms share one key space, so a directory reads keys by value: the string {@code
 * "42"} and the long {@code 42} are the same entry, and so are the string {@code "0x0aff"} and the
 * bytes {@code {0x0a, 0xff}}. A long never collides with a byte array (decimal never starts with
 * {@code 0x}). Use one key form per kind of key, or strings that cannot look like the other forms.
 *
 * <p>A canonical key is at most {@link #MAX_LENGTH} chars (so byte arrays of at most 255 bytes),
 * has no U+0000 and no unpaired surrogate: those cannot be stored faithfully in PostgreSQL's text
 * types (a lone surrogate would be replaced, silently merging two keys). Conversion is O(key
 * length) and allocates the string for longs and byte arrays.
 */
public final class DirectoryKeys {
  /** The longest canonical key, in chars; stores must hold keys at least this long. */
  public static final int MAX_LENGTH = 512;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private DirectoryKeys() {}

  /**
   * The canonical key of a string key: its characters, checked against the rules in the class
   * description.
   *
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if the key is too long, holds U+0000 or an unpaired surrogate
   */
  public static String of(CharSequence key) {
    Checks.notNull(key, "key");
    String text = key.toString();
    check(text);
    return text;
  }

  /** The canonical key of a long key: its signed decimal form. */
  public static String of(long key) {
    return Long.toString(key);
  }

  /**
   * The canonical key of a byte-array key: {@code "0x"} and lowercase hex.
   *
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if it has more than 255 bytes
   */
  public static String of(byte[] key) {
    Checks.notNull(key, "key");
    int maxBytes = (MAX_LENGTH - 2) / 2;
    if (key.length > maxBytes) {
      throw new IllegalArgumentException(
          "a byte[] directory key may have at most " + maxBytes + " bytes but had " + key.length);
    }
    char[] chars = new char[2 + 2 * key.length];
    chars[0] = '0';
    chars[1] = 'x';
    for (int i = 0; i < key.length; i++) {
      chars[2 + 2 * i] = HEX[(key[i] >>> 4) & 0xF];
      chars[3 + 2 * i] = HEX[key[i] & 0xF];
    }
    return new String(chars);
  }

  /**
   * Checks that {@code key} is a valid canonical key (stores call this on their inputs) and returns
   * it.
   *
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException naming the problem and its index otherwise
   */
  public static String check(String key) {
    Checks.notNull(key, "key");
    if (key.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a directory key may have at most " + MAX_LENGTH + " chars but had " + key.length());
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '\u0000') {
        throw new IllegalArgumentException("directory key has U+0000 at index " + i);
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < key.length()
          && Character.isLowSurrogate(key.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("directory key has an unpaired surrogate at index " + i);
      }
    }
    return key;
  }
}
