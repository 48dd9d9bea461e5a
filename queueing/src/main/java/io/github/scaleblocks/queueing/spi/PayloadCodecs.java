package io.github.scaleblocks.queueing.spi;

import io.github.scaleblocks.core.internal.Checks;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The built-in {@link PayloadCodec}s. */
public final class PayloadCodecs {
  private PayloadCodecs() {}

  /**
   * Strings as UTF-8. A string that is not valid UTF-16 (a lone surrogate) is refused instead of
   * being stored with a replacement character.
   */
  public static PayloadCodec<String> utf8() {
    return Utf8.INSTANCE;
  }

  /** Byte arrays as they are (copied on both ways, so the caller may reuse its array). */
  public static PayloadCodec<byte[]> bytes() {
    return Bytes.INSTANCE;
  }

  private enum Utf8 implements PayloadCodec<String> {
    INSTANCE;

    @Override
    public byte[] encode(String payload) {
      Checks.notNull(payload, "payload");
      try {
        ByteBuffer buffer =
            StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(payload));
        return Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException(
            "payload is not valid UTF-16 (a lone surrogate?) and cannot be encoded as UTF-8", e);
      }
    }

    @Override
    public String decode(byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "PayloadCodecs.utf8()";
    }
  }

  private enum Bytes implements PayloadCodec<byte[]> {
    INSTANCE;

    @Override
    public byte[] encode(byte[] payload) {
      return Checks.notNull(payload, "payload").clone();
    }

    @Override
    public byte[] decode(byte[] bytes) {
      return bytes.clone();
    }

    @Override
    public String toString() {
      return "PayloadCodecs.bytes()";
    }
  }
}
