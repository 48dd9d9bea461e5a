package io.github.scaleblocks.caching;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Guards the shape the hit path's speed depends on (docs/benchmarks.md, caching): C2 inlines a hot
 * callee only up to {@code FreqInlineSize} (325 bytes of bytecode by default), and {@code get}'s
 * miss path must stay above it, or C2 inlines it into {@code get} once a service has missed a
 * hundred times, the compiled {@code get} grows too big to be inlined into its callers, and every
 * hit pays a call. The fast path of {@code get} itself must stay small enough to inline.
 */
class HitPathShapeTest {
  private static final int FREQ_INLINE_SIZE = 325;

  @Test
  void theMissPathIsTooBigForC2ToInlineAndTheHitPathIsNot() throws IOException {
    Map<String, Integer> sizes = bytecodeSizes(DefaultCacheAside.class);

    assertThat(sizes.get("slow")).as("bytecode size of slow").isGreaterThan(FREQ_INLINE_SIZE);
    assertThat(sizes.get("get")).as("bytecode size of get").isLessThan(FREQ_INLINE_SIZE / 2);
  }

  /** Each method's bytecode length by name (the largest, for overloaded names). */
  private static Map<String, Integer> bytecodeSizes(Class<?> type) throws IOException {
    String resource = type.getSimpleName() + ".class";
    try (InputStream raw = Objects.requireNonNull(type.getResourceAsStream(resource), resource);
        DataInputStream in = new DataInputStream(raw)) {
      in.readInt(); // magic
      in.readInt(); // minor and major version
      int constants = in.readUnsignedShort();
      String[] utf8 = new String[constants];
      for (int i = 1; i < constants; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
          case 15 -> in.skipNBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
          case 5, 6 -> {
            in.skipNBytes(8);
            i++; // longs and doubles take two entries
          }
          default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
        }
      }
      in.skipNBytes(6); // access flags, this class, super class
      in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
      int fields = in.readUnsignedShort();
      for (int f = 0; f < fields; f++) {
        in.skipNBytes(6);
        skipAttributes(in);
      }
      Map<String, Integer> sizes = new HashMap<>();
      int methods = in.readUnsignedShort();
      for (int m = 0; m < methods; m++) {
        in.skipNBytes(2);
        String name = utf8[in.readUnsignedShort()];
        in.skipNBytes(2);
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
          String attribute = utf8[in.readUnsignedShort()];
          int length = in.readInt();
          if ("Code".equals(attribute)) {
            in.skipNBytes(4); // max stack, max locals
            int codeLength = in.readInt();
            sizes.merge(name, codeLength, Math::max);
            in.skipNBytes(length - 8L);
          } else {
            in.skipNBytes(length);
          }
        }
      }
      return sizes;
    }
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attributes = in.readUnsignedShort();
    for (int a = 0; a < attributes; a++) {
      in.skipNBytes(2);
      in.skipNBytes(in.readInt() & 0xFFFFFFFFL);
    }
  }
}
