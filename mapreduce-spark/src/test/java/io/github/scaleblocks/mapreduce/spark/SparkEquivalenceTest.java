package io.github.scaleblocks.mapreduce.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.mapreduce.Codecs;
import io.github.scaleblocks.mapreduce.Inputs;
import io.github.scaleblocks.mapreduce.JobCounter;
import io.github.scaleblocks.mapreduce.JobResult;
import io.github.scaleblocks.mapreduce.MapReduceEngine;
import io.github.scaleblocks.mapreduce.MapReduceJob;
import io.github.scaleblocks.mapreduce.Outputs;
import io.github.scaleblocks.mapreduce.examples.InvertedIndex;
import io.github.scaleblocks.mapreduce.examples.ReduceSideJoin;
import io.github.scaleblocks.mapreduce.examples.WordCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/** The same job definitions on Spark local[*] and on the in-process engine give the same output. */
class SparkEquivalenceTest {
  @SuppressWarnings("NullAway.Init") // set in @BeforeAll
  private static JavaSparkContext spark;

  @SuppressWarnings("NullAway.Init") // injected by JUnit before each test
  @TempDir
  Path temp;

  @BeforeAll
  static void startSpark() {
    spark =
        new JavaSparkContext(
            new SparkConf()
                .setMaster("local[*]")
                .setAppName("scaleblocks-mapreduce-spark-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private MapReduceEngine engine() {
    return MapReduceEngine.builder()
        .parallelism(2)
        .memoryBudgetBytes(200_000)
        .tempDirectory(temp)
        .build();
  }

  private static List<String> lines(long seed, int count) {
    Random random = new Random(seed);
    String[] words = {"Alpha", "beta", "GAMMA", "délta", "ünïcode", "x", "42", "été", "Ωmega", "q"};
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder line = new StringBuilder();
      int n = random.nextInt(10);
      for (int w = 0; w < n; w++) {
        line.append(words[(int) (Math.pow(random.nextDouble(), 2) * words.length)])
            .append(random.nextBoolean() ? " " : ", ")
            .append(random.nextInt(200));
        line.append(' ');
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static <K, O> Map<K, O> collect(SparkJob<K, O> job) {
    Map<K, O> map = new HashMap<>();
    for (Tuple2<K, O> pair : job.output().collect()) {
      assertThat(map.put(pair._1(), pair._2())).as("duplicate key %s", pair._1()).isNull();
    }
    return map;
  }

  @Test
  void wordCountOnTextFilesIsIdentical() throws Exception {
    Path dir = Files.createDirectory(temp.resolve("in"));
    Files.write(dir.resolve("a.txt"), lines(1, 20_000));
    Files.write(dir.resolve("b.txt"), lines(2, 5_000));

    JobResult<Map<String, Long>> engine =
        engine()
            .run(
                WordCount.job(),
                Inputs.text().path(dir).splitBytes(32 * 1024).build(),
                Outputs.toMap());
    SparkJob<String, Long> onSpark =
        SparkMapReduce.run(spark, WordCount.job(), spark.textFile(dir.toString()));
    Map<String, Long> sparkOutput = collect(onSpark);

    assertThat(sparkOutput).isEqualTo(engine.output()).hasSizeGreaterThan(200);
    assertThat(onSpark.counters().get(JobCounter.INPUT_RECORDS.name())).isEqualTo(25_000);
    assertThat(onSpark.counters().get(JobCounter.MAP_OUTPUT_RECORDS.name()))
        .isEqualTo(engine.counters().get(JobCounter.MAP_OUTPUT_RECORDS));
    assertThat(onSpark.counters().get(JobCounter.REDUCE_GROUPS.name()))
        .isEqualTo(engine.counters().get(JobCounter.REDUCE_GROUPS));
  }

  /**
   * The bytes job ({@code TextLine} input, words emitted as bytes) on Spark, through {@link
   * SparkMapReduce#textLines}, gives the engine's output and counters, and the {@code String}
   * job's.
   */
  @Test
  void wordCountOverTextLinesIsIdentical() throws Exception {
    Path dir = Files.createDirectory(temp.resolve("lines"));
    List<String> text = new ArrayList<>(lines(5, 20_000));
    text.add("ΣΑΣ İstanbul 𐐀bc ٣٤ ÀÉÎ\u00a0×x");
    Files.write(dir.resolve("a.txt"), text);

    JobResult<Map<String, Long>> engine =
        engine()
            .run(
                WordCount.lineJob(),
                Inputs.text().path(dir).splitBytes(32 * 1024).buildLines(),
                Outputs.toMap());
    SparkJob<String, Long> onSpark =
        SparkMapReduce.run(
            spark, WordCount.lineJob(), SparkMapReduce.textLines(spark.textFile(dir.toString())));
    Map<String, Long> sparkOutput = collect(onSpark);
    SparkJob<String, Long> stringsOnSpark =
        SparkMapReduce.run(spark, WordCount.job(), spark.textFile(dir.toString()));

    assertThat(sparkOutput)
        .isEqualTo(engine.output())
        .isEqualTo(collect(stringsOnSpark))
        .containsEntry("σας", 1L)
        .hasSizeGreaterThan(200);
    assertThat(onSpark.counters().get(JobCounter.INPUT_RECORDS.name())).isEqualTo(20_001);
    assertThat(onSpark.counters().get(JobCounter.MAP_OUTPUT_RECORDS.name()))
        .isEqualTo(engine.counters().get(JobCounter.MAP_OUTPUT_RECORDS));
    assertThat(onSpark.counters().get(JobCounter.REDUCE_GROUPS.name()))
        .isEqualTo(engine.counters().get(JobCounter.REDUCE_GROUPS));
  }

  @Test
  void invertedIndexWithoutCombinerIsIdenticalAndSortedWithinPartitions() {
    List<InvertedIndex.Document> documents = new ArrayList<>();
    List<String> text = lines(3, 2_000);
    for (int i = 0; i < text.size(); i++) {
      documents.add(new InvertedIndex.Document("doc" + i, text.get(i)));
    }
    JobResult<List<Map.Entry<String, List<String>>>> engine =
        engine().run(InvertedIndex.job(), Inputs.fromCollection(documents), Outputs.toList());
    SparkJob<String, List<String>> onSpark =
        SparkMapReduce.run(spark, InvertedIndex.job(), spark.parallelize(documents, 4));
    List<List<Tuple2<String, List<String>>>> partitions = onSpark.output().glom().collect();
    List<Map.Entry<String, List<String>>> sparkOutput = new ArrayList<>();
    for (List<Tuple2<String, List<String>>> partition : partitions) {
      List<String> keys = partition.stream().map(Tuple2::_1).toList();
      assertThat(keys).isSorted();
      partition.forEach(t -> sparkOutput.add(Map.entry(t._1(), t._2())));
    }
    sparkOutput.sort(Map.Entry.comparingByKey());
    assertThat(sparkOutput).isEqualTo(engine.output());
  }

  @Test
  void reduceSideJoinWithUserCountersIsIdentical() {
    List<ReduceSideJoin.Row> rows = new ArrayList<>();
    Random random = new Random(4);
    for (long c = 0; c < 300; c++) {
      rows.add(new ReduceSideJoin.Customer(c, "customer" + c));
    }
    for (long o = 0; o < 3_000; o++) {
      rows.add(new ReduceSideJoin.Order(o, random.nextInt(350), random.nextInt(10_000)));
    }
    JobResult<Map<Long, List<ReduceSideJoin.Joined>>> engine =
        engine().run(ReduceSideJoin.job(), Inputs.fromCollection(rows), Outputs.toMap());
    SparkJob<Long, List<ReduceSideJoin.Joined>> onSpark =
        SparkMapReduce.run(spark, ReduceSideJoin.job(), spark.parallelize(rows, 3));
    assertThat(collect(onSpark)).isEqualTo(engine.output());
    assertThat(onSpark.counters().get("orders without customer"))
        .isEqualTo(engine.counters().get("orders without customer"))
        .isPositive();
  }

  @Test
  void aKeyOrderThatIsNotSerializableIsRejectedUpFront() {
    Comparator<String> notSerializable =
        new Comparator<>() {
          @Override
          public int compare(String a, String b) {
            return a.compareTo(b);
          }
        };
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.<String, String, Long, Long>builder(
                (line, out) -> out.emit(line, 1L), (w, c, out) -> out.write(1L))
            .keyOrder(notSerializable)
            .codecs(Codecs.string(), Codecs.longs())
            .build();
    assertThatThrownBy(() -> SparkMapReduce.run(spark, job, spark.parallelize(List.of("a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not Serializable");
  }
}
