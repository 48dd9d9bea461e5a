package io.github.scaleblocks.mapreduce;

import io.github.scaleblocks.mapreduce.spi.Input;
import io.github.scaleblocks.mapreduce.spi.Output;

/**
 * Runs {@link MapReduceJob}s in this JVM on all cores, in bounded memory. Thread-safe: one engine
 * can run many jobs, concurrently too (each with its own budget).
 *
 * <p>How a job runs:
 *
 * <ol>
 *   <li><b>Map</b>: the input is cut into splits (a text file into line-aligned byte ranges, so one
 *       large file is read by every core); up to {@code parallelism} map tasks run at once on the
 *       executor. Each task maps its records into its own hash buffer, applying the combiner
 *       eagerly (a word count holds one counter per distinct word, not one pair per word). The
 *       buffer is an open-addressing table with dense key and value arrays (no entry objects); with
 *       a {@link LongCombiner} the values are primitive {@code long}s updated in place; the
 *       partitioner runs once per distinct key when the buffer is flushed, not once per record.
 *   <li><b>Spill</b>: when a task's buffer outgrows its share of the memory budget, it sorts each
 *       partition's entries and writes them as a run to the temporary directory. A finished task's
 *       buffer is merged (combined) into one in-memory map per partition while those maps fit in
 *       half the budget; after that, finished buffers are spilled too. Memory is estimated (entry
 *       overhead plus key and value sizes), not measured.
 *   <li><b>Reduce</b>: up to {@code parallelism} partitions are reduced at once. A partition
 *       without spills is reduced from its in-memory map; otherwise that map and the runs are
 *       merged (an external k-way merge, in several passes beyond 64 runs), combined, grouped and
 *       reduced as a stream.
 * </ol>
 *
 * <p>A failed task attempt (an exception from the mapper, reducer, input or output) is retried up
 * to {@code maxAttempts} times in all; its output, spills and counters are discarded. Then the job
 * fails with a {@link MapReduceException} naming the split and record position. After success,
 * failure or cancellation the job's temporary directory is deleted.
 *
 * <p>When not to use it: for inputs that fit in memory and a one-line aggregation, a parallel
 * stream is simpler; for data beyond one machine's disk, run the same job on Spark.
 */
public interface MapReduceEngine {

  /** A builder with the defaults: all cores, a quarter of the max heap, the system temp dir. */
  static MapReduceEngineBuilder builder() {
    return new MapReduceEngineBuilder();
  }

  /** Starts {@code job} on {@code input}, writing to {@code output}, and returns at once. */
  <I, K, V, O, R> RunningJob<R> start(
      MapReduceJob<I, K, V, O> job, Input<I> input, Output<K, O, R> output);

  /**
   * Runs {@code job} and waits for it.
   *
   * @throws MapReduceException when the job fails
   * @throws java.util.concurrent.CancellationException when it is cancelled or this thread is
   *     interrupted (the job is then cancelled)
   */
  <I, K, V, O, R> JobResult<R> run(
      MapReduceJob<I, K, V, O> job, Input<I> input, Output<K, O, R> output);
}
