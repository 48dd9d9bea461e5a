package io.github.scaleblocks.mapreduce.spi;

import org.jspecify.annotations.Nullable;

/**
 * A part of an input that one map task reads. Must be readable more than once (a failed task is
 * retried from the start of its split) and from any thread.
 *
 * @param <I> record type
 */
public interface InputSplit<I> {

  /** What the split is, for errors and events, e.g. {@code "file /a.txt bytes [0, 1024)"}. */
  String description();

  /**
   * Reads every record of the split into {@code sink}, in order. Must report the bytes it reads
   * through {@link RecordSink#bytesRead} (at least by the end). An exception fails this attempt;
   * one thrown by the sink (cancellation, a mapper failure) must be propagated unchanged.
   */
  void read(RecordSink<? super I> sink) throws Exception;

  /**
   * Cuts off the part of this split that no read has claimed yet, as a new split, or returns null
   * when the rest is too small to be worth a task of its own (or the split cannot be cut: the
   * default). The engine calls it from its coordinator thread, while {@link #read} may be running
   * on another, once every planned split has started and a task slot is free: so the last splits
   * are shared by the idle workers instead of one worker finishing them alone.
   *
   * <p>A split that cuts must make this safe: afterwards this split, in the running read and in any
   * later retry, reads only the records before the cut, and the new split reads the rest; no record
   * is read by both or by neither, and records this split's read has already delivered are before
   * the cut. The new split may be cut again. {@link #description()} should describe what is left.
   */
  default @Nullable InputSplit<I> trySplit() {
    return null;
  }

  /**
   * What is left to read, comparable between this input's splits (bytes, records), so the engine
   * cuts the split with the most left first; -1 when unknown. Called like {@link #trySplit()}.
   */
  default long estimateRemaining() {
    return -1;
  }
}
