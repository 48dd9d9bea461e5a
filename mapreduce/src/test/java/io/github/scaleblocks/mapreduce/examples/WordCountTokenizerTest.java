package io.github.scaleblocks.mapreduce.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.mapreduce.TextLine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link WordCount#forEachWord}'s Latin-1 fast path against the plain definition: maximal runs of
 * code points for which {@link Character#isLetterOrDigit(int)} holds, lower-cased with {@link
 * Locale#ROOT}.
 */
class WordCountTokenizerTest {

  /** The definition, written the slow and obvious way. */
  static List<String> reference(String line) {
    List<String> words = new ArrayList<>();
    int[] codePoints = line.codePoints().toArray();
    int i = 0;
    while (i < codePoints.length) {
      if (!Character.isLetterOrDigit(codePoints[i])) {
        i++;
        continue;
      }
      int start = i;
      while (i < codePoints.length && Character.isLetterOrDigit(codePoints[i])) {
        i++;
      }
      words.add(new String(codePoints, start, i - start).toLowerCase(Locale.ROOT));
    }
    return words;
  }

  static List<String> fast(String line) {
    List<String> words = new ArrayList<>();
    WordCount.forEachWord(line, words::add);
    return words;
  }

  /**
   * Characters that stress every branch: ASCII letters, digits and punctuation; Latin-1 letters
   * (accented capitals, ß, ÿ whose upper case is outside Latin-1, µ, ª, º) and Latin-1 non-letters
   * (×, ÷, ¿, NBSP); digits of other scripts (Arabic-Indic, Devanagari, fullwidth); letters whose
   * lower case changes length (İ → i̇) or is context dependent (Σ); the Kelvin and Ohm signs; CJK;
   * combining marks (not letters); supplementary letters (𝐀, Deseret 𐐀 with a supplementary lower
   * case) and digits (𝟘), and lone high and low surrogates.
   */
  @Provide
  Arbitrary<String> lines() {
    Arbitrary<Character> interesting =
        Arbitraries.of(
            'A', 'z', 'Q', '0', '9', ' ', ',', '.', '-', '_', '\'', '\t', 'É', 'é', 'Ü', 'ü', 'Ñ',
            'ß', 'ÿ', 'µ', 'ª', 'º', 'Ø', 'ø', 'Þ', '×', '÷', '¿', '\u00a0', '\u0663', '\u0969',
            '\uff11', '\uff21', '\u0130', '\u03a3', '\u03c3', '\u212a', '\u2126', '\u4e2d',
            '\u0301', '\u0345', '\ud835', '\udc00', '\ud801', '\udfd8', '\udc28');
    Arbitrary<String> pieces =
        Arbitraries.oneOf(
            interesting.map(String::valueOf),
            Arbitraries.strings().ascii().ofMaxLength(6),
            Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(6),
            Arbitraries.strings().all().ofMaxLength(4),
            Arbitraries.of("\ud835\udc00", "\ud801\udc00", "\ud835\udfd8", "İstanbul", "ΣΑΣ"));
    return pieces.list().ofMaxSize(20).map(list -> String.join("", list));
  }

  @Property(tries = 3000)
  void theFastPathGivesTheDefinitionsWords(@ForAll("lines") String line) {
    assertThat(fast(line)).isEqualTo(reference(line));
  }

  @Property(tries = 500)
  void anyStringAtAll(@ForAll String line) {
    assertThat(fast(line)).isEqualTo(reference(line));
  }

  static List<String> bytes(TextLine line) {
    List<String> words = new ArrayList<>();
    WordCount.forEachWord(line, words::add);
    return words;
  }

  /**
   * The byte tokenizer (for {@link WordCount#lineJob()}) gives the definition's words on the line's
   * UTF-8 (lone surrogates, which UTF-8 cannot hold, became '?'), also inside a larger array.
   */
  @Property(tries = 3000)
  void theByteTokenizerGivesTheDefinitionsWords(@ForAll("lines") String line) {
    TextLine text = TextLine.of(line);
    assertThat(bytes(text)).isEqualTo(reference(text.toString()));
    byte[] padded = ("Xé " + line + " Ωé").getBytes(StandardCharsets.UTF_8);
    int prefix = "Xé ".getBytes(StandardCharsets.UTF_8).length;
    int length = text.length();
    TextLine inside = TextLine.of(padded, prefix, length);
    assertThat(bytes(inside)).isEqualTo(reference(text.toString()));
  }

  @Property(tries = 500)
  void theByteTokenizerOnAnyString(@ForAll String line) {
    TextLine text = TextLine.of(line);
    assertThat(bytes(text)).isEqualTo(reference(text.toString()));
  }

  @Example
  void theByteTokenizersKnownAnswers() {
    assertThat(bytes(TextLine.of("Hello, WORLD! Ünïcödé x2 ×3 İx ΣΑΣ 𐐀bc ٣٤ ÀB")))
        .containsExactly(
            "hello", "world", "ünïcödé", "x2", "3", "i\u0307x", "σας", "𐐨bc", "٣٤", "àb");
    assertThat(bytes(TextLine.of(""))).isEmpty();
    assertThat(bytes(TextLine.of(" ,. \u00a0× "))).isEmpty();
  }

  @Example
  void knownAnswers() {
    assertThat(fast("Hello, WORLD! Ünïcödé x2 ×3 İx ΣΑΣ 𐐀bc ٣٤")) // İ lower-cases to i̇
        .containsExactly("hello", "world", "ünïcödé", "x2", "3", "i\u0307x", "σας", "𐐨bc", "٣٤");
    assertThat(fast("")).isEmpty();
    assertThat(fast(" ,. ")).isEmpty();
    assertThat(fast("\ud835 \udc00")).isEmpty(); // lone surrogates are not letters
  }

  @Example
  void wordsWithoutCapitalsAreEqualStrings() {
    assertThat(fast("abc déf")).containsExactly("abc", "déf");
  }
}
