package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShortCodesTest {
  @Test
  void aPathNamesACodeOnlyWhenTheCodeIsWellFormedAndNotReserved() {
    assertThat(ShortCodes.codeOfPath("/Qx3kP9a")).isEqualTo("Qx3kP9a");
    assertThat(ShortCodes.codeOfPath("/launch-2026_x")).isEqualTo("launch-2026_x");
    assertThat(ShortCodes.codeOfPath("/abc")).isEqualTo("abc");
    assertThat(ShortCodes.codeOfPath("/" + "a".repeat(64))).hasSize(64);
    assertThat(ShortCodes.codeOfPath("/" + "a".repeat(65))).isNull();
    assertThat(ShortCodes.codeOfPath("/ab")).isNull();
    assertThat(ShortCodes.codeOfPath("/")).isNull();
    assertThat(ShortCodes.codeOfPath("abcd")).isNull();
    assertThat(ShortCodes.codeOfPath("/api")).isNull();
    assertThat(ShortCodes.codeOfPath("/HealthZ")).isNull();
    assertThat(ShortCodes.codeOfPath("/abc/def")).isNull();
    assertThat(ShortCodes.codeOfPath("/abc.def")).isNull();
    assertThat(ShortCodes.codeOfPath("/abcdé")).isNull();
    assertThat(ShortCodes.isReserved("STATS")).isTrue();
    assertThat(ShortCodes.isReserved("stat")).isFalse();
    assertThat(ShortCodes.isWellFormed("a_b-C9")).isTrue();
    assertThat(ShortCodes.isWellFormed("a b")).isFalse();
  }

  @Test
  void generatedCodesAreSevenBase62CharactersUsingEveryCharacterInEveryPlace()
      throws NoSuchAlgorithmException {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(7);
    ShortCodes codes = new ShortCodes(random);
    List<Set<Character>> seen = new ArrayList<>();
    for (int i = 0; i < ShortCodes.LENGTH; i++) {
      seen.add(new HashSet<>());
    }
    Set<String> distinct = new HashSet<>();
    for (int n = 0; n < 5_000; n++) {
      String code = codes.next();
      assertThat(code).matches("[0-9A-Za-z]{7}");
      distinct.add(code);
      for (int i = 0; i < code.length(); i++) {
        seen.get(i).add(code.charAt(i));
      }
    }
    assertThat(distinct).hasSize(5_000);
    for (Set<Character> place : seen) {
      assertThat(place).hasSize(62);
    }
  }
}
