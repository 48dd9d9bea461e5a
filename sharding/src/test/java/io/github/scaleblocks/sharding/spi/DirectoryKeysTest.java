package io.github.scaleblocks.sharding.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DirectoryKeysTest {

  @Test
  void eachKeyFormHasOneCanonicalString() {
    assertThat(DirectoryKeys.of("user:42")).isEqualTo("user:42");
    assertThat(DirectoryKeys.of(new StringBuilder("user:42"))).isEqualTo("user:42");
    assertThat(DirectoryKeys.of(42L)).isEqualTo("42");
    assertThat(DirectoryKeys.of(-7L)).isEqualTo("-7");
    assertThat(DirectoryKeys.of(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
    assertThat(DirectoryKeys.of(new byte[] {0x0a, (byte) 0xff})).isEqualTo("0x0aff");
    assertThat(DirectoryKeys.of(new byte[0])).isEqualTo("0x");
    assertThat(DirectoryKeys.of("")).isEmpty();
    assertThat(DirectoryKeys.of("\uD83D\uDE00")).as("a surrogate pair is fine").hasSize(2);
  }

  @Property(seed = "42")
  void bytesAreZeroXAndLowercaseHex(@ForAll @Size(max = 255) byte[] key) {
    assertThat(DirectoryKeys.of(key)).isEqualTo("0x" + HexFormat.of().formatHex(key));
  }

  @Test
  void keysThatCannotBeStoredFaithfullyAreRejected() {
    assertThatThrownBy(() -> DirectoryKeys.of("a".repeat(513)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a directory key may have at most 512 chars but had 513");
    assertThat(DirectoryKeys.of("a".repeat(512))).hasSize(512);
    assertThatThrownBy(() -> DirectoryKeys.of(new byte[256]))
        .hasMessage("a byte[] directory key may have at most 255 bytes but had 256");
    assertThat(DirectoryKeys.of(new byte[255])).hasSize(512);
    assertThatThrownBy(() -> DirectoryKeys.of("ab\u0000"))
        .hasMessage("directory key has U+0000 at index 2");
    assertThatThrownBy(() -> DirectoryKeys.of("x\uD83D"))
        .hasMessage("directory key has an unpaired surrogate at index 1");
    assertThatThrownBy(() -> DirectoryKeys.of("\uDE00x"))
        .hasMessage("directory key has an unpaired surrogate at index 0");
  }
}
