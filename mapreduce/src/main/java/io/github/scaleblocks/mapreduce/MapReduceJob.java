package io.github.scaleblocks.mapreduce;

import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, typed MapReduce job definition: what to compute, not where. The same definition
 * runs in-process on a {@link MapReduceEngine} and on Apache Spark through {@code
 * scaleblocks-mapreduce-spark}, which is why every function in it is {@link java.io.Serializable}.
 *
 * <p>Semantics, whatever the runner: every input record goes through the {@link Mapper}; the pairs
 * it emits are grouped by key (keys compared with {@code equals}/{@code hashCode}, or by the key
 * ordering when one is set, which must then be consistent with {@code equals}); each key's values
 * may be merged by the optional {@link Combiner}; the {@link Reducer} gets each key once with its
 * values and writes the outputs. Keys go to reduce partitions by the {@link Partitioner}.
 *
 * <p>Build one with {@link #builder}:
 *
 * <pre>{@code
 * MapReduceJob<String, String, Long, Long> wordCount =
 *     MapReduceJob.<String, String, Long, Long>builder(
 *             (line, out) -> { for (String w : line.split(" ")) out.emit(w, 1L); },
 *             (word, counts, out) -> { long n = 0; for (long c : counts) n += c; out.write(n); })
 *         .combiner(Combiners.longSum()) // primitive longs in the engine's buffers
 *         .codecs(Codecs.string(), Codecs.longs())
 *         .build();
 * }</pre>
 *
 * @param <I> input record type
 * @param <K> intermediate key type
 * @param <V> intermediate value type
 * @param <O> output type (outputs are keyed by {@code K})
 */
public interface MapReduceJob<I, K, V, O> {

  /** A builder for a job with {@code mapper} and {@code reducer}. */
  static <I, K, V, O> MapReduceJobBuilder<I, K, V, O> builder(
      Mapper<I, K, V> mapper, Reducer<K, V, O> reducer) {
    return new MapReduceJobBuilder<>(mapper, reducer);
  }

  /** The name used in events, errors and thread names. */
  String name();

  /** The mapper. */
  Mapper<I, K, V> mapper();

  /** The combiner, or null when values are only merged by the reducer. */
  @Nullable Combiner<V> combiner();

  /** The reducer. */
  Reducer<K, V, O> reducer();

  /** The partitioner; {@link Partitioner#hash()} unless set. */
  Partitioner<K> partitioner();

  /**
   * The key ordering, or null. When set, each partition's output is in this order and sorted
   * outputs use it; it must be consistent with {@code equals} (and {@link java.io.Serializable} to
   * run on Spark).
   */
  @Nullable Comparator<? super K> keyOrder();

  /**
   * The number of reduce partitions, or 0 when the runner chooses (the engine: its parallelism).
   */
  int reducePartitions();

  /**
   * The key codec used to spill, or null: then the job cannot spill (see {@link MapReduceEngine}).
   */
  @Nullable Codec<K> keyCodec();

  /** The value codec used to spill, or null with {@link #keyCodec()}. */
  @Nullable Codec<V> valueCodec();

  /**
   * The decoder of keys the mapper emits as bytes ({@link MapContext#emitBytes}), or null when it
   * emits key objects only.
   */
  @Nullable KeyDecoder<K> keyDecoder();
}
