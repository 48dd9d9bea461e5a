package io.github.scaleblocks.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TextLineTest {

  static boolean jdkAccepts(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** Bytes biased towards UTF-8 lead and continuation bytes and the edge cases of each form. */
  @Provide
  Arbitrary<byte[]> utf8ish() {
    Arbitrary<Byte> interesting =
        Arbitraries.of(
                0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
                0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF)
            .map(Integer::byteValue);
    return Arbitraries.oneOf(interesting, Arbitraries.bytes()).array(byte[].class).ofMaxSize(12);
  }

  /** The validator accepts exactly what the JDK's strict decoder accepts. */
  @Property(tries = 20_000, seed = "7")
  void wellFormedMeansWhatTheJdkAccepts(@ForAll("utf8ish") byte[] bytes) {
    boolean ours = TextLine.firstMalformed(bytes, 0, bytes.length) < 0;
    assertThat(ours).as("bytes %s", java.util.Arrays.toString(bytes)).isEqualTo(jdkAccepts(bytes));
  }

  @Property(tries = 1000)
  void ofStringRoundTrips(@ForAll String text) {
    TextLine line = TextLine.of(text);
    String expected = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    assertThat(line.toString()).isEqualTo(expected);
    assertThat(line.isAscii()).isEqualTo(expected.chars().allMatch(c -> c < 0x80));
    assertThat(TextLine.firstMalformed(line.array(), line.offset(), line.length())).isEqualTo(-1);
  }

  @Test
  void aSliceIsCopiedAndComparedByContent() {
    byte[] bytes = "xxhé!yy".getBytes(StandardCharsets.UTF_8);
    TextLine line = TextLine.of(bytes, 2, 4);
    bytes[2] = 'Z';
    assertThat(line.toString()).isEqualTo("hé!");
    assertThat(line.length()).isEqualTo(4);
    assertThat(line.byteAt(0)).isEqualTo((byte) 'h');
    assertThat(line.isAscii()).isFalse();
    assertThat(line).isEqualTo(TextLine.of("hé!")).hasSameHashCodeAs(TextLine.of("hé!"));
    assertThat(line.copy()).isEqualTo(line);
    assertThatThrownBy(() -> line.byteAt(4)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void malformedBytesAreRejectedNamingTheOffset() {
    byte[] bytes = {'a', 'b', (byte) 0xC3, 'c'};
    assertThatThrownBy(() -> TextLine.of(bytes, 0, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed UTF-8 at byte 2");
    byte[] surrogate = {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
    assertThatThrownBy(() -> TextLine.of(surrogate, 0, 4)).hasMessageContaining("at byte 1");
    assertThatThrownBy(() -> TextLine.of(bytes, 3, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void theUtf8KeyDecoderIsStrict() {
    byte[] bytes = "été".getBytes(StandardCharsets.UTF_8);
    assertThat(KeyDecoder.utf8().decode(bytes, 0, bytes.length)).isEqualTo("été");
    assertThat(KeyDecoder.utf8().decode(bytes, 2, 1)).isEqualTo("t");
    assertThatThrownBy(() -> KeyDecoder.utf8().decode(bytes, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not well-formed UTF-8 at byte 0 of 2");
  }
}
