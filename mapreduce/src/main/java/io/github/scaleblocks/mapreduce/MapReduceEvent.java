package io.github.scaleblocks.mapreduce;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a {@link MapReduceEngine} publishes to the listeners registered on its builder. Events are
 * built only when a listener is registered; progress is published per chunk of input (about every
 * mebibyte or few thousand records per task), never per record.
 */
public sealed interface MapReduceEvent {

  /** The phases of a job. */
  enum Phase {
    /** Reading input, mapping, combining, spilling. */
    MAP,
    /** Merging and reducing the partitions, writing output. */
    REDUCE
  }

  /** A job started; {@code totalBytes} is -1 when the input does not know its size. */
  record JobStarted(String job, long totalBytes, int reducePartitions) implements MapReduceEvent {}

  /**
   * Progress of a job.
   *
   * @param job the job's name
   * @param phase the phase now running
   * @param bytesRead input bytes read by successful and running map attempts
   * @param totalBytes the input's size, or -1 when unknown
   * @param recordsRead input records read
   * @param mapTasksDone map tasks finished
   * @param mapTasksTotal map tasks planned so far (can grow while a lazy input is read)
   * @param reduceTasksDone reduce partitions finished
   * @param reduceTasksTotal reduce partitions
   * @param spills spill files written so far
   */
  record Progress(
      String job,
      Phase phase,
      long bytesRead,
      long totalBytes,
      long recordsRead,
      int mapTasksDone,
      int mapTasksTotal,
      int reduceTasksDone,
      int reduceTasksTotal,
      long spills)
      implements MapReduceEvent {

    /**
     * The fraction of the job done in [0, 1]: the map phase counts for 0.8 (by bytes when the size
     * is known, else by tasks), the reduce phase for 0.2.
     */
    public double fractionDone() {
      double map;
      if (phase == Phase.REDUCE) {
        map = 1;
      } else if (totalBytes > 0) {
        map = Math.min(1.0, (double) bytesRead / totalBytes);
      } else {
        map = mapTasksTotal == 0 ? 0 : (double) mapTasksDone / mapTasksTotal;
      }
      double reduce = reduceTasksTotal == 0 ? 0 : (double) reduceTasksDone / reduceTasksTotal;
      return 0.8 * map + 0.2 * reduce;
    }
  }

  /** A map task spilled {@code records} pairs of one partition to {@code file}. */
  record Spilled(String job, String split, Path file, long records, long bytes)
      implements MapReduceEvent {}

  /** A task attempt failed and the task will run again. */
  record TaskRetried(String job, String location, int attempt, Throwable failure)
      implements MapReduceEvent {}

  /** The job finished successfully. */
  record JobCompleted(String job, Counters counters, Duration elapsed) implements MapReduceEvent {}

  /** The job failed. */
  record JobFailed(String job, MapReduceException failure) implements MapReduceEvent {}

  /** The job was cancelled and has cleaned up. */
  record JobCancelled(String job) implements MapReduceEvent {}
}
