package io.github.scaleblocks.mapreduce;

/**
 * A job failed: a task kept failing after its retries, the input or output could not be read or
 * written, or the job outgrew the memory budget without codecs to spill with. The message names the
 * task and the input split (file and byte range, record position) where it happened; the cause is
 * the last attempt's exception.
 */
public final class MapReduceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String location;

  /** A failure at {@code location} (a split or reduce partition description). */
  public MapReduceException(String message, String location, Throwable cause) {
    super(message, cause);
    this.location = location;
  }

  /**
   * Where the job failed, e.g. {@code "file /data/a.txt bytes [0, 67108864), record at byte 1234"}
   * or {@code "reduce partition 3"}.
   */
  public String location() {
    return location;
  }
}
