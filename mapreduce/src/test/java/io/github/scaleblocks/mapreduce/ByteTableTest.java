package io.github.scaleblocks.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.mapreduce.examples.WordCount;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The map buffer's byte-key table ({@link MapBuffer#addBytes}) against a plain map, and the word
 * cutter's eight-bytes-at-a-time path on line views whose array goes on past the line, as the input
 * splits' buffers do.
 */
class ByteTableTest {
  private static final Partitioner<String> BY_HASH = (key, n) -> Math.floorMod(key.hashCode(), n);

  /**
   * Keys of 0 to 40 bytes (the inline, the two-word and the side-arena layouts), taken from
   * anywhere in arrays of any length (so the unaligned reads meet both ends of the array), many
   * colliding in their first bytes, each with a value: the sums are the plain map's, for a sum and
   * for another long combiner, also after growth and after a reset, and whatever the buffer was
   * sized for.
   */
  @Property(tries = 200)
  void byteKeysCombineLikeAPlainMap(
      @ForAll("keys") List<String> keys,
      @ForAll @IntRange(min = 0, max = 9) int padding,
      @ForAll boolean max,
      @ForAll @IntRange(min = 0, max = 3000) int expectedKeys) {
    LongCombiner combiner = max ? Combiners.longMax() : Combiners.longSum();
    MapBuffer<String, Long> buffer =
        new MapBuffer<>(3, BY_HASH, combiner, KeyDecoder.utf8(), expectedKeys);
    for (int round = 0; round < 2; round++) {
      Map<String, Long> expected = new HashMap<>();
      long value = 1;
      for (String key : keys) {
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        // The key at the start, in the middle and at the end of a larger array.
        int before = (int) (value % (padding + 1));
        byte[] array = new byte[before + utf8.length + padding - before];
        java.util.Arrays.fill(array, (byte) 'x');
        System.arraycopy(utf8, 0, array, before, utf8.length);
        long v = value++ * 7 % 23;
        buffer.addBytes(array, before, utf8.length, v);
        expected.merge(key, v, max ? Math::max : Long::sum);
      }
      Map<String, Object> actual = new HashMap<>();
      for (int p = 0; p < buffer.partitionCount(); p++) {
        buffer.forEach(p, actual::put);
      }
      assertThat(actual).isEqualTo(expected);
      assertThat(buffer.combineInput).isEqualTo(keys.size());
      buffer.reset();
      buffer.combineInput = 0;
    }
  }

  /**
   * A buffer sized for a number of keys takes that many without growing its tables, and says it
   * held them, so the next task's buffer can be sized the same.
   */
  @Property(tries = 50)
  void aBufferSizedForItsKeysDoesNotGrow(@ForAll @IntRange(min = 1, max = 20_000) int keys) {
    MapBuffer<String, Long> buffer =
        new MapBuffer<>(2, BY_HASH, Combiners.longSum(), KeyDecoder.utf8(), keys);
    buffer.addBytes(new byte[] {'k'}, 0, 1, 1L);
    int byteCapacity = buffer.byteCapacity();
    int slotCapacity = buffer.slotCapacity();
    for (int i = 1; i < keys; i++) {
      byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
      buffer.addBytes(key, 0, key.length, 1L);
    }

    assertThat(buffer.entries()).isEqualTo(keys);
    assertThat(buffer.mostEntries()).isEqualTo(keys);
    assertThat(buffer.byteCapacity()).isEqualTo(byteCapacity);
    assertThat(buffer.slotCapacity()).isEqualTo(slotCapacity);
    buffer.reset();
    assertThat(buffer.mostEntries()).isEqualTo(keys);
  }

  /** The ways a buffer can hold values: the kinds of {@link MapBuffer}'s modes. */
  enum Values {
    LONG_SUM,
    LONG_MAX,
    COMBINER,
    LISTS
  }

