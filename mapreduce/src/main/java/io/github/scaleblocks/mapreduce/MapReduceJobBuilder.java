package io.github.scaleblocks.mapreduce;

import io.github.scaleblocks.core.internal.Checks;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link MapReduceJob}. Each setter may be called once (a second call is a mistake and
 * throws, naming the value already set); {@link #build()} copies the settings, so the builder can
 * be reused.
 *
 * @param <I> input record type
 * @param <K> key type
 * @param <V> value type
 * @param <O> output type
 */
public final class MapReduceJobBuilder<I, K, V, O> {
  private final Mapper<I, K, V> mapper;
  private final Reducer<K, V, O> reducer;
  private @Nullable String name;
  private @Nullable Combiner<V> combiner;
  private @Nullable Partitioner<K> partitioner;
  private @Nullable Comparator<? super K> keyOrder;
  private int reducePartitions;
  private @Nullable Codec<K> keyCodec;
  private @Nullable Codec<V> valueCodec;
  private @Nullable KeyDecoder<K> keyDecoder;

  MapReduceJobBuilder(Mapper<I, K, V> mapper, Reducer<K, V, O> reducer) {
    this.mapper = Checks.notNull(mapper, "mapper");
    this.reducer = Checks.notNull(reducer, "reducer");
  }

  /** The job's name in events and errors; "mapreduce" unless set. */
  public MapReduceJobBuilder<I, K, V, O> name(String name) {
    Checks.notNull(name, "name");
    Checks.argument(this.name == null, "name was already set to " + this.name);
    Checks.argument(!name.isBlank(), "name must not be blank");
    this.name = name;
    return this;
  }

  /**
   * The combiner (associative and commutative); see {@link Combiner}. A {@link LongCombiner} (e.g.
   * {@link Combiners#longSum()}) gets the engine's primitive path.
   */
  public MapReduceJobBuilder<I, K, V, O> combiner(Combiner<V> combiner) {
    Checks.notNull(combiner, "combiner");
    Checks.argument(this.combiner == null, "combiner was already set to " + this.combiner);
    this.combiner = combiner;
    return this;
  }

  /** The partitioner; {@link Partitioner#hash()} unless set. */
  public MapReduceJobBuilder<I, K, V, O> partitioner(Partitioner<K> partitioner) {
    Checks.notNull(partitioner, "partitioner");
    Checks.argument(this.partitioner == null, "partitioner was already set to " + this.partitioner);
    this.partitioner = partitioner;
    return this;
  }

  /**
   * Sorts keys within each partition (and in sorted outputs) by {@code keyOrder}, which must be
   * consistent with {@code equals}: keys it finds equal are reduced together.
   */
  public MapReduceJobBuilder<I, K, V, O> keyOrder(Comparator<? super K> keyOrder) {
    Checks.notNull(keyOrder, "keyOrder");
    Checks.argument(this.keyOrder == null, "keyOrder was already set to " + this.keyOrder);
    this.keyOrder = keyOrder;
    return this;
  }

  /** The number of reduce partitions (positive); the runner chooses unless set. */
  public MapReduceJobBuilder<I, K, V, O> reducePartitions(int reducePartitions) {
    Checks.positive(reducePartitions, "reducePartitions");
    Checks.argument(
        this.reducePartitions == 0, "reducePartitions was already set to " + this.reducePartitions);
    this.reducePartitions = reducePartitions;
    return this;
  }

  /**
   * The codecs used to spill keys and values to disk when map-side buffers exceed the engine's
   * memory budget. Without them the job runs in memory only and fails if it outgrows the budget.
   */
  public MapReduceJobBuilder<I, K, V, O> codecs(Codec<K> keyCodec, Codec<V> valueCodec) {
    Checks.notNull(keyCodec, "keyCodec");
    Checks.notNull(valueCodec, "valueCodec");
    Checks.argument(this.keyCodec == null, "codecs were already set to " + this.keyCodec);
    this.keyCodec = keyCodec;
    this.valueCodec = valueCodec;
    return this;
  }

  /**
   * Lets the mapper emit keys as bytes with {@link MapContext#emitBytes}, turned into keys by
   * {@code keyDecoder} (e.g. {@link KeyDecoder#utf8()} for {@code String} keys); see {@link
   * KeyDecoder} for what the engine saves. The mapper may still emit key objects too.
   */
  public MapReduceJobBuilder<I, K, V, O> keyDecoder(KeyDecoder<K> keyDecoder) {
    Checks.notNull(keyDecoder, "keyDecoder");
    Checks.argument(this.keyDecoder == null, "keyDecoder was already set to " + this.keyDecoder);
    this.keyDecoder = keyDecoder;
    return this;
  }

  /** The immutable job. */
  public MapReduceJob<I, K, V, O> build() {
    return new DefaultMapReduceJob<>(
        name == null ? "mapreduce" : name,
        mapper,
        combiner,
        reducer,
        partitioner == null ? Partitioner.hash() : partitioner,
        keyOrder,
        reducePartitions,
        keyCodec,
        valueCodec,
        keyDecoder);
  }
}
