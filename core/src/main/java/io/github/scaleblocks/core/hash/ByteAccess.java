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

  /** Reads a {@link CharSequence} whose chars are all below 0x80, one byte per char (its UTF-8). */
  static final ByteAccess<CharSequence> ASCII = new AsciiAccess();

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

  private static final class AsciiAccess extends ByteAccess<CharSequence> {
    @Override
    long i64(CharSequence s, int i) {
      return (long) s.charAt(i)
          | (long) s.charAt(i + 1) << 8
          | (long) s.charAt(i + 2) << 16
          | (long) s.charAt(i + 3) << 24
          | (long) s.charAt(i + 4) << 32
          | (long) s.charAt(i + 5) << 40
          | (long) s.charAt(i + 6) << 48
          | (long) s.charAt(i + 7) << 56;
    }

    @Override
    long u32(CharSequence s, int i) {
      return (long) s.charAt(i)
          | (long) s.charAt(i + 1) << 8
          | (long) s.charAt(i + 2) << 16
          | (long) s.charAt(i + 3) << 24;
    }

    @Override
    int u8(CharSequence s, int i) {
      return s.charAt(i);
    }
  }
}
