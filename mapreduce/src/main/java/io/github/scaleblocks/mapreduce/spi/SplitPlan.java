package io.github.scaleblocks.mapreduce.spi;

import io.github.scaleblocks.core.internal.Checks;
import java.util.Iterator;

/**
 * The splits of an {@link Input}. The iterator is consumed lazily on the job's coordinator thread,
 * one split per free task slot, so an input can produce its splits as it goes (a stream cut into
 * batches) without holding them all.
 *
 * @param splits the splits, in any order
 * @param totalBytes the input's size in bytes, or -1 when unknown (progress then counts tasks)
 * @param <I> record type
 */
public record SplitPlan<I>(Iterator<? extends InputSplit<I>> splits, long totalBytes) {

  /** Checks the arguments. */
  public SplitPlan {
    Checks.notNull(splits, "splits");
    Checks.argument(totalBytes >= -1, "totalBytes must be -1 or more but was " + totalBytes);
  }
}
