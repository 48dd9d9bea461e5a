package io.github.scaleblocks.benchmarks;

import io.github.scaleblocks.queueing.WorkQueue;
import io.github.scaleblocks.queueing.WorkQueues;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End-to-end throughput of no-op jobs: one producer thread hands {@value #BATCH} jobs to the queue
 * and waits until the workers have run them all; a score is jobs per second. {@link
 * #noopThroughput} runs them through an in-memory {@link WorkQueue} (default options: bounded
 * capacity, priorities, retries armed, no listener); {@link #baseline_threadPoolExecutor} through a
 * {@link ThreadPoolExecutor} with the same number of worker threads over an unbounded {@link
 * LinkedBlockingQueue}, the JDK's plain answer to "run this asynchronously".
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WorkQueueBenchmark {
  static final int BATCH = 1_000;
  private static final String PAYLOAD = "job";

  /** The queue, the executor and the completion counter shared by the producer and the workers. */
  @State(Scope.Benchmark)
  public static class Queues {
    @Param({"2", "4"})
    public int workers;

    final AtomicLong done = new AtomicLong();
    long expected;
    WorkQueue<String> queue;
    ThreadPoolExecutor executor;
    Runnable task;

    @Setup(Level.Trial)
    public void setUp() {
      queue = WorkQueues.<String>inMemory().name("bench").capacity(10_000).build();
      queue.handle(job -> done.incrementAndGet(), workers);
      executor =
          new ThreadPoolExecutor(
              workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
      executor.prestartAllCoreThreads();
      task = done::incrementAndGet;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
      queue.close();
      executor.shutdown();
      executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    void awaitAll() {
      while (done.get() < expected) {
        Thread.onSpinWait();
      }
    }
  }

  /** {@value #BATCH} no-op jobs through the in-memory work queue, start to finish. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void noopThroughput(Queues q) {
    q.expected += BATCH;
    WorkQueue<String> queue = q.queue;
    for (int i = 0; i < BATCH; i++) {
      queue.enqueue(PAYLOAD);
    }
    q.awaitAll();
  }

  /** The same {@value #BATCH} no-op tasks through a ThreadPoolExecutor with as many workers. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void baseline_threadPoolExecutor(Queues q) {
    q.expected += BATCH;
    ThreadPoolExecutor executor = q.executor;
    Runnable task = q.task;
    for (int i = 0; i < BATCH; i++) {
      executor.execute(task);
    }
    q.awaitAll();
  }
}
