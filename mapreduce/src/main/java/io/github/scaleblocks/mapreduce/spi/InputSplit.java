package io.github.scaleblocks.mapreduce.spi;

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
}
