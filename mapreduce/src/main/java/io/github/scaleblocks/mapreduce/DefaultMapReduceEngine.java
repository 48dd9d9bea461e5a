package io.github.scaleblocks.mapreduce;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.mapreduce.spi.Input;
import io.github.scaleblocks.mapreduce.spi.Output;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

/** The engine built by {@link MapReduceEngineBuilder}; each job runs as a {@link JobRun}. */
final class DefaultMapReduceEngine implements MapReduceEngine {
  private final EngineConfig config;

  DefaultMapReduceEngine(EngineConfig config) {
    this.config = config;
  }

  @Override
  public <I, K, V, O, R> RunningJob<R> start(
      MapReduceJob<I, K, V, O> job, Input<I> input, Output<K, O, R> output) {
    Checks.notNull(job, "job");
    Checks.notNull(input, "input");
    Checks.notNull(output, "output");
    JobRun<I, K, V, O, R> run = new JobRun<>(config, job, input, output);
    run.start();
    return run;
  }

  @Override
  public <I, K, V, O, R> JobResult<R> run(
      MapReduceJob<I, K, V, O> job, Input<I> input, Output<K, O, R> output) {
    RunningJob<R> running = start(job, input, output);
    try {
      return running.result().get();
    } catch (InterruptedException e) {
      running.cancel();
      running.result().handle((r, t) -> null).join();
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for job '" + job.name() + "'");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof MapReduceException failure) {
        throw failure;
      }
      throw new IllegalStateException("job '" + job.name() + "' failed", cause);
    }
  }

  @Override
  public String toString() {
    return "MapReduceEngine[parallelism="
        + config.parallelism()
        + ", memoryBudgetBytes="
        + config.memoryBudgetBytes()
        + "]";
  }
}
