package io.github.scaleblocks.mapreduce.spi;

/**
 * Where an {@link InputSplit} delivers records. Not thread-safe: one per task attempt.
 *
 * @param <I> record type
 */
public interface RecordSink<I> {

  /**
   * Takes one record. {@code position} locates it in errors: the byte offset of a line in a file,
   * the index of an element in a collection.
   */
  void accept(I record, long position) throws Exception;

  /** Adds {@code bytes} to the bytes read (for progress); call per chunk, not per record. */
  void bytesRead(long bytes);
}
