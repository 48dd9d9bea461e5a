package io.github.scaleblocks.mapreduce;

import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/** The immutable job definition built by {@link MapReduceJobBuilder}. */
record DefaultMapReduceJob<I, K, V, O>(
    String name,
    Mapper<I, K, V> mapper,
    @Nullable Combiner<V> combiner,
    Reducer<K, V, O> reducer,
    Partitioner<K> partitioner,
    @Nullable Comparator<? super K> keyOrder,
    int reducePartitions,
    @Nullable Codec<K> keyCodec,
    @Nullable Codec<V> valueCodec,
    @Nullable KeyDecoder<K> keyDecoder)
    implements MapReduceJob<I, K, V, O> {

  @Override
  public String toString() {
    return "MapReduceJob[" + name + (combiner == null ? "" : ", combiner") + "]";
  }
}
