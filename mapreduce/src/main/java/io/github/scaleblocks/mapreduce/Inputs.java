package io.github.scaleblocks.mapreduce;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.mapreduce.spi.Input;
import io.github.scaleblocks.mapreduce.spi.InputSplit;
import io.github.scaleblocks.mapreduce.spi.RecordSink;
import io.github.scaleblocks.mapreduce.spi.SplitPlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * The built-in {@link Input}s: in-memory collections and streams, and text files ({@link #text()}).
 */
public final class Inputs {
  private Inputs() {}

  /**
   * The elements of {@code records}, cut into about four splits per task slot. A {@link List} is
   * read in place (it must not change while the job runs); another collection is copied first.
   */
  public static <I> Input<I> fromCollection(Collection<? extends I> records) {
    Checks.notNull(records, "records");
    List<? extends I> list = records instanceof List<? extends I> l ? l : new ArrayList<>(records);
    return parallelism -> {
      int size = list.size();
      int splits = Math.max(1, Math.min(size, parallelism * 4));
      List<InputSplit<I>> planned = new ArrayList<>(splits);
      for (int s = 0; s < splits; s++) {
        int from = (int) ((long) size * s / splits);
        int to = (int) ((long) size * (s + 1) / splits);
        planned.add(
            new ListSplit<>(list, from, to, "collection elements [" + from + ", " + to + ")"));
      }
      return new SplitPlan<>(planned.iterator(), -1);
    };
  }

  /**
   * The elements of {@code records}, read lazily in batches of {@code batchSize} on the job's
   * coordinator thread: only the batches being mapped are in memory (at most {@code parallelism} of
   * them), so a stream larger than the heap works. A stream can be consumed once: the input can
   * serve one job run only.
   */
  public static <I> Input<I> fromStream(Stream<? extends I> records, int batchSize) {
    Checks.notNull(records, "records");
    Checks.positive(batchSize, "batchSize");
    return parallelism -> {
      Iterator<? extends I> source = records.iterator();
      Iterator<InputSplit<I>> batches =
          new Iterator<>() {
            long index;

            @Override
            public boolean hasNext() {
              return source.hasNext();
            }

            @Override
            public InputSplit<I> next() {
              if (!source.hasNext()) {
                throw new NoSuchElementException();
              }
              List<I> batch = new ArrayList<>(Math.min(batchSize, 1024));
              while (batch.size() < batchSize && source.hasNext()) {
                batch.add(source.next());
              }
              long from = index;
              index += batch.size();
              return new ListSplit<>(
                  batch, 0, batch.size(), "stream elements [" + from + ", " + index + ")", from);
            }
          };
      return new SplitPlan<>(batches, -1);
    };
  }

  /** A builder for an input of text files' lines, split by byte ranges. */
  public static TextInputBuilder text() {
    return new TextInputBuilder();
  }

  /** A range of a list; positions are element indexes (from the stream's start for batches). */
  private static final class ListSplit<I> implements InputSplit<I> {
    private final List<? extends I> list;
    private final int from;
    private final int to;
    private final String description;
    private final long firstPosition;

    ListSplit(List<? extends I> list, int from, int to, String description) {
      this(list, from, to, description, from);
    }

    ListSplit(List<? extends I> list, int from, int to, String description, long firstPosition) {
      this.list = list;
      this.from = from;
      this.to = to;
      this.description = description;
      this.firstPosition = firstPosition;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public void read(RecordSink<? super I> sink) throws Exception {
      for (int i = from; i < to; i++) {
        sink.accept(list.get(i), firstPosition + i - from);
      }
      sink.bytesRead(0);
    }
  }
}
