package io.github.scaleblocks.core.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian reads from a byte source, so one hash implementation serves byte arrays and ASCII
 * character sequences without copying. Offsets are trusted: callers check ranges once up front.
 */
abstract class ByteAccess<S> {

  /** Reads 8 bytes at {@code offset} as a little-endian long. */
  abstract long i64(S source, int offset);

  /** Reads 4 bytes at {@code offset} as an unsigned little-endian int. */
  abstract long u32(S source, int offset);

  /** Reads the byte at {@code offset}, unsigned. */
  abstract int u8(S source, int offset);

  static final ByteAccess<byte[]> BYTES = new ArrayAccess();

  /**
   * Reads a {@link CharSequence} one byte per char, throwing {@link NotAscii} at a char of 0x80 or
   * more; for ASCII chars the bytes read are the UTF-8 encoding.
   */
  static final ByteAccess<CharSequence> ASCII = new AsciiAccess();

  /**
   * Reads a Latin-1 byte array (a compact string's), throwing {@link NotAscii} at a byte of 0x80 or
   * more; for ASCII the bytes are the UTF-8 encoding.
   */
  static final ByteAccess<byte[]> ASCII_BYTES = new AsciiBytesAccess();

  private static final class ArrayAccess extends ByteAccess<byte[]> {
    private static final VarHandle LONG =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT =
        MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    @Override
    long i64(byte[] source, int offset) {
      return (long) LONG.get(source, offset);
    }

    @Override
    long u32(byte[] source, int offset) {
      return Integer.toUnsignedLong((int) INT.get(source, offset));
    }

    @Override
    int u8(byte[] source, int offset) {
      return source[offset] & 0xFF;
    }
  }

  /**
   * Thrown by the ASCII readers on meeting a char of 0x80 or more. Preallocated and without a stack
   * trace: it is control flow for the rare non-ASCII key, not an error.
   */
  static final class NotAscii extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final NotAscii INSTANCE = new NotAscii();

    private NotAscii() {
      super("key is not ASCII", null, false, false);
    }
  }

  /**
   * The ASCII readers check as they read: the hash functions read every byte of their input at
   * least once, so a key that hashes without {@link NotAscii} was ASCII and the bytes read were its
   * UTF-8. The check costs one OR and one branch per read, where a separate scan of the key would
   * read every char twice.
   */
  private static final class AsciiBytesAccess extends ByteAccess<byte[]> {
    private static final long HIGH_BITS = 0x8080808080808080L;

    @Override
    long i64(byte[] source, int offset) {
      long word = BYTES.i64(source, offset);
      if ((word & HIGH_BITS) != 0) {
        throw NotAscii.INSTANCE;
      }
      return word;
    }

    @Override
    long u32(byte[] source, int offset) {
      long word = BYTES.u32(source, offset);
      if ((word & HIGH_BITS) != 0) {
        throw NotAscii.INSTANCE;
      }
      return word;
    }

    @Override
    int u8(byte[] source, int offset) {
      int b = source[offset];
      if (b < 0) {
        throw NotAscii.INSTANCE;
      }
      return b;
    }
  }

  private static final class AsciiAccess extends ByteAccess<CharSequence> {
    @Override
    long i64(CharSequence s, int i) {
      long c0 = s.charAt(i);
      long c1 = s.charAt(i + 1);
      long c2 = s.charAt(i + 2);
      long c3 = s.charAt(i + 3);
      long c4 = s.charAt(i + 4);
      long c5 = s.charAt(i + 5);
      long c6 = s.charAt(i + 6);
      long c7 = s.charAt(i + 7);
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) >= 0x80) {
        throw NotAscii.INSTANCE;
      }
      return c0 | c1 << 8 | c2 << 16 | c3 << 24 | c4 << 32 | c5 << 40 | c6 << 48 | c7 << 56;
    }

    @Override
    long u32(CharSequence s, int i) {
      long c0 = s.charAt(i);
      long c1 = s.charAt(i + 1);
      long c2 = s.charAt(i + 2);
      long c3 = s.charAt(i + 3);
      if ((c0 | c1 | c2 | c3) >= 0x80) {
        throw NotAscii.INSTANCE;
      }
      return c0 | c1 << 8 | c2 << 16 | c3 << 24;
    }

    @Override
    int u8(CharSequence s, int i) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        throw NotAscii.INSTANCE;
      }
      return c;
    }
  }
}
