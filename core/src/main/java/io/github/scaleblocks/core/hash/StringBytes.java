package io.github.scaleblocks.core.hash;

import java.lang.reflect.Field;
import org.jspecify.annotations.Nullable;

/**
 * Read-only access to the Latin-1 byte array inside a compact {@link String}, so an ASCII key is
 * hashed in place instead of char by char.
 *
 * <p>Design note: {@link String#charAt} costs about a nanosecond per char on the hot path, which
 * for a 64-char key is more than the hash itself, and every public bulk copy ({@code getChars},
 * {@code getBytes}) either allocates or was measured slower. Since JDK 9 a String whose chars are
 * all below 0x100 stores them as one byte each ({@code coder == 0}); for such a string that array
 * holds exactly the chars. This class reads the array and the coder with {@code sun.misc.Unsafe}
 * (two reads, never a write) and is used only where that is safe and quiet:
 *
 * <ul>
 *   <li>only on JDK 17 to 22: JDK 23 deprecated Unsafe's field access for removal and later
 *       releases warn on use, so there the callers read chars through {@code charAt} instead;
 *   <li>only if the runtime's String has the expected fields and a self-check at class load reads
 *       back a known string correctly; any surprise disables it for the life of the JVM.
 * </ul>
 *
 * Callers must still check that the bytes are ASCII (the array may hold Latin-1 chars 0x80–0xFF).
 */
final class StringBytes {
  private static final @Nullable Reader READER = createReader();

  private StringBytes() {}

  /**
   * The Latin-1 bytes of {@code s} (to be read, never written), or null when they are not
   * available: the string is not compact, or this runtime does not allow in-place access.
   */
  static byte @Nullable [] latin1(String s) {
    Reader reader = READER;
    return reader == null ? null : reader.latin1(s);
  }

  /** Whether in-place access is in use on this runtime. */
  static boolean enabled() {
    return READER != null;
  }

  private static @Nullable Reader createReader() {
    if (Runtime.version().feature() >= 23 || Boolean.getBoolean("scaleblocks.hash.noUnsafe")) {
      return null;
    }
    try {
      Reader reader = new Reader();
      String probe = new String(new char[] {'p', 'r', 'o', 'b', 'e'});
      byte[] bytes = reader.latin1(probe);
      if (bytes == null || bytes.length != 5 || bytes[0] != 'p' || bytes[4] != 'e') {
        return null;
      }
      return reader;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  @SuppressWarnings({"removal", "deprecation", "sunapi"}) // see the class design note
  private static final class Reader {
    private final sun.misc.Unsafe unsafe;
    private final long valueOffset;
    private final long coderOffset;

    Reader() throws ReflectiveOperationException {
      Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      theUnsafe.setAccessible(true);
      unsafe = (sun.misc.Unsafe) theUnsafe.get(null);
      Field value = String.class.getDeclaredField("value");
      Field coder = String.class.getDeclaredField("coder");
      if (value.getType() != byte[].class || coder.getType() != byte.class) {
        throw new NoSuchFieldException("String has an unexpected layout");
      }
      valueOffset = unsafe.objectFieldOffset(value);
      coderOffset = unsafe.objectFieldOffset(coder);
    }

    byte @Nullable [] latin1(String s) {
      if (unsafe.getByte(s, coderOffset) != 0) {
        return null;
      }
      return (byte[]) unsafe.getObject(s, valueOffset);
    }
  }
}
