package io.github.scaleblocks.examples.tinyurl;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.queueing.Job;
import io.github.scaleblocks.queueing.JobOptions;
import io.github.scaleblocks.queueing.JobRequest;
import io.github.scaleblocks.queueing.OverflowPolicy;
import io.github.scaleblocks.queueing.WorkQueue;
import io.github.scaleblocks.queueing.WorkQueues;
import io.github.scaleblocks.queueing.jdbc.JdbcQueueBackends;
import io.github.scaleblocks.queueing.spi.QueueBackend;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Click events from redirects to the click log, through the queueing block.
 *
 * <h2>Design</h2>
 *
 * <p>The redirect's share ({@link #record}) is one {@code AtomicInteger} increment, one small
 * object and one enqueue on the in-memory {@code WorkQueue}'s lock-free path: no database, no lock,
 * no logging, never a wait. The count of clicks not yet settled is also the bound: past {@code
 * capacity} the click is dropped and counted ({@link #dropped()}), so a stalled database costs
 * clicks, never redirect latency or memory.
 *
 * <p>One consumer takes the events in batches ({@code WorkQueue.handleBatches}: up to {@code
 * batchSize} events, or what arrived within {@code batchWait} after the first) and parses them into
 * {@link Click}s (referrer host, user-agent class). Then, by mode:
 *
 * <ul>
 *   <li>{@link ClickMode#QUEUED}: each shard's clicks of the batch are written in one transaction
 *       ({@link ClickStore#write}). A shard that fails does not hold back the others: its events go
 *       back on the queue with a delay of {@value #RETRY_DELAY_MILLIS} ms (and are dropped and
 *       counted if the queue is full), so no successful shard's clicks are written twice.
 *   <li>{@link ClickMode#DURABLE}: each shard's clicks of the batch become one {@link ClickBatch}
 *       job, and all jobs of the batch are stored in the durable queue in one transaction (a
 *       failure retries the whole in-memory batch, nothing was stored). A second consumer writes
 *       each job to its shard with the batch's id, so a job delivered twice is written once.
 *   <li>{@link ClickMode#SYNC}: no queue; {@link #record} writes the click before returning.
 *   <li>{@link ClickMode#OFF}: {@link #record} does nothing.
 * </ul>
 *
 * <p>Counts. The consumers only append segments to the click log; the per-day counts the stats read
 * are folded from the log ({@link ClickStore#fold}) by a scheduled task every {@code foldInterval},
 * by {@link #drain}, after each write in sync mode, and once more at {@link #close}. Folding every
 * few seconds merges the batches of a busy code into one counts update; the stats lag the redirects
 * by up to that interval (plus a batch wait).
 *
 * <p>Losses. Orderly shutdown ({@link #close}) waits for every queued event to be written (or, in
 * durable mode, stored as a durable job). A crash loses, in {@code QUEUED} mode, every event not
 * yet written (normally one batch wait's worth, at most {@code capacity}); in {@code DURABLE} mode,
 * only the events not yet gathered into a durable job (one batch wait's worth); stored jobs are
 * written after the restart, by this process or any other sharing the queue table.
 *
 * <p>Thread-safe.
 */
final class ClickEvents implements AutoCloseable {
  static final long RETRY_DELAY_MILLIS = 1_000;
  static final String DURABLE_TABLE = "tinyurl_click_jobs";
  private static final Logger LOG = LoggerFactory.getLogger(ClickEvents.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final ClickMode mode;
  private final ClickStore store;
  private final Clock clock;
  private final int capacity;
  private final int batchSize;
  private final Duration batchWait;
  private final Duration foldInterval;
  private @Nullable ScheduledExecutorService folder; // guarded by this
  private final @Nullable WorkQueue<ClickEvent> front;
  private final @Nullable WorkQueue<ClickBatch> durable;
  private final AtomicInteger outstanding = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final Set<String> pendingBatches = ConcurrentHashMap.newKeySet();
  private final Object settled = new Object();
  private long droppedLogged;
  private long lastDropLogNanos;
  private boolean started;
  private boolean storedStarted;

  private ClickEvents(
      ClickMode mode,
      ClickStore store,
      Clock clock,
      int capacity,
      int batchSize,
      Duration batchWait,
      Duration foldInterval,
      @Nullable WorkQueue<ClickEvent> front,
      @Nullable WorkQueue<ClickBatch> durable) {
    this.mode = mode;
    this.store = store;
    this.clock = clock;
    this.capacity = capacity;
    this.batchSize = batchSize;
    this.batchWait = batchWait;
    this.foldInterval = foldInterval;
    this.front = front;
    this.durable = durable;
  }

  /**
   * The click pipeline of {@code mode}. For {@link ClickMode#DURABLE} the durable queue lives in
   * the H2 file {@code durableH2File} when given (the embedded default), else in table {@value
   * #DURABLE_TABLE} of {@code durableDatabase} (the first configured database). The per-day counts
   * are folded from the log every {@code foldInterval}. The consumers and the fold start with
   * {@link #startWriters()}.
   */
  static ClickEvents open(
      ClickMode mode,
      ClickStore store,
      Clock clock,
      int capacity,
      int batchSize,
      Duration batchWait,
      Duration foldInterval,
      @Nullable Path durableH2File,
      DataSource durableDatabase) {
    Checks.positive(capacity, "click queue capacity");
    Checks.positive(foldInterval, "click fold interval");
    Checks.positive(batchSize, "click batch size");
    Checks.notNegative(batchWait, "click batch wait");
    WorkQueue<ClickEvent> front = null;
    WorkQueue<ClickBatch> durable = null;
    if (mode == ClickMode.QUEUED || mode == ClickMode.DURABLE) {
      front =
          WorkQueues.<ClickEvent>inMemory()
              .name("tinyurl-clicks")
              // record() bounds the events at capacity; the queue's own bound only adds room for
              // events coming back for a retry
              .capacity(capacity * 2)
              .overflow(OverflowPolicy.REJECT)
              .maxAttempts(1_000_000)
              .backoff(Duration.ofMillis(100), Duration.ofSeconds(10))
              .shutdownTimeout(CLOSE_TIMEOUT)
              .build();
    }
    if (mode == ClickMode.DURABLE) {
      // the embedded file is shared by processes on this machine (AUTO_SERVER). H2 then refuses
      // DB_CLOSE_ON_EXIT=FALSE, so on SIGTERM its shutdown hook may close the file before ours
      // stored the last batch wait's clicks: the same bound as a crash.
      QueueBackend<ClickBatch> backend;
      try {
        backend =
            durableH2File != null
                ? JdbcQueueBackends.h2File(durableH2File, ClickBatch.CODEC)
                    .table(DURABLE_TABLE)
                    .build()
                : JdbcQueueBackends.builder(durableDatabase, ClickBatch.CODEC)
                    .table(DURABLE_TABLE)
                    .build();
      } catch (RuntimeException e) {
        if (front != null) {
          front.close();
        }
        throw e;
      }
      durable =
          WorkQueues.builder(backend)
              .name("tinyurl-click-batches")
              .maxAttempts(100)
              .backoff(Duration.ofSeconds(1), Duration.ofMinutes(1))
              .shutdownTimeout(CLOSE_TIMEOUT)
              .build();
    }
    return new ClickEvents(
        mode, store, clock, capacity, batchSize, batchWait, foldInterval, front, durable);
  }

  ClickMode mode() {
    return mode;
  }

  /** Starts the consumers and the fold (once); until then events wait in the queue. */
  void startWriters() {
    startWriters(true, true);
  }

  /**
   * Starts the in-memory consumer when {@code events}, and the durable queue's consumer when {@code
   * stored} (tests leave one off to see what waits where). Each starts at most once.
   */
  synchronized void startWriters(boolean events, boolean stored) {
    WorkQueue<ClickEvent> queue = front;
    if (events && !started && queue != null) {
      started = true;
      if (mode == ClickMode.DURABLE) {
        queue.handleBatches(this::storeBatches, 1, batchSize, batchWait);
      } else {
        queue.handleBatches(this::writeBatches, 1, batchSize, batchWait);
      }
    }
    WorkQueue<ClickBatch> batches = durable;
    if (stored && !storedStarted && batches != null) {
      storedStarted = true;
      batches.handle(this::writeStored, 1);
    }
    if (folder == null && mode != ClickMode.OFF) {
      ScheduledExecutorService scheduler =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "tinyurl-click-fold");
                thread.setDaemon(true);
                return thread;
              });
      long millis = foldInterval.toMillis();
      var unused =
          scheduler.scheduleWithFixedDelay(
              this::foldQuietly, millis, millis, TimeUnit.MILLISECONDS);
      folder = scheduler;
    }
  }

  private void foldQuietly() {
    try {
      store.foldAll();
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "could not fold the click log into the counts; next try in {}: {}",
          foldInterval,
          e.toString());
    }
  }

  /**
   * Records a click of {@code code} now. In the queued modes: never blocks, never throws, drops
   * (and counts) the click when {@code capacity} clicks are waiting. In sync mode: writes it.
   */
  void record(String code, @Nullable String referrer, @Nullable String userAgent)
      throws SQLException {
    if (front != null) {
      enqueue(code, referrer, userAgent);
      return;
    }
    if (mode == ClickMode.SYNC) {
      Click click = Click.of(new ClickEvent(code, clock.millis(), referrer, userAgent));
      String shard = store.shardOf(code);
      store.write(shard, List.of(click), null, click.atMillis());
      try {
        store.fold(shard);
      } catch (SQLException | RuntimeException e) {
        // the click is written and stays pending: the scheduled fold counts it, so the redirect
        // does not fail for it
        LOG.debug("could not fold {} after a sync click; the scheduled fold will", shard, e);
      }
    }
  }

  /**
   * Records a click in the queued modes (never blocks, never throws; drops and counts the click
   * when {@code capacity} clicks are waiting); does nothing in the other modes, so callers that
   * cannot block (Undertow's I/O thread) call this, never {@link #record}, and leave sync mode to a
   * worker thread.
   */
  void enqueue(String code, @Nullable String referrer, @Nullable String userAgent) {
    WorkQueue<ClickEvent> events = front;
    if (events != null) {
      if (outstanding.incrementAndGet() > capacity) {
        outstanding.decrementAndGet();
        dropped.increment();
        return;
      }
      try {
        events.enqueue(new ClickEvent(code, clock.millis(), referrer, userAgent));
      } catch (RuntimeException e) { // full (a retry took the room) or shut down
        dropped.increment();
        settle(1);
      }
    }
  }

  /** Clicks dropped because the queue held {@code capacity} clicks (or was shut down). */
  long dropped() {
    return dropped.sum();
  }

  /** Clicks recorded and not yet written (or, in durable mode, not yet stored as a job). */
  int waiting() {
    return outstanding.get();
  }

  /**
   * Waits until every click recorded so far is written to its shard (in durable mode: and every
   * durable batch this process stored is written), or {@code timeout} passes, then folds the log
   * into the counts. For tests; the consumers must be started. Returns whether everything was
   * written and folded.
   */
  boolean drain(Duration timeout) throws InterruptedException {
    if (!await(timeout, true)) {
      return false;
    }
    try {
      store.foldAll();
      return true;
    } catch (SQLException | RuntimeException e) {
      LOG.warn("could not fold the click log into the counts: {}", e.toString());
      return false;
    }
  }

  /**
   * Waits until every click recorded so far is written or, in durable mode, stored as a durable job
   * (what an orderly shutdown waits for), or {@code timeout} passes.
   */
  boolean awaitQueued(Duration timeout) throws InterruptedException {
    return await(timeout, false);
  }

  private boolean await(Duration timeout, boolean durableToo) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (settled) {
      while (outstanding.get() > 0 || (durableToo && !pendingBatches.isEmpty())) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(settled, left);
      }
    }
    return true;
  }

  private void settle(int clicks) {
    if (clicks > 0) {
      outstanding.addAndGet(-clicks);
    }
    synchronized (settled) {
      settled.notifyAll();
    }
  }

  /** QUEUED: writes each shard's clicks; a failed shard's events come back after a delay. */
  private void writeBatches(List<Job<ClickEvent>> jobs) {
    Map<String, List<ClickEvent>> byShard = new LinkedHashMap<>();
    for (Job<ClickEvent> job : jobs) {
      ClickEvent event = job.payload();
      byShard.computeIfAbsent(store.shardOf(event.code()), id -> new ArrayList<>()).add(event);
    }
    int done = 0;
    for (Map.Entry<String, List<ClickEvent>> shard : byShard.entrySet()) {
      List<ClickEvent> events = shard.getValue();
      List<Click> clicks = new ArrayList<>(events.size());
      for (ClickEvent event : events) {
        clicks.add(Click.of(event));
      }
      try {
        store.write(shard.getKey(), clicks, null, clock.millis());
        done += events.size();
      } catch (SQLException | RuntimeException e) {
        LOG.warn(
            "could not write {} clicks to {}; retrying in {} ms: {}",
            events.size(),
            shard.getKey(),
            RETRY_DELAY_MILLIS,
            e.toString());
        done += retryLater(events);
      }
    }
    settle(done);
    logDrops();
  }

  /** Puts {@code events} back with a delay; returns how many could not be (dropped). */
  private int retryLater(List<ClickEvent> events) {
    WorkQueue<ClickEvent> queue = front;
    int lost = 0;
    JobOptions later = JobOptions.defaults().withDelay(Duration.ofMillis(RETRY_DELAY_MILLIS));
    for (ClickEvent event : events) {
      try {
        if (queue == null) {
          throw new IllegalStateException("no queue");
        }
        queue.enqueue(event, later);
      } catch (RuntimeException full) {
        dropped.increment();
        lost++;
      }
    }
    return lost;
  }

  /** DURABLE: stores the batch as one job per shard, all in one transaction. */
  private void storeBatches(List<Job<ClickEvent>> jobs) {
    WorkQueue<ClickBatch> queue = durable;
    if (queue == null) {
      throw new IllegalStateException("no durable click queue");
    }
    Map<String, List<Click>> byShard = new LinkedHashMap<>();
    for (Job<ClickEvent> job : jobs) {
      Click click = Click.of(job.payload());
      byShard.computeIfAbsent(store.shardOf(click.code()), id -> new ArrayList<>()).add(click);
    }
    List<JobRequest<ClickBatch>> requests = new ArrayList<>(byShard.size());
    List<String> ids = new ArrayList<>(byShard.size());
    for (List<Click> clicks : byShard.values()) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      requests.add(JobRequest.of(new ClickBatch(id, List.copyOf(clicks))));
    }
    pendingBatches.addAll(ids); // before: the writer may finish a job before enqueueAll returns
    try {
      queue.enqueueAll(requests);
    } catch (RuntimeException e) {
      ids.forEach(pendingBatches::remove);
      throw e; // nothing was stored: the queue retries the whole batch
    }
    settle(jobs.size());
    logDrops();
  }

  /** DURABLE: writes one stored batch to its shard, once. */
  private void writeStored(Job<ClickBatch> job) throws SQLException {
    ClickBatch batch = job.payload();
    for (Map.Entry<String, List<Click>> shard : store.byShard(batch.clicks()).entrySet()) {
      // one shard per batch, unless the shard list changed since it was stored
      try {
        store.write(
            shard.getKey(), shard.getValue(), batch.id() + "@" + shard.getKey(), clock.millis());
      } catch (SQLException | RuntimeException e) {
        LOG.warn(
            "could not write stored click batch {} (attempt {}) to {}; the queue retries it: {}",
            batch.id(),
            job.attempt(),
            shard.getKey(),
            e.toString());
        throw e;
      }
    }
    pendingBatches.remove(batch.id());
    settle(0);
  }

  private void logDrops() {
    long drops = dropped.sum();
    long now = System.nanoTime();
    if (drops > droppedLogged && now - lastDropLogNanos > TimeUnit.SECONDS.toNanos(10)) {
      LOG.warn(
          "{} clicks dropped so far: more than {} clicks were waiting to be written",
          drops,
          capacity);
      droppedLogged = drops;
      lastDropLogNanos = now;
    }
  }

  /**
   * Waits up to 10 s for the queued clicks to be written (in durable mode: to be stored as jobs;
   * the durable consumer then finishes the job it is running, and stored jobs wait for the next
   * start), then stops the consumers and folds the log into the counts one last time (what is not
   * folded stays pending for the next start). Call after the listener stopped taking redirects.
   */
  @Override
  public void close() {
    try {
      if (front != null && started && !await(CLOSE_TIMEOUT, false)) {
        LOG.error(
            "{} clicks were not written within {} at shutdown and are lost",
            outstanding.get(),
            CLOSE_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        if (front != null) {
          front.close();
        }
      } finally {
        try {
          if (durable != null) {
            durable.close();
          }
        } finally {
          stopFolding();
        }
      }
    }
  }

  private void stopFolding() {
    ScheduledExecutorService running;
    synchronized (this) {
      running = folder;
    }
    if (running == null) {
      return;
    }
    // shutdown, not shutdownNow: an interrupt would make H2 close the database file under a fold
    running.shutdown();
    try {
      if (!running.awaitTermination(CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warn("the click fold did not stop within {}", CLOSE_TIMEOUT);
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    foldQuietly();
  }
}
