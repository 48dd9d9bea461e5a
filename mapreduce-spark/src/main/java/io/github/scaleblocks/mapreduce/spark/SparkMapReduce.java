package io.github.scaleblocks.mapreduce.spark;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.mapreduce.Combiner;
import io.github.scaleblocks.mapreduce.JobCounter;
import io.github.scaleblocks.mapreduce.KeyDecoder;
import io.github.scaleblocks.mapreduce.MapContext;
import io.github.scaleblocks.mapreduce.MapReduceJob;
import io.github.scaleblocks.mapreduce.Mapper;
import io.github.scaleblocks.mapreduce.ReduceContext;
import io.github.scaleblocks.mapreduce.Reducer;
import io.github.scaleblocks.mapreduce.TextLine;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.jspecify.annotations.Nullable;
import scala.Tuple2;

/**
 * Runs a {@link MapReduceJob} definition unchanged on Apache Spark: {@code records.flatMapToPair}
 * with the job's mapper, then {@code reduceByKey} with its combiner (or {@code groupByKey} when it
 * has none) into the job's reduce partitions by its partitioner, then the reducer; with a key
 * ordering, each partition is sorted by it ({@code repartitionAndSortWithinPartitions}). The master
 * is whatever the given {@link JavaSparkContext} was built with: {@code local[*]} in tests, a
 * cluster URL in production.
 *
 * <p>Everything in the job is shipped to executors by Java serialization: the mapper, combiner,
 * reducer and partitioner are {@link Serializable} by type (a lambda is, if what it captures is);
 * the key ordering must be too, and keys, values and outputs must be serializable by Spark's
 * configured serializer. The job's codecs are not used: Spark spills with its own serializer.
 *
 * <p>Counters: the built-in map input/output, reduce group and output counts and the user-defined
 * counters are gathered in a Spark accumulator, read through {@link SparkJob#counters()} after an
 * action ran. Spark may count a recomputed or speculative task twice (accumulators updated inside
 * transformations are not exactly-once); the engine's counters are. Combine and spill counters are
 * Spark's business and not reported.
 *
 * <p>Keys the mapper emits as bytes ({@link MapContext#emitBytes}) are decoded by the job's {@link
 * KeyDecoder} on every pair: Spark's shuffle needs key objects, and it has no buffer to look bytes
 * up in.
 */
public final class SparkMapReduce {
  private SparkMapReduce() {}

  /**
   * Plans {@code job} over {@code records}; nothing runs until an action on {@link
   * SparkJob#output()}.
   *
   * @throws IllegalArgumentException if the job's key ordering is not serializable
   */
  public static <I, K, V, O> SparkJob<K, O> run(
      JavaSparkContext context, MapReduceJob<I, K, V, O> job, JavaRDD<I> records) {
    Checks.notNull(context, "context");
    Checks.notNull(job, "job");
    Checks.notNull(records, "records");
    Comparator<? super K> keyOrder = job.keyOrder();
    Checks.argument(
        keyOrder == null || keyOrder instanceof Serializable,
        "job '"
            + job.name()
            + "' has a key ordering that is not Serializable: "
            + keyOrder
            + "; Spark must ship it to executors");
    int partitions =
        job.reducePartitions() > 0 ? job.reducePartitions() : context.defaultParallelism();
    CounterAccumulator counters = new CounterAccumulator();
    context.sc().register(counters, job.name() + " counters");
    JobPartitioner<K> partitioner = new JobPartitioner<>(job.partitioner(), partitions);

    JavaPairRDD<K, V> pairs =
        records.flatMapToPair(new MapFunction<>(job.mapper(), job.keyDecoder(), counters));
    Combiner<V> combiner = job.combiner();
    JavaPairRDD<K, O> output;
    if (combiner != null) {
      output =
          pairs
              .reduceByKey(partitioner, combiner::combine)
              .flatMapToPair(new ReduceFunction<K, V, V, O>(job.reducer(), counters, true));
    } else {
      output =
          pairs
              .groupByKey(partitioner)
              .flatMapToPair(
                  new ReduceFunction<K, V, Iterable<V>, O>(job.reducer(), counters, false));
    }
    if (keyOrder != null) {
      @SuppressWarnings("unchecked") // contravariant use only: compares keys of type K
      Comparator<K> order = (Comparator<K>) keyOrder;
      output = output.repartitionAndSortWithinPartitions(partitioner, order);
    }
    return new SparkJob<>(output, counters);
  }

