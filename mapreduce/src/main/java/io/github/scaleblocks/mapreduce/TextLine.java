package io.github.scaleblocks.mapreduce;

import io.github.scaleblocks.core.internal.Checks;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of text as well-formed UTF-8 bytes, without its line ending: the record type of {@link
 * TextInputBuilder#buildLines()}, for mappers that work on bytes instead of a {@code String} per
 * line (Hadoop's {@code Text} plays the same role). A mapper can tokenise the bytes in place and
 * emit keys as byte slices with {@link MapContext#emitBytes}, so neither the line nor its words
 * become objects on the hot path.
 *
 * <p><b>A view, valid only during the call.</b> The engine's text input hands every {@link
 * Mapper#map} call the <em>same</em> instance, pointing into its read buffer: read {@link #array()}
 * between {@link #offset()} and {@code offset() + length()}, never write to it, and do not keep the
 * instance or the array after {@code map} returns ({@link #copy()} or {@link #toString()} if you
 * must). Not thread-safe.
 *
 * <p><b>Always well-formed UTF-8.</b> Every way to get a {@code TextLine} checks it: the text input
 * fails the task on malformed UTF-8 with an error naming the file and the line's byte offset (as
 * the {@code String} input does), {@link #of(byte[], int, int)} throws naming the byte offset. So a
 * mapper may decode the bytes without checking them, and {@link #toString()} equals what the {@code
 * String} input gives for the same line. Well-formed means what the JDK's strict UTF-8 decoder
 * accepts: no overlong forms, no encoded surrogates, nothing above U+10FFFF.
 */
public final class TextLine {
  private static final byte[] EMPTY = {};
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] bytes;
  private int offset;
  private int length;
  private boolean ascii;

  TextLine() {
    bytes = EMPTY;
  }

  private TextLine(byte[] bytes, int offset, int length, boolean ascii) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
    this.ascii = ascii;
  }

  /** Points this view at a checked line (the engine's text input). */
  void set(byte[] bytes, int offset, int length, boolean ascii) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
    this.ascii = ascii;
  }

  /**
   * A line holding {@code text}'s UTF-8 encoding (a new array). An unpaired surrogate in {@code
   * text}, which UTF-8 cannot encode, becomes {@code '?'}, as in {@link String#getBytes}.
   */
  public static TextLine of(String text) {
    Checks.notNull(text, "text");
    byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
    return new TextLine(encoded, 0, encoded.length, isAscii(encoded, 0, encoded.length));
  }

  /**
   * A line holding a copy of {@code utf8[offset, offset + length)}.
   *
   * @throws IllegalArgumentException if the bytes are not well-formed UTF-8 (the message names the
   *     first malformed byte's offset)
   */
  public static TextLine of(byte[] utf8, int offset, int length) {
    Checks.notNull(utf8, "utf8");
    Objects.checkFromIndexSize(offset, length, utf8.length);
    byte[] copy = Arrays.copyOfRange(utf8, offset, offset + length);
    int malformed = firstMalformed(copy, 0, copy.length);
    Checks.argument(
        malformed < 0,
        "malformed UTF-8 at byte " + (offset + malformed) + " of the given " + length + " bytes");
    return new TextLine(copy, 0, copy.length, isAscii(copy, 0, copy.length));
  }

  /** The backing array; the line is {@code array()[offset(), offset() + length())}. Read only. */
  public byte[] array() {
    return bytes;
  }

  /** Where the line starts in {@link #array()}. */
  public int offset() {
    return offset;
  }

  /** The line's length in bytes (not characters). */
  public int length() {
    return length;
  }

  /** The byte at {@code index} of the line, {@code 0 <= index < length()}. */
  public byte byteAt(int index) {
    Objects.checkIndex(index, length);
    return bytes[offset + index];
  }

  /** Whether every byte is ASCII (below 0x80): then one byte is one character. */
  public boolean isAscii() {
    return ascii;
  }

  /** An independent copy, safe to keep after the {@code map} call. */
  public TextLine copy() {
    return new TextLine(Arrays.copyOfRange(bytes, offset, offset + length), 0, length, ascii);
  }

  /** The line decoded (exactly: the bytes are well-formed). Allocates a new {@code String}. */
  @Override
  public String toString() {
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  /** Equal when the bytes are equal (a mutable view: do not use it as a map key). */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof TextLine that
        && Arrays.equals(
            bytes, offset, offset + length, that.bytes, that.offset, that.offset + that.length);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = offset; i < offset + length; i++) {
      h = 31 * h + bytes[i];
    }
    return h;
  }

  static boolean isAscii(byte[] bytes, int from, int to) {
    int i = from;
    long or = 0;
    for (; i + 8 <= to; i += 8) {
      or |= (long) LONGS.get(bytes, i);
    }
    for (; i < to; i++) {
      or |= bytes[i];
    }
    return (or & 0x8080808080808080L) == 0;
  }

  /** What {@link #check} returns for bytes that are all ASCII. */
  static final int ASCII = -1;

  /** What {@link #check} returns for well-formed UTF-8 that is not all ASCII. */
  static final int WELL_FORMED = -2;

  /**
   * {@link #isAscii} and {@link #firstMalformed} in one pass: {@link #ASCII}, {@link #WELL_FORMED},
   * or the index of the first byte of the first malformed sequence.
   */
  static int check(byte[] bytes, int from, int to) {
    int i = from;
    while (i + 8 <= to && ((long) LONGS.get(bytes, i) & 0x8080808080808080L) == 0) {
      i += 8;
    }
    while (i < to && bytes[i] >= 0) {
      i++;
    }
    if (i == to) {
      return ASCII;
    }
    int bad = firstMalformed(bytes, i, to);
    return bad < 0 ? WELL_FORMED : bad;
  }

  /**
   * The index of the first byte of the first malformed sequence in {@code bytes[from, to)}, or -1
   * when they are well-formed UTF-8 (as the JDK's strict decoder defines it: shortest form only, no
   * surrogates, at most U+10FFFF).
   */
  static int firstMalformed(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      int b;
      if (i + 8 <= to) {
        long high = (long) LONGS.get(bytes, i) & 0x8080808080808080L;
        if (high == 0) {
          i += 8; // eight ASCII bytes
          continue;
        }
        i += Long.numberOfTrailingZeros(high) >>> 3; // past the ASCII bytes before the first other
        b = bytes[i] & 0xFF;
      } else {
        b = bytes[i];
        if (b >= 0) {
          i++;
          continue;
        }
        b &= 0xFF;
      }
      int need;
      int min = 0x80;
      int max = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        if (b == 0xE0) {
          min = 0xA0; // no overlong forms
        } else if (b == 0xED) {
          max = 0x9F; // no surrogates
        }
      } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        if (b == 0xF0) {
          min = 0x90;
        } else if (b == 0xF4) {
          max = 0x8F; // nothing above U+10FFFF
        }
      } else {
        return i;
      }
      if (to - i <= need) {
        return i;
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < min || second > max) {
        return i;
      }
      for (int k = 2; k <= need; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return i;
        }
      }
      i += need + 1;
    }
    return -1;
  }
}
