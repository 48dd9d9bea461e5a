package io.github.scaleblocks.mapreduce.spark;

import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;

/**
 * A job planned on Spark by {@link SparkMapReduce#run}.
 *
 * @param <K> key type
 * @param <O> output type
 */
public final class SparkJob<K, O> {
  private final JavaPairRDD<K, O> output;
  private final CounterAccumulator counters;

  SparkJob(JavaPairRDD<K, O> output, CounterAccumulator counters) {
    this.output = output;
    this.counters = counters;
  }

  /** The (key, output) pairs; lazy, as every RDD: run an action to compute them. */
  public JavaPairRDD<K, O> output() {
    return output;
  }

  /**
   * The counters gathered by the actions run so far: built-in ones by {@link
   * io.github.scaleblocks.mapreduce.JobCounter} name ({@code INPUT_RECORDS}, {@code
   * MAP_OUTPUT_RECORDS}, {@code REDUCE_GROUPS}, {@code OUTPUT_RECORDS}) and the user-defined ones
   * by their names. Summed over every action on {@link #output()}: run one.
   */
  public Map<String, Long> counters() {
    return counters.value();
  }
}
