package io.github.scaleblocks.mapreduce;

import io.github.scaleblocks.mapreduce.MapReduceEvent.Phase;
import io.github.scaleblocks.mapreduce.spi.Input;
import io.github.scaleblocks.mapreduce.spi.InputSplit;
import io.github.scaleblocks.mapreduce.spi.Output;
import io.github.scaleblocks.mapreduce.spi.OutputSink;
import io.github.scaleblocks.mapreduce.spi.PartitionWriter;
import io.github.scaleblocks.mapreduce.spi.RecordSink;
import io.github.scaleblocks.mapreduce.spi.SplitPlan;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a job: the coordinator (on its own thread) plans the splits, keeps up to {@code
 * parallelism} tasks on the executor through a semaphore, waits for the map phase, then runs the
 * reduce partitions the same way, commits the output and deletes the temporary directory.
 *
 * <p>Design notes. Every task attempt works on private state (its buffer, its spill files, its
 * counters) and publishes it only on success, under {@link #shuffleLock} / {@link #countersLock};
 * so a failed or cancelled attempt leaves nothing behind but files it deletes itself. Stopping
 * (cancel or a failure) is a volatile flag that tasks poll every few thousand records; the
 * coordinator then waits for every slot to come back before it deletes the temporary directory, so
 * no task can write a file after the cleanup.
 */
final class JobRun<I, K, V, O, R> implements RunningJob<R> {
  private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);
  private static final int MERGE_FACTOR = 64;
  private static final int PROGRESS_RECORDS = 4096;
  private static final int COUNTERS = JobCounter.values().length;

  private final EngineConfig config;
  private final MapReduceJob<I, K, V, O> job;
  private final Input<I> input;
  private final Output<K, O, R> output;
  private final int partitionCount;
  private final long taskBudget;
  private final long keptBudget;
  private final CompletableFuture<JobResult<R>> result = new CompletableFuture<>();
  private final Semaphore slots;
  private final AtomicReference<@Nullable MapReduceException> failure = new AtomicReference<>();
  private volatile boolean stopping;
  private volatile boolean cancelled;

  private final Object tempLock = new Object();
  private @Nullable Path tempDir;
  private final AtomicLong fileSequence = new AtomicLong();

  private final LongAdder bytesRead = new LongAdder();
  private final LongAdder recordsRead = new LongAdder();
  private final AtomicInteger mapDone = new AtomicInteger();
  private final AtomicInteger mapTotal = new AtomicInteger();
  private final AtomicInteger reduceDone = new AtomicInteger();
  private final AtomicLong spills = new AtomicLong();

  /** The most keys a finished map task's buffer held at once: how later buffers are sized. */
  private final AtomicInteger keysSeen = new AtomicInteger();

  /**
   * Budget bytes per key a buffer is sized for: a byte table takes at most about 90 bytes per
   * expected key (36 per slot, at least 13/32 full), so a hinted buffer starts at under half its
   * task's budget.
   */
  private static final long BUDGET_PER_EXPECTED_KEY = 256;

  private final AtomicLong retries = new AtomicLong();
  private volatile Phase phase = Phase.MAP;
  private volatile long totalBytes = -1;

  private final Object countersLock = new Object();
  private final long[] counters = new long[COUNTERS];
  private final Map<String, Long> userCounters = new HashMap<>();

  /** Guards {@link #runningSplits} and {@link #tasksEnded}; notified when a task ends. */
  private final Object taskEnds = new Object();

  /** The splits of map tasks submitted and not yet ended (lock taskEnds). */
  private final Set<InputSplit<I>> runningSplits =
      Collections.newSetFromMap(new IdentityHashMap<>());

  /** Tasks that ended and gave back their slot (lock taskEnds). */
  private long tasksEnded;

  private final Object shuffleLock = new Object();

  /** Per partition, the merged buffers of the finished map tasks that were kept in memory. */
  private final List<MapBuffer<K, V>> kept = new ArrayList<>();

  private final List<List<Path>> runs = new ArrayList<>();
  private long keptBytes;

  JobRun(
      EngineConfig config, MapReduceJob<I, K, V, O> job, Input<I> input, Output<K, O, R> output) {
    this.config = config;
    this.job = job;
    this.input = input;
    this.output = output;
    this.partitionCount =
        job.reducePartitions() > 0 ? job.reducePartitions() : config.parallelism();
    // Running tasks share half the budget and the merged buffers of finished tasks get the other
    // half; a merge may overshoot its half by one task buffer, hence p + 1 shares.
    this.taskBudget = Math.max(1, config.memoryBudgetBytes() / (2L * (config.parallelism() + 1)));
    this.keptBudget = config.memoryBudgetBytes() / 2;
    this.slots = new Semaphore(config.parallelism());
    for (int p = 0; p < partitionCount; p++) {
      kept.add(newKept());
      runs.add(new ArrayList<>());
    }
  }

  /** An empty accumulator for one partition's kept keys (all its keys are in partition 0). */
  private MapBuffer<K, V> newKept() {
    return new MapBuffer<>(1, (key, partitions) -> 0, job.combiner(), null);
  }

  void start() {
    Thread coordinator = new Thread(this::coordinate, "mapreduce-" + job.name() + "-coordinator");
    coordinator.setDaemon(true);
    coordinator.start();
  }

  @Override
  public CompletableFuture<JobResult<R>> result() {
    return result;
  }

  @Override
  public void cancel() {
    if (!result.isDone()) {
      cancelled = true;
      stopping = true;
    }
  }

  @Override
  public MapReduceEvent.Progress progress() {
    return new MapReduceEvent.Progress(
        job.name(),
        phase,
        bytesRead.sum(),
        totalBytes,
        recordsRead.sum(),
        mapDone.get(),
        mapTotal.get(),
        reduceDone.get(),
        phase == Phase.REDUCE ? partitionCount : 0,
        spills.get());
  }

  private void publishProgress() {
    if (config.events().hasListeners()) {
      config.events().publish(progress());
    }
  }

  // ---------------------------------------------------------------- coordinator

  private void coordinate() {
    long start = config.ticker().read();
    ExecutorService ownPool = null;
    Executor executor = config.executor();
    if (executor == null) {
      AtomicInteger threads = new AtomicInteger();
      ownPool =
          Executors.newFixedThreadPool(
              config.parallelism(),
              task -> {
                Thread thread =
                    new Thread(task, "mapreduce-" + job.name() + "-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      executor = ownPool;
    }
    OutputSink<K, O, R> sink = null;
    R committed = null;
    boolean done = false;
    try {
      SplitPlan<I> plan = input.plan(config.parallelism());
      totalBytes = plan.totalBytes();
      if (config.events().hasListeners()) {
        config
            .events()
            .publish(new MapReduceEvent.JobStarted(job.name(), totalBytes, partitionCount));
      }
      Iterator<? extends InputSplit<I>> splits = plan.splits();
      while (!stopping && splits.hasNext()) {
        slots.acquireUninterruptibly();
        if (stopping) {
          slots.release();
          break;
        }
        InputSplit<I> split;
        try {
          split = splits.next();
        } catch (RuntimeException e) {
          slots.release();
          throw e;
        }
        submitMap(executor, split);
      }
      cutRunningSplits(executor);
      awaitTasks();
      if (!stopping) {
        phase = Phase.REDUCE;
        publishProgress();
        OutputSink<K, O, R> openSink = output.open(partitionCount, job.keyOrder());
        sink = openSink;
        for (int p = 0; p < partitionCount && !stopping; p++) {
          slots.acquireUninterruptibly();
          if (stopping) {
            slots.release();
            break;
          }
          int partition = p;
          submit(executor, () -> runReduceTask(openSink, partition));
        }
        awaitTasks();
        if (!stopping) {
          committed = openSink.commit();
          done = true;
        }
      }
    } catch (Throwable t) {
      fail(
          new MapReduceException(
              "job '" + job.name() + "' failed: " + t, stopping ? "job" : "input or output", t));
    } finally {
      awaitTasks();
      if (!done && sink != null) {
        sink.abort();
      }
      deleteTempDir();
      if (ownPool != null) {
        ownPool.shutdownNow();
      }
    }
    MapReduceException failed = failure.get();
    if (done && committed != null) {
      Duration elapsed = Duration.ofNanos(config.ticker().read() - start);
      Counters snapshot = counters();
      if (config.events().hasListeners()) {
        publishProgress();
        config.events().publish(new MapReduceEvent.JobCompleted(job.name(), snapshot, elapsed));
      }
      result.complete(new JobResult<>(committed, snapshot, elapsed));
    } else if (failed != null) {
      if (config.events().hasListeners()) {
        config.events().publish(new MapReduceEvent.JobFailed(job.name(), failed));
      }
      result.completeExceptionally(failed);
    } else {
      if (config.events().hasListeners()) {
        config.events().publish(new MapReduceEvent.JobCancelled(job.name()));
      }
      result.completeExceptionally(
          new CancellationException("job '" + job.name() + "' was cancelled"));
    }
  }

  /** Runs a map task on {@code split} in a slot the caller acquired. */
  private void submitMap(Executor executor, InputSplit<I> split) {
    mapTotal.incrementAndGet();
    synchronized (taskEnds) {
      runningSplits.add(split);
    }
    try {
      submit(executor, () -> runMapTask(split));
    } catch (RuntimeException e) {
      synchronized (taskEnds) {
        runningSplits.remove(split);
      }
      throw e;
    }
  }

  /**
   * Once every planned split has started: whenever a task slot is free, cuts the running split with
   * the most left ({@link InputSplit#trySplit}) and runs the part cut off as a new map task, until
   * no split is running. Without this the last splits finish on one worker each while the others
   * wait: a 2-thread word count over 16 splits had one worker idle for 0.4 % to 10.5 % of the job,
   * as much as one split's time when the two workers ran at different speeds.
   */
  private void cutRunningSplits(Executor executor) {
    boolean interrupted = false;
    while (!stopping) {
      long seen;
      synchronized (taskEnds) {
        if (runningSplits.isEmpty()) {
          break;
        }
        seen = tasksEnded;
      }
      if (slots.tryAcquire()) {
        InputSplit<I> piece = cutLargest();
        if (piece != null) {
          submitMap(executor, piece);
          continue;
        }
        slots.release();
      }
      synchronized (taskEnds) {
        while (tasksEnded == seen && !runningSplits.isEmpty()) {
          try {
            taskEnds.wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** A part cut off the running split with the most left that can be cut, or null. */
  private @Nullable InputSplit<I> cutLargest() {
    List<InputSplit<I>> running;
    synchronized (taskEnds) {
      running = new ArrayList<>(runningSplits);
    }
    long[] remaining = new long[running.size()];
    Integer[] order = new Integer[running.size()];
    for (int i = 0; i < order.length; i++) {
      remaining[i] = running.get(i).estimateRemaining();
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(remaining[b], remaining[a]));
    for (int i : order) {
      InputSplit<I> piece = running.get(i).trySplit();
      if (piece != null) {
        return piece;
      }
    }
    return null;
  }

  private void submit(Executor executor, Runnable task) {
    try {
      executor.execute(
          () -> {
            try {
              task.run();
            } finally {
              slots.release();
              synchronized (taskEnds) {
                tasksEnded++;
                taskEnds.notifyAll();
              }
            }
          });
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
  }

  private void awaitTasks() {
    slots.acquireUninterruptibly(config.parallelism());
    slots.release(config.parallelism());
  }

  private void fail(MapReduceException e) {
    if (failure.compareAndSet(null, e)) {
      LOG.debug("job '{}' failed at {}", job.name(), e.location(), e);
    }
    stopping = true;
  }

  private Counters counters() {
    synchronized (countersLock) {
      EnumMap<JobCounter, Long> builtIn = new EnumMap<>(JobCounter.class);
      for (JobCounter counter : JobCounter.values()) {
        builtIn.put(counter, counters[counter.ordinal()]);
      }
      builtIn.put(JobCounter.RETRIED_TASKS, retries.get());
      return new Counters(builtIn, userCounters);
    }
  }

  private void commitCounters(Attempt attempt) {
    synchronized (countersLock) {
      for (int i = 0; i < COUNTERS; i++) {
        counters[i] += attempt.counters[i];
      }
      attempt.user.forEach((name, delta) -> userCounters.merge(name, delta, Long::sum));
    }
  }

  private Path tempDir() throws IOException {
    synchronized (tempLock) {
      if (tempDir == null) {
        Files.createDirectories(config.tempDirectory());
        tempDir = Files.createTempDirectory(config.tempDirectory(), "mapreduce-");
      }
      return tempDir;
    }
  }

  private Path newTempFile(String kind, int partition) throws IOException {
    return tempDir()
        .resolve(kind + "-" + fileSequence.incrementAndGet() + "-p" + partition + ".run");
  }

  private void deleteTempDir() {
    Path dir;
    synchronized (tempLock) {
      dir = tempDir;
      tempDir = null;
    }
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      LOG.warn("job '{}' could not delete its temporary directory {}", job.name(), dir, e);
    }
  }

  private static void deleteQuietly(List<Path> files) {
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("could not delete {}", file, e);
      }
    }
  }

  /** A task's private state for one attempt. */
  private static final class Attempt {
    final long[] counters = new long[COUNTERS];
    final Map<String, Long> user = new HashMap<>();
    final List<Path> files = new ArrayList<>();
    long position = -1;
    long bytes;
    long records;
    long reportedRecords;
    @Nullable Object key;

    void increment(String name, long delta) {
      if (name == null) {
        throw new NullPointerException("counter name must not be null");
      }
      user.merge(name, delta, Long::sum);
    }
  }

  /** Thrown inside a task to unwind it when the job is stopping. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Stopped INSTANCE = new Stopped();

    private Stopped() {
      super("job stopping", null, false, false);
    }
  }

  /** A failure that retrying cannot fix. */
  private static final class Fatal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Fatal(String message) {
      super(message);
    }
  }

  // ---------------------------------------------------------------- map

  private void runMapTask(InputSplit<I> split) {
    try {
      attemptMapTask(split);
    } finally {
      synchronized (taskEnds) {
        runningSplits.remove(split);
      }
    }
  }

  private void attemptMapTask(InputSplit<I> split) {
    for (int attemptNumber = 1; ; attemptNumber++) {
      Attempt attempt = new Attempt();
      try {
        mapAttempt(split, attempt);
        mapDone.incrementAndGet();
        publishProgress();
        return;
      } catch (Throwable t) {
        deleteQuietly(attempt.files);
        bytesRead.add(-attempt.bytes);
        recordsRead.add(-attempt.reportedRecords);
        if (t instanceof Stopped || stopping) {
          return;
        }
        String location =
            split.description() + (attempt.position < 0 ? "" : " at position " + attempt.position);
        if (!retryable(t, attemptNumber, location)) {
          fail(
              new MapReduceException(
                  "job '"
                      + job.name()
                      + "': map task failed after "
                      + attemptNumber
                      + " attempt(s) on "
                      + location
                      + ": "
                      + t,
                  location,
                  t));
          return;
        }
      }
    }
  }

  private boolean retryable(Throwable t, int attemptNumber, String location) {
    if (t instanceof Error || t instanceof Fatal || attemptNumber >= config.maxAttempts()) {
      return false;
    }
    retries.incrementAndGet();
    if (config.events().hasListeners()) {
      config
          .events()
          .publish(new MapReduceEvent.TaskRetried(job.name(), location, attemptNumber, t));
    }
    return true;
  }

  private void mapAttempt(InputSplit<I> split, Attempt attempt) throws Exception {
    KeyDecoder<K> keyDecoder = job.keyDecoder();
    // Sized for the most keys an earlier task held, within a share of the task's budget that
    // leaves room for keys: so the first record can never push a fresh buffer over the budget.
    int expectedKeys = (int) Math.min(keysSeen.get(), taskBudget / BUDGET_PER_EXPECTED_KEY);
    MapBuffer<K, V> buffer =
        new MapBuffer<>(
            partitionCount, job.partitioner(), job.combiner(), keyDecoder, expectedKeys);
    Mapper<I, K, V> mapper = job.mapper();
    long[] c = attempt.counters;
    MapContext<K, V> context =
        new MapContext<>() {
          @Override
          public void emit(K key, V value) {
            if (key == null || value == null) {
              throw new NullPointerException(
                  "mapper emitted a null key or value: " + key + ", " + value);
            }
            c[JobCounter.MAP_OUTPUT_RECORDS.ordinal()]++;
            buffer.add(key, value);
          }

          @Override
          public void emitBytes(byte[] key, int offset, int length, V value) {
            if (key == null || value == null) {
              throw new NullPointerException(
                  "mapper emitted null key bytes or a null value: "
                      + (key == null ? "null key" : "key of " + key.length + " bytes")
                      + ", "
                      + value);
            }
            Objects.checkFromIndexSize(offset, length, key.length);
            if (keyDecoder == null) {
              throw new Fatal(
                  "job '"
                      + job.name()
                      + "' emits keys as bytes but has no key decoder: set"
                      + " MapReduceJobBuilder.keyDecoder(...)");
            }
            c[JobCounter.MAP_OUTPUT_RECORDS.ordinal()]++;
            buffer.addBytes(key, offset, length, value);
          }

          @Override
          public void increment(String name, long delta) {
            attempt.increment(name, delta);
          }
        };
    split.read(
        new RecordSink<I>() {
          @Override
          public void accept(I record, long position) throws Exception {
            attempt.position = position;
            if (++attempt.records - attempt.reportedRecords >= PROGRESS_RECORDS) {
              reportRecords(attempt);
            }
            mapper.map(record, context);
            if (buffer.estimatedBytes > taskBudget) {
              spill(buffer, attempt, split.description());
            }
          }

          @Override
          public void bytesRead(long bytes) {
            attempt.bytes += bytes;
            bytesRead.add(bytes);
            reportRecords(attempt);
          }
        });
    reportRecords(attempt);
    keysSeen.accumulateAndGet(buffer.mostEntries(), Math::max);
    c[JobCounter.INPUT_RECORDS.ordinal()] = attempt.records;
    c[JobCounter.INPUT_BYTES.ordinal()] = attempt.bytes;
    c[JobCounter.COMBINE_INPUT_RECORDS.ordinal()] = buffer.combineInput;
    long reserved = buffer.estimatedBytes;
    boolean keep;
    synchronized (shuffleLock) {
      keep = keptBytes < keptBudget;
      if (keep) {
        keptBytes += reserved;
      }
    }
    if (keep) {
      if (!buffer.valueLists()) {
        c[JobCounter.COMBINE_OUTPUT_RECORDS.ordinal()] += buffer.entries();
      }
      long added = mergeIntoPartitions(buffer);
      synchronized (shuffleLock) {
        keptBytes += added - reserved;
      }
    } else {
      spill(buffer, attempt, split.description());
    }
    synchronized (shuffleLock) {
      for (Path file : attempt.files) {
        runs.get(partitionOf(file)).add(file);
      }
    }
    commitCounters(attempt);
  }

  /**
   * Merges a finished task's buffer into the per-partition buffers of finished tasks ("merge per
   * partition"), so memory holds the union of the keys rather than one copy per task; returns the
   * estimated bytes added. Runs once the task can no longer fail: a combiner exception here would
   * leave a partition half merged, so it fails the job instead of retrying the task.
   */
  private long mergeIntoPartitions(MapBuffer<K, V> buffer) {
    long added = 0;
    for (int p = 0; p < partitionCount; p++) {
      if (buffer.size(p) == 0) {
        continue;
      }
      MapBuffer<K, V> into = kept.get(p);
      synchronized (into) {
        long before = into.estimatedBytes;
        try {
          buffer.mergeInto(into, p);
        } catch (RuntimeException e) {
          throw new Fatal("the combiner failed while merging a finished map task: " + e);
        }
        added += into.estimatedBytes - before;
      }
    }
    return added;
  }

  private void reportRecords(Attempt attempt) {
    long delta = attempt.records - attempt.reportedRecords;
    if (delta > 0) {
      attempt.reportedRecords = attempt.records;
      recordsRead.add(delta);
      publishProgress();
    }
    if (stopping) {
      throw Stopped.INSTANCE;
    }
  }

  private static int partitionOf(Path runFile) {
    String name = runFile.getFileName().toString();
    return Integer.parseInt(name.substring(name.lastIndexOf("-p") + 2, name.length() - 4));
  }

  private void spill(MapBuffer<K, V> buffer, Attempt attempt, String split) throws IOException {
    Codec<K> keyCodec = job.keyCodec();
    Codec<V> valueCodec = job.valueCodec();
    if (keyCodec == null || valueCodec == null) {
      throw new Fatal(
          "job '"
              + job.name()
              + "' outgrew its memory budget of "
              + config.memoryBudgetBytes()
              + " bytes (a map task's buffer holds about "
              + buffer.estimatedBytes
              + " bytes) and has no codecs to spill with: set "
              + "MapReduceJobBuilder.codecs(...) or raise MapReduceEngineBuilder.memoryBudgetBytes");
    }
    for (int partition = 0; partition < buffer.partitionCount(); partition++) {
      int p = partition;
      int keys = buffer.size(p);
      if (keys == 0) {
        continue;
      }
      List<SpillFiles.Sorted<K, V>> sorted =
          SpillFiles.sort(
              keys,
              entries -> buffer.forEach(p, entries),
              buffer.valueLists(),
              keyCodec,
              job.keyOrder());
      Path file = newTempFile("spill", p);
      attempt.files.add(file);
      long size = SpillFiles.write(file, sorted, valueCodec);
      attempt.counters[JobCounter.SPILLED_RECORDS.ordinal()] += sorted.size();
      attempt.counters[JobCounter.SPILLS.ordinal()]++;
      if (!buffer.valueLists()) {
        attempt.counters[JobCounter.COMBINE_OUTPUT_RECORDS.ordinal()] += keys;
      }
      spills.incrementAndGet();
      if (config.events().hasListeners()) {
        config
            .events()
            .publish(new MapReduceEvent.Spilled(job.name(), split, file, sorted.size(), size));
      }
    }
    buffer.reset();
    if (stopping) {
      throw Stopped.INSTANCE;
    }
  }

  // ---------------------------------------------------------------- reduce

  private void runReduceTask(OutputSink<K, O, R> sink, int partition) {
    for (int attemptNumber = 1; ; attemptNumber++) {
      Attempt attempt = new Attempt();
      PartitionWriter<K, O> writer = null;
      try {
        writer = sink.partition(partition);
        reduceAttempt(partition, writer, attempt);
        writer.commit();
        commitCounters(attempt);
        List<Path> done;
        synchronized (shuffleLock) {
          done = new ArrayList<>(runs.get(partition));
          runs.get(partition).clear();
          kept.set(partition, newKept());
        }
        deleteQuietly(done);
        deleteQuietly(attempt.files);
        reduceDone.incrementAndGet();
        publishProgress();
        return;
      } catch (Throwable t) {
        if (writer != null) {
          writer.abort();
        }
        deleteQuietly(attempt.files);
        if (t instanceof Stopped || stopping) {
          return;
        }
        String location =
            "reduce partition " + partition + (attempt.key == null ? "" : " at key " + attempt.key);
        if (!retryable(t, attemptNumber, location)) {
          fail(
              new MapReduceException(
                  "job '"
                      + job.name()
                      + "': reduce task failed after "
                      + attemptNumber
                      + " attempt(s) on "
                      + location
                      + ": "
                      + t,
                  location,
                  t));
          return;
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void reduceAttempt(int partition, PartitionWriter<K, O> writer, Attempt attempt)
      throws Exception {
    MapBuffer<K, V> inMemory;
    List<Path> files;
    synchronized (shuffleLock) {
      inMemory = kept.get(partition);
      files = List.copyOf(runs.get(partition));
    }
    long[] c = attempt.counters;
    ReduceContext<O> context =
        new ReduceContext<>() {
          @Override
          public void write(O value) {
            Object key = attempt.key;
            if (value == null || key == null) {
              throw new NullPointerException("reducer wrote a null output for key " + key);
            }
            c[JobCounter.OUTPUT_RECORDS.ordinal()]++;
            try {
              writer.write((K) key, value);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }

          @Override
          public void increment(String name, long delta) {
            attempt.increment(name, delta);
          }
        };
    Reducer<K, V, O> reducer = job.reducer();
    Combiner<V> combiner = job.combiner();
    if (files.isEmpty()) {
      for (int i : inMemory.entryOrder(job.keyOrder())) {
        K key = inMemory.keyAt(i);
        attempt.key = key;
        if ((++c[JobCounter.REDUCE_GROUPS.ordinal()] & 1023) == 0 && stopping) {
          throw Stopped.INSTANCE;
        }
        Object value = inMemory.valueAt(i);
        Iterable<V> values = combiner != null ? List.of((V) value) : (List<V>) value;
        reducer.reduce(key, values, context);
      }
      return;
    }
    Codec<K> keyCodec = job.keyCodec();
    Codec<V> valueCodec = job.valueCodec();
    if (keyCodec == null || valueCodec == null) {
      throw new Fatal("spill files exist but the job has no codecs");
    }
    List<Path> current = files;
    while (current.size() + 1 > MERGE_FACTOR && current.size() > 1) {
      List<Path> next = new ArrayList<>();
      for (int from = 0; from < current.size(); from += MERGE_FACTOR) {
        List<Path> batch = current.subList(from, Math.min(current.size(), from + MERGE_FACTOR));
        Path merged = newTempFile("merge", partition);
        attempt.files.add(merged);
        mergeFiles(batch, merged, keyCodec, valueCodec, combiner, attempt);
        next.add(merged);
      }
      current = next;
    }
    List<Cursor<K, V>> cursors = new ArrayList<>();
    boolean valueLists = combiner == null;
    if (inMemory.entries() > 0) {
      cursors.add(
          new Cursor.MemoryCursor<>(
              SpillFiles.sort(
                  (int) inMemory.entries(),
                  inMemory::forEachEntry,
                  valueLists,
                  keyCodec,
                  job.keyOrder())));
    }
    cursors.addAll(openAll(current, keyCodec, valueCodec));
    try (Merge<K, V> merge = new Merge<>(cursors, keyCodec, job.keyOrder())) {
      K key;
      while ((key = merge.nextGroup()) != null) {
        attempt.key = key;
        if ((++c[JobCounter.REDUCE_GROUPS.ordinal()] & 1023) == 0 && stopping) {
          throw Stopped.INSTANCE;
        }
        reducer.reduce(key, new GroupValues<>(merge), context);
      }
    }
  }

  private List<Cursor<K, V>> openAll(List<Path> files, Codec<K> keyCodec, Codec<V> valueCodec)
      throws IOException {
    List<Cursor<K, V>> opened = new ArrayList<>(files.size());
    try {
      for (Path file : files) {
        opened.add(SpillFiles.open(file, keyCodec, valueCodec, job.keyOrder() != null));
      }
    } catch (IOException | RuntimeException e) {
      for (Cursor<K, V> cursor : opened) {
        try {
          cursor.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    return opened;
  }

  private void mergeFiles(
      List<Path> batch,
      Path target,
      Codec<K> keyCodec,
      Codec<V> valueCodec,
      @Nullable Combiner<V> combiner,
      Attempt attempt)
      throws IOException {
    try (Merge<K, V> merge =
            new Merge<>(openAll(batch, keyCodec, valueCodec), keyCodec, job.keyOrder());
        DataOutputStream out = SpillFiles.create(target)) {
      long records = 0;
      while (merge.nextGroup() != null) {
        byte[] keyBytes = merge.groupBytes();
        if (combiner != null) {
          V acc = merge.nextValue();
          while (merge.hasValue()) {
            acc = combiner.combine(acc, merge.nextValue());
          }
          out.writeInt(keyBytes.length);
          out.write(keyBytes);
          valueCodec.write(acc, out);
          records++;
        } else {
          while (merge.hasValue()) {
            out.writeInt(keyBytes.length);
            out.write(keyBytes);
            valueCodec.write(merge.nextValue(), out);
            records++;
          }
        }
        if ((records & 1023) == 0 && stopping) {
          throw Stopped.INSTANCE;
        }
      }
      attempt.counters[JobCounter.SPILLED_RECORDS.ordinal()] += records;
    }
  }

  /** A key group's values streamed from a {@link Merge}; iterable once. */
  private static final class GroupValues<K, V> implements Iterable<V>, Iterator<V> {
    private final Merge<K, V> merge;
    private boolean iterated;

    GroupValues(Merge<K, V> merge) {
      this.merge = merge;
    }

    @Override
    public Iterator<V> iterator() {
      if (iterated) {
        throw new IllegalStateException("reduce values can be iterated only once");
      }
      iterated = true;
      return this;
    }

    @Override
    public boolean hasNext() {
      return merge.hasValue();
    }

    @Override
    public V next() {
      if (!merge.hasValue()) {
        throw new NoSuchElementException();
      }
      try {
        return merge.nextValue();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
