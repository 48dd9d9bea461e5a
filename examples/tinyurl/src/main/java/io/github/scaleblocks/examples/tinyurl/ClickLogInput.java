package io.github.scaleblocks.examples.tinyurl;

import io.github.scaleblocks.mapreduce.spi.Input;
import io.github.scaleblocks.mapreduce.spi.InputSplit;
import io.github.scaleblocks.mapreduce.spi.RecordSink;
import io.github.scaleblocks.mapreduce.spi.SplitPlan;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A MapReduce {@link Input} over the click log of one UTC day across every shard: one split per
 * shard, each streaming that shard's click segments of the day ({@link ClickSegment}, decoded one
 * at a time) with a fetch size (a server-side cursor on PostgreSQL), so the engine reads the shards
 * in parallel without loading a day into memory. A split can be read again from the start (a failed
 * map task is retried); rows written while a report runs may or may not be seen, as with any read
 * of a live log.
 *
 * <p>It shows that the engine's inputs are pluggable: the engine knows nothing of JDBC.
 */
final class ClickLogInput implements Input<ClickStore.Row> {
  /** Segments fetched at a time: a segment holds a batch, up to 1,000 clicks by default. */
  static final int SEGMENTS_PER_FETCH = 16;

  /** What a row is counted as for the engine's progress (code, host, overhead): an estimate. */
  private static final long BYTES_PER_ROW = 48;

  private final ClickStore store;
  private final LocalDate day;

  ClickLogInput(ClickStore store, LocalDate day) {
    this.store = store;
    this.day = day;
  }

  @Override
  public SplitPlan<ClickStore.Row> plan(int parallelism) {
    List<InputSplit<ClickStore.Row>> splits = new ArrayList<>();
    for (String shard : store.shardIds()) {
      splits.add(new ShardSplit(shard));
    }
    return new SplitPlan<>(splits.iterator(), -1);
  }

  /** The clicks of the day in one shard. */
  private final class ShardSplit implements InputSplit<ClickStore.Row> {
    private final String shard;

    ShardSplit(String shard) {
      this.shard = shard;
    }

    @Override
    public String description() {
      return "clicks of " + day + " in " + shard;
    }

    @Override
    public void read(RecordSink<? super ClickStore.Row> sink) throws Exception {
      long rows = store.readDay(shard, day, SEGMENTS_PER_FETCH, sink::accept);
      sink.bytesRead(rows * BYTES_PER_ROW);
    }
  }
}
