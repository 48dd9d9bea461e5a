package io.github.scaleblocks.benchmarks;

import io.github.scaleblocks.mapreduce.examples.WordCount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * The Spark baseline of {@link WordCountBenchmark}: idiomatic Spark (textFile, flatMap with the
 * same tokenizer, mapToPair, reduceByKey, collectAsMap) on {@code local[threads]}. Kept in its own
 * class so the benchmark loads Spark only when this baseline runs.
 */
final class SparkWordCount implements AutoCloseable {
  private final JavaSparkContext spark;

  SparkWordCount(int threads) {
    spark =
        new JavaSparkContext(
            new SparkConf()
                .setMaster("local[" + threads + "]")
                .setAppName("wordcount-baseline")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
    spark.setLogLevel("WARN");
  }

  Map<String, Long> count(Path file) {
    return spark
        .textFile(file.toString())
        .flatMap(
            line -> {
              List<String> words = new ArrayList<>();
              WordCount.forEachWord(line, words::add);
              return words.iterator();
            })
        .mapToPair(word -> new Tuple2<>(word, 1L))
        .reduceByKey(Long::sum)
        .collectAsMap();
  }

  @Override
  public void close() {
    spark.stop();
  }
}
