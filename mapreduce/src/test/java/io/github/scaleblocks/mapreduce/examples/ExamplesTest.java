package io.github.scaleblocks.mapreduce.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.mapreduce.Inputs;
import io.github.scaleblocks.mapreduce.JobCounter;
import io.github.scaleblocks.mapreduce.JobResult;
import io.github.scaleblocks.mapreduce.MapReduceEngine;
import io.github.scaleblocks.mapreduce.Outputs;
import io.github.scaleblocks.mapreduce.examples.ReduceSideJoin.Customer;
import io.github.scaleblocks.mapreduce.examples.ReduceSideJoin.Joined;
import io.github.scaleblocks.mapreduce.examples.ReduceSideJoin.Order;
import io.github.scaleblocks.mapreduce.examples.ReduceSideJoin.Row;
import io.github.scaleblocks.mapreduce.examples.TopK.Ranked;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The examples with answers worked out by hand; each also under a budget small enough to spill. */
class ExamplesTest {
  @SuppressWarnings("NullAway.Init") // injected by JUnit before each test
  @TempDir
  Path temp;

  private MapReduceEngine engine(long budget) {
    return MapReduceEngine.builder()
        .parallelism(2)
        .memoryBudgetBytes(budget)
        .tempDirectory(temp)
        .build();
  }

  @Test
  void wordsAreRunsOfLettersOrDigitsLowerCasedWithRootLocale() {
    List<String> words = new ArrayList<>();
    WordCount.forEachWord("The quick-brown fox, ÉTÉ été 2024 x_ray İ 𝐀𝐁c ٣٤", words::add);
    assertThat(words)
        .containsExactly(
            "the", "quick", "brown", "fox", "été", "été", "2024", "x", "ray", "i̇", "𝐀𝐁c", "٣٤");
  }

  @ParameterizedTest
  @ValueSource(longs = {64L << 20, 2_000})
  void wordCount(long budget) {
    List<String> lines = List.of("The cat. The dog!", "the CAT sat", "", "dog-cat 42");
    JobResult<Map<String, Long>> result =
        engine(budget).run(WordCount.job(), Inputs.fromCollection(lines), Outputs.toMap());
    assertThat(result.output())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("the", 3L, "cat", 3L, "dog", 2L, "sat", 1L, "42", 1L));
  }

  @ParameterizedTest
  @ValueSource(longs = {64L << 20, 2_000})
  void invertedIndex(long budget) {
    List<InvertedIndex.Document> documents = new ArrayList<>();
    documents.add(new InvertedIndex.Document("d1", "apple banana"));
    documents.add(new InvertedIndex.Document("d2", "Banana cherry banana"));
    documents.add(new InvertedIndex.Document("d3", "apple apple"));
    for (int i = 0; i < 200; i++) { // enough pairs to spill with the small budget
      documents.add(new InvertedIndex.Document("z" + i, "zebra"));
    }
    JobResult<List<Map.Entry<String, List<String>>>> result =
        engine(budget).run(InvertedIndex.job(), Inputs.fromCollection(documents), Outputs.toList());
    List<String> zebras = IntStream.range(0, 200).mapToObj(i -> "z" + i).sorted().toList();
    assertThat(result.output())
        .containsExactly(
            Map.entry("apple", List.of("d1", "d3")),
            Map.entry("banana", List.of("d1", "d2")),
            Map.entry("cherry", List.of("d2")),
            Map.entry("zebra", zebras));
    if (budget < 10_000) {
      assertThat(result.counters().get(JobCounter.SPILLS)).isPositive();
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {64L << 20, 2_000})
  void topKAfterWordCount(long budget) {
    List<String> lines = List.of("a b c d", "b c d", "c d", "d", "e e e", "f");
    Map<String, Long> counts =
        engine(budget).run(WordCount.job(), Inputs.fromCollection(lines), Outputs.toMap()).output();
    List<Ranked> ranked =
        counts.entrySet().stream().map(e -> new Ranked(e.getKey(), e.getValue())).toList();
    JobResult<Map<Integer, List<Ranked>>> top =
        engine(budget).run(TopK.job(3), Inputs.fromCollection(ranked), Outputs.toMap());
    // d=4, then c=3 and e=3 tied (by item: c before e); b=2 is fourth.
    assertThat(top.output())
        .containsExactly(
            Map.entry(0, List.of(new Ranked("d", 4), new Ranked("c", 3), new Ranked("e", 3))));
  }

  @ParameterizedTest
  @ValueSource(longs = {64L << 20, 500})
  void reduceSideJoin(long budget) {
    List<Row> rows =
        List.of(
            new Customer(1, "ada"),
            new Order(10, 1, 500),
            new Customer(2, "bob"),
            new Order(12, 1, 250),
            new Order(11, 3, 999), // no such customer
            new Customer(4, "cy"), // no orders
            new Order(13, 2, 100));
    JobResult<List<Map.Entry<Long, List<Joined>>>> result =
        engine(budget).run(ReduceSideJoin.job(), Inputs.fromCollection(rows), Outputs.toList());
    assertThat(result.output())
        .containsExactly(
            Map.entry(1L, List.of(new Joined("ada", 10, 500), new Joined("ada", 12, 250))),
            Map.entry(2L, List.of(new Joined("bob", 13, 100))));
    assertThat(result.counters().get("orders without customer")).isEqualTo(1);
    assertThat(result.counters().get("customers without orders")).isEqualTo(1);
  }
}
