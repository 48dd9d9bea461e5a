package io.github.scaleblocks.mapreduce.spi;

import java.io.IOException;

/**
 * A source of input records, cut into splits that map tasks read in parallel. The built-ins are in
 * {@link io.github.scaleblocks.mapreduce.Inputs}; implement this for other sources (a database
 * table by key range, an object store listing).
 *
 * @param <I> record type
 */
@FunctionalInterface
public interface Input<I> {

  /**
   * Plans the splits for a job running {@code parallelism} tasks at once. Called once per job, on
   * the job's coordinator thread; an {@link IOException} (a missing or unreadable file) fails the
   * job.
   */
  SplitPlan<I> plan(int parallelism) throws IOException;
}
