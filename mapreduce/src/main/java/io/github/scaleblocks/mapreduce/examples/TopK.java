package io.github.scaleblocks.mapreduce.examples;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.mapreduce.Codec;
import io.github.scaleblocks.mapreduce.Codecs;
import io.github.scaleblocks.mapreduce.MapReduceJob;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Top-K: the {@code k} items with the highest counts (ties by item), from (item, count) records
 * such as a word count's output. Every mapper emits its record as a one-element list under a single
 * key; the combiner merges two lists keeping the best {@code k}, so each map task ships at most
 * {@code k} entries and the single reduce group sees few values.
 */
public final class TopK {
  /** Highest count first, ties by item. */
  public static final Comparator<Ranked> ORDER =
      Comparator.comparingLong(Ranked::count).reversed().thenComparing(Ranked::item);

  private TopK() {}

  /** An item and its count. */
  public record Ranked(String item, long count) implements Serializable {}

  /** The job: all records to one key, 0, with the best {@code k} as its output. */
  public static MapReduceJob<Ranked, Integer, List<Ranked>, List<Ranked>> job(int k) {
    Checks.positive(k, "k");
    return MapReduceJob.<Ranked, Integer, List<Ranked>, List<Ranked>>builder(
            (ranked, out) -> out.emit(0, List.of(ranked)),
            (key, lists, out) -> {
              List<Ranked> best = List.of();
              for (List<Ranked> list : lists) {
                best = best(best, list, k);
              }
              out.write(best);
            })
        .name("top-" + k)
        .combiner((a, b) -> best(a, b, k))
        .reducePartitions(1)
        .codecs(Codecs.ints(), Codecs.list(RankedCodec.INSTANCE))
        .build();
  }

  static List<Ranked> best(List<Ranked> a, List<Ranked> b, int k) {
    List<Ranked> all = new ArrayList<>(a.size() + b.size());
    all.addAll(a);
    all.addAll(b);
    all.sort(ORDER);
    return List.copyOf(all.subList(0, Math.min(k, all.size())));
  }

  private enum RankedCodec implements Codec<Ranked> {
    INSTANCE;

    @Override
    public void write(Ranked value, DataOutput out) throws IOException {
      Codecs.string().write(value.item(), out);
      out.writeLong(value.count());
    }

    @Override
    public Ranked read(DataInput in) throws IOException {
      return new Ranked(Codecs.string().read(in), in.readLong());
    }
  }
}