  /**
   * {@code lines} as {@link TextLine}s, for jobs over {@link
   * io.github.scaleblocks.mapreduce.TextInputBuilder#buildLines()} such as {@code
   * WordCount.lineJob()}: {@code run(context, job, textLines(context.textFile(path)))}. Each line
   * becomes its own {@code TextLine} (its UTF-8 bytes), built in the same stage as the mapper runs,
   * so nothing is serialized on the way. Note that Spark's {@code textFile} has already decoded the
   * lines, replacing malformed UTF-8 with U+FFFD, where the engine's text input fails.
   */
  public static JavaRDD<TextLine> textLines(JavaRDD<String> lines) {
    Checks.notNull(lines, "lines");
    return lines.map(TextLine::of);
  }

  /** The mapper as Spark's flatMapToPair function. */
  private static final class MapFunction<I, K, V> implements PairFlatMapFunction<I, K, V> {
    private static final long serialVersionUID = 1L;
    private final Mapper<I, K, V> mapper;
    private final @Nullable KeyDecoder<K> keyDecoder;
    private final CounterAccumulator counters;

    MapFunction(
        Mapper<I, K, V> mapper, @Nullable KeyDecoder<K> keyDecoder, CounterAccumulator counters) {
      this.mapper = mapper;
      this.keyDecoder = keyDecoder;
      this.counters = counters;
    }

    @Override
    public java.util.Iterator<Tuple2<K, V>> call(I record) throws Exception {
      List<Tuple2<K, V>> pairs = new ArrayList<>(4);
      mapper.map(
          record,
          new MapContext<>() {
            @Override
            public void emit(K key, V value) {
              pairs.add(new Tuple2<>(key, value));
            }

            @Override
            public void emitBytes(byte[] key, int offset, int length, V value) {
              KeyDecoder<K> decoder = keyDecoder;
              if (decoder == null) {
                throw new IllegalStateException(
                    "the job emits keys as bytes but has no key decoder: set"
                        + " MapReduceJobBuilder.keyDecoder(...)");
              }
              Objects.checkFromIndexSize(offset, length, key.length);
              pairs.add(new Tuple2<>(decoder.decode(key, offset, length), value));
            }

            @Override
            public void increment(String name, long delta) {
              counters.add(name, delta);
            }
          });
      counters.add(JobCounter.INPUT_RECORDS.name(), 1);
      counters.add(JobCounter.MAP_OUTPUT_RECORDS.name(), pairs.size());
      return pairs.iterator();
    }
  }

  /**
   * The reducer over one key: with a combiner Spark hands over the single combined value, else the
   * grouped values.
   */
  private static final class ReduceFunction<K, V, T, O>
      implements PairFlatMapFunction<Tuple2<K, T>, K, O> {
    private static final long serialVersionUID = 1L;
    private final Reducer<K, V, O> reducer;
    private final CounterAccumulator counters;
    private final boolean combined;

    ReduceFunction(Reducer<K, V, O> reducer, CounterAccumulator counters, boolean combined) {
      this.reducer = reducer;
      this.counters = counters;
      this.combined = combined;
    }

    @Override
    @SuppressWarnings("unchecked") // T is V when combined, Iterable<V> when grouped
    public java.util.Iterator<Tuple2<K, O>> call(Tuple2<K, T> group) throws Exception {
      K key = group._1();
      Iterable<V> values = combined ? List.of((V) group._2()) : (Iterable<V>) group._2();
      List<Tuple2<K, O>> outputs = new ArrayList<>(1);
      reducer.reduce(
          key,
          values,
          new ReduceContext<>() {
            @Override
            public void write(O output) {
              outputs.add(new Tuple2<>(key, output));
            }

            @Override
            public void increment(String name, long delta) {
              counters.add(name, delta);
            }
          });
      counters.add(JobCounter.REDUCE_GROUPS.name(), 1);
      counters.add(JobCounter.OUTPUT_RECORDS.name(), outputs.size());
      return outputs.iterator();
    }
  }
}