  /**
   * Finished buffers merged into one buffer per partition ({@link MapBuffer#mergeInto}, as the
   * engine keeps finished map tasks) hold what one buffer given every pair would: for each way of
   * holding values, with keys given as bytes and as objects, several byte sequences decoding to one
   * key (a case-folding decoder), long keys in the side arena, and accumulators that grow. Every
   * key lands in its own partition's accumulator, and reading one in key order gives its keys
   * sorted.
   */
  @Property(tries = 200)
  void mergedBuffersHoldWhatOneBufferWould(
      @ForAll("keys") List<String> keys,
      @ForAll Values values,
      @ForAll @IntRange(min = 1, max = 4) int tasks,
      @ForAll long seed) {
    KeyDecoder<String> folding =
        (bytes, offset, length) ->
            new String(bytes, offset, length, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    Combiner<Long> combiner =
        switch (values) {
          case LONG_SUM -> Combiners.longSum();
          case LONG_MAX -> Combiners.longMax();
          case COMBINER -> (a, b) -> a + b;
          case LISTS -> null;
        };
    int partitions = 3;
    List<MapBuffer<String, Long>> kept = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      kept.add(new MapBuffer<>(1, (key, n) -> 0, combiner, null));
    }
    Map<String, List<Long>> expected = new HashMap<>();
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    int from = 0;
    for (int task = 0; task < tasks; task++) {
      int to = task == tasks - 1 ? keys.size() : from + random.nextInt(keys.size() - from + 1);
      MapBuffer<String, Long> buffer = new MapBuffer<>(partitions, BY_HASH, combiner, folding);
      for (String key : keys.subList(from, to)) {
        String spelled = random.nextBoolean() ? key.toUpperCase(Locale.ROOT) : key;
        long value = random.nextInt(100);
        if (random.nextInt(4) == 0) {
          buffer.add(spelled.toLowerCase(Locale.ROOT), value);
        } else {
          byte[] utf8 = spelled.getBytes(StandardCharsets.UTF_8);
          buffer.addBytes(utf8, 0, utf8.length, value);
        }
        expected
            .computeIfAbsent(spelled.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(value);
      }
      for (int p = 0; p < partitions; p++) {
        buffer.mergeInto(kept.get(p), p);
      }
      from = to;
    }

    Map<String, Object> actual = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      int partition = p;
      kept.get(p)
          .forEachEntry(
              (key, value) -> {
                assertThat(BY_HASH.partition(key, partitions)).isEqualTo(partition);
                assertThat(actual.put(key, value)).as("key %s twice", key).isNull();
              });
      MapBuffer<String, Long> accumulator = kept.get(p);
      List<String> sorted = new ArrayList<>();
      for (int i : accumulator.entryOrder(Comparator.naturalOrder())) {
        sorted.add(accumulator.keyAt(i));
      }
      assertThat(sorted).isSorted().hasSize((int) accumulator.entries());
    }
    Map<String, Object> want = new HashMap<>();
    expected.forEach(
        (key, list) -> {
          switch (values) {
            case LONG_SUM, COMBINER ->
                want.put(key, list.stream().mapToLong(Long::longValue).sum());
            case LONG_MAX ->
                want.put(key, list.stream().mapToLong(Long::longValue).max().orElseThrow());
            case LISTS -> want.put(key, list.stream().sorted().toList());
          }
        });
    if (values == Values.LISTS) {
      actual.replaceAll(
          (key, list) -> ((List<?>) list).stream().map(Long.class::cast).sorted().toList());
    }
    assertThat(actual).isEqualTo(want);
  }

  @Provide
  Arbitrary<List<String>> keys() {
    Arbitrary<String> stems = Arbitraries.of("", "a", "abcdefg", "abcdefgh", "abcdefghijklmnop");
    Arbitrary<String> tails =
        Arbitraries.strings().withChars("abxyz0é€").ofMinLength(0).ofMaxLength(24);
    Arbitrary<String> key = stems.flatMap(stem -> tails.map(tail -> stem + tail));
    // Enough distinct keys to grow the table past its initial 1,024 slots now and then.
    return Arbitraries.oneOf(key.list().ofMaxSize(60), key.list().ofMinSize(600).ofMaxSize(1500));
  }

  /**
   * The word cutter on a view of a line followed, in the same array, by more word bytes: the words
   * are the line's own (the eight-byte reads go past the line's end but take nothing from there).
   */
  @Property(tries = 2000)
  void theWordCutterStopsAtTheLinesEnd(
      @ForAll("text") String line, @ForAll("text") String before, @ForAll("text") String after) {
    byte[] head = before.getBytes(StandardCharsets.UTF_8);
    byte[] body = line.getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("Zz9" + after).getBytes(StandardCharsets.UTF_8);
    byte[] array = new byte[head.length + body.length + tail.length];
    System.arraycopy(head, 0, array, 0, head.length);
    System.arraycopy(body, 0, array, head.length, body.length);
    System.arraycopy(tail, 0, array, head.length + body.length, tail.length);
    TextLine view = new TextLine();
    view.set(array, head.length, body.length, TextLine.check(array, 0, array.length) == -1);

    List<String> words = new ArrayList<>();
    WordCount.forEachWord(view, words::add);
    List<String> expected = new ArrayList<>();
    WordCount.forEachWord(line, expected::add);
    assertThat(words).isEqualTo(expected);
  }

  @Provide
  Arbitrary<String> text() {
    return Arbitraries.strings().withChars("aZ09 ,.é!Qx\t-").ofMaxLength(40);
  }
}
