package io.github.scaleblocks.mapreduce;

import java.util.concurrent.CompletableFuture;

/**
 * A job started by {@link MapReduceEngine#start}. Thread-safe.
 *
 * @param <R> the output's result type
 */
public interface RunningJob<R> {

  /**
   * Completes with the result; or exceptionally with a {@link MapReduceException} when the job
   * failed, or a {@link java.util.concurrent.CancellationException} after {@link #cancel()}. It
   * completes only after every task has stopped and the job's temporary files are deleted.
   * Cancelling this future does not cancel the job: call {@link #cancel()}.
   */
  CompletableFuture<JobResult<R>> result();

  /**
   * Asks the job to stop: no new task starts, running tasks stop at their next record, temporary
   * files and partial outputs are deleted, and {@link #result()} completes with a {@link
   * java.util.concurrent.CancellationException}. No effect once the job has finished.
   */
  void cancel();

  /** A snapshot of the job's progress. */
  MapReduceEvent.Progress progress();
}
