package io.github.scaleblocks.queueing;

import io.github.scaleblocks.core.event.EventPublisher;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.queueing.spi.Delivery;
import io.github.scaleblocks.queueing.spi.NewJob;
import io.github.scaleblocks.queueing.spi.QueueBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue engine over any {@link QueueBackend}; see {@link WorkQueue} for the contract.
 *
 * <p>Design: each worker is a thread that claims a batch from the backend, runs the jobs one by one
 * (or as one batch), and completes the successful ones in one backend call. Failures go through the
 * classifier to a retry with backoff or to the dead-letter queue. One maintenance task, run every
 * few milliseconds on a scheduler, does everything time-driven: it interrupts workers past their
 * execution deadline, renews the leases of everything the workers hold, and publishes samples. All
 * its decisions read the injected ticker, so tests drive timeouts and heartbeats with a
 * ManualTicker. On the hot path (no listener, no timeout, in-memory backend) a job costs the
 * backend's claim share and the handler call: no event, no clock read, no allocation.
 *
 * <p>Timeout interrupts are fenced: a worker arms a deadline in an {@link AtomicLong}; the watchdog
 * swaps it to -1 and interrupts under the worker's monitor; a worker that finds -1 on disarming
 * takes the same monitor and clears its interrupt flag, so an interrupt meant for one job never
 * hits the next.
 */
final class DefaultWorkQueue<T> implements WorkQueue<T> {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultWorkQueue.class);
  private static final long MAINTENANCE_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final QueueBackend<T> backend;
  private final @Nullable InMemoryBackend<T> memory;
  private final QueueSettings settings;
  private final EventPublisher<QueueEvent> events;
  private final boolean listening;
  private final boolean leases;
  private final String name;

  private final Object lifecycle = new Object();
  private volatile boolean accepting = true;
  private volatile boolean running = true;
  private volatile List<Worker> workers = List.of();
  private @Nullable JobHandler<T> handler;
  private @Nullable BatchHandler<T> batchHandler;
  private int maxBatchSize;
  private long maxWaitNanos;
  private @Nullable ScheduledExecutorService ownScheduler;
  private @Nullable ScheduledFuture<?> maintenance;
  private long lastHeartbeat;
  private long lastSample;
  private boolean closed;

  DefaultWorkQueue(
      QueueBackend<T> backend,
      @Nullable InMemoryBackend<T> memory,
      QueueSettings settings,
      EventPublisher<QueueEvent> events) {
    this.backend = backend;
    this.memory = memory;
    this.settings = settings;
    this.events = events;
    this.listening = events.hasListeners();
    this.leases = backend.usesLeases();
    this.name = settings.name();
  }

  @Override
  public EnqueueResult enqueue(T payload) {
    return enqueue(payload, JobOptions.defaults());
  }

  @Override
  public EnqueueResult enqueue(T payload, JobOptions options) {
    InMemoryBackend<T> direct = memory;
    if (direct == null) {
      NewJob<T> job = resolve(payload, options);
      EnqueueResult result;
      try {
        result = backend.enqueue(job);
      } catch (QueueFullException e) {
        rejected();
        throw e;
      } catch (InterruptedException e) {
        throw interrupted();
      }
      return afterEnqueue(
          job.payload(), job.priority(), job.delayNanos(), job.idempotencyKey(), result);
    }
    // the in-memory path: the same checks as resolve(), without allocating a NewJob
    Checks.notNull(payload, "payload");
    Checks.notNull(options, "options");
    checkAccepting();
    long delay = delayNanos(options);
    EnqueueResult result;
    try {
      result =
          direct.offer(
              payload,
              delay,
              options.priority(),
              options.idempotencyKey(),
              settings.idempotencyWindowNanos(),
              maxAttempts(options));
    } catch (QueueFullException e) {
      rejected();
      throw e;
    } catch (InterruptedException e) {
      throw interrupted();
    }
    return afterEnqueue(payload, options.priority(), delay, options.idempotencyKey(), result);
  }

  private QueueFullException interrupted() {
    Thread.currentThread().interrupt();
    return new QueueFullException(
        "interrupted while waiting for room in queue '" + name + "'; the job was not enqueued");
  }

  @Override
  public List<EnqueueResult> enqueueAll(List<JobRequest<T>> jobs) {
    Checks.notNull(jobs, "jobs");
    List<NewJob<T>> resolved = new ArrayList<>(jobs.size());
    for (int i = 0; i < jobs.size(); i++) {
      JobRequest<T> request = Checks.notNull(jobs.get(i), "jobs[" + i + "]");
      resolved.add(resolve(request.payload(), request.options()));
    }
    List<EnqueueResult> results;
    try {
      results = backend.enqueueAll(resolved);
    } catch (QueueFullException e) {
      rejected();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueueFullException(
          "interrupted while waiting for room in queue '"
              + name
              + "'; part of the batch may be in");
    }
    List<EnqueueResult> out = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      NewJob<T> job = resolved.get(i);
      out.add(
          afterEnqueue(
              job.payload(),
              job.priority(),
              job.delayNanos(),
              job.idempotencyKey(),
              results.get(i)));
    }
    return out;
  }

  private NewJob<T> resolve(T payload, JobOptions options) {
    Checks.notNull(payload, "payload");
    Checks.notNull(options, "options");
    checkAccepting();
    return new NewJob<>(
        payload,
        delayNanos(options),
        options.priority(),
        options.idempotencyKey(),
        settings.idempotencyWindowNanos(),
        maxAttempts(options));
  }

  private void checkAccepting() {
    if (!accepting) {
      throw new IllegalStateException("queue '" + name + "' is shut down; it takes no new jobs");
    }
  }

  private long delayNanos(JobOptions options) {
    Instant runAt = options.runAt();
    if (runAt != null) {
      return Math.max(
          0, WorkQueueBuilder.saturatedNanos(Duration.between(settings.clock().instant(), runAt)));
    }
    Duration delay = options.delay();
    return delay.isZero() ? 0 : WorkQueueBuilder.saturatedNanos(delay);
  }

  private int maxAttempts(JobOptions options) {
    return options.maxAttempts() == 0 ? settings.defaultMaxAttempts() : options.maxAttempts();
  }

  private void rejected() {
    if (listening && memory != null) {
      events.publish(new QueueEvent.Rejected(name, memory.policy(), memory.capacity()));
    }
  }

  private EnqueueResult afterEnqueue(
      T payload, int priority, long delayNanos, @Nullable String key, EnqueueResult result) {
    switch (result.outcome()) {
      case RAN_IN_CALLER:
        runInCaller(payload, priority);
        return result;
      case DUPLICATE:
        if (listening) {
          events.publish(
              new QueueEvent.DuplicateDropped(name, String.valueOf(key), result.jobId()));
        }
        return result;
      default:
        if (listening) {
          events.publish(
              new QueueEvent.Enqueued(
                  name, result.jobId(), priority, Duration.ofNanos(delayNanos)));
        }
        return result;
    }
  }

  private void runInCaller(T payload, int priority) {
    JobHandler<T> single;
    BatchHandler<T> batch;
    synchronized (lifecycle) {
      single = handler;
      batch = batchHandler;
    }
    if (single == null && batch == null) {
      throw new QueueFullException(
          "queue '"
              + name
              + "' is full and its policy is CALLER_RUNS, but no handler is registered to run the"
              + " job");
    }
    CallerJob<T> callerJob = new CallerJob<>(payload, priority);
    try {
      if (single != null) {
        single.handle(callerJob);
      } else if (batch != null) {
        batch.handle(List.of(callerJob));
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new CompletionException(
          "job run in the caller (queue '" + name + "' full, CALLER_RUNS) failed", e);
    }
  }

  @Override
  public void handle(JobHandler<T> handler, int concurrency) {
    Checks.notNull(handler, "handler");
    Checks.positive(concurrency, "concurrency");
    synchronized (lifecycle) {
      registerable();
      this.handler = handler;
      start(concurrency);
    }
  }

  @Override
  public void handleBatches(
      BatchHandler<T> handler, int concurrency, int maxBatchSize, Duration maxWait) {
    Checks.notNull(handler, "handler");
    Checks.positive(concurrency, "concurrency");
    Checks.positive(maxBatchSize, "maxBatchSize");
    Checks.notNull(maxWait, "maxWait");
    Checks.argument(!maxWait.isNegative(), "maxWait must not be negative but was " + maxWait);
    synchronized (lifecycle) {
      registerable();
      this.batchHandler = handler;
      this.maxBatchSize = maxBatchSize;
      this.maxWaitNanos = WorkQueueBuilder.saturatedNanos(maxWait);
      start(concurrency);
    }
  }

  private void registerable() {
    if (!running) {
      throw new IllegalStateException("queue '" + name + "' is shut down");
    }
    if (handler != null || batchHandler != null) {
      throw new IllegalStateException("queue '" + name + "' already has a handler");
    }
  }

  private void start(int concurrency) {
    if (memory != null) {
      memory.consumers(concurrency);
    }
    List<Worker> started = new ArrayList<>(concurrency);
    for (int i = 0; i < concurrency; i++) {
      Worker worker = new Worker();
      worker.thread = settings.threadFactory().newThread(worker);
      started.add(worker);
    }
    workers = List.copyOf(started);
    long now = settings.ticker().read();
    lastHeartbeat = now;
    lastSample = now;
    if (settings.executionTimeoutNanos() > 0 || leases || listening) {
      long period = MAINTENANCE_MAX_NANOS;
      if (settings.executionTimeoutNanos() > 0) {
        period = Math.min(period, Math.max(1_000_000, settings.executionTimeoutNanos() / 4));
      }
      if (leases) {
        period = Math.min(period, Math.max(1_000_000, settings.leaseNanos() / 6));
      }
      ScheduledExecutorService scheduler = settings.scheduler();
      if (scheduler == null) {
        scheduler =
            Executors.newSingleThreadScheduledExecutor(
                runnable -> {
                  Thread thread = new Thread(runnable, "sb-queue-" + name + "-maintenance");
                  thread.setDaemon(true);
                  return thread;
                });
        ownScheduler = scheduler;
      }
      maintenance =
          scheduler.scheduleWithFixedDelay(this::maintain, period, period, TimeUnit.NANOSECONDS);
    }
    for (Worker worker : started) {
      worker.thread.start();
    }
  }

  /** Timeouts, heartbeats and samples; see the class note. Never throws. */
  private void maintain() {
    try {
      long now = settings.ticker().read();
      List<Worker> current = workers;
      if (settings.executionTimeoutNanos() > 0) {
        for (Worker worker : current) {
          worker.interruptIfOverdue(now);
        }
      }
      long heartbeat = settings.leaseNanos() / 3;
      if (leases && now - lastHeartbeat >= heartbeat) {
        lastHeartbeat = now;
        List<Delivery<T>> held = new ArrayList<>();
        for (Worker worker : current) {
          held.addAll(worker.leased);
        }
        if (!held.isEmpty()) {
          int extended = backend.extendLeases(held, settings.leaseNanos());
          if (listening) {
            events.publish(new QueueEvent.LeasesExtended(name, extended));
          }
        }
      }
      if (listening && now - lastSample >= settings.sampleIntervalNanos()) {
        lastSample = now;
        events.publish(new QueueEvent.Sampled(name, backend.depth(), inFlight()));
      }
    } catch (RuntimeException e) {
      LOG.warn("maintenance of queue '{}' failed; trying again at the next tick", name, e);
    }
  }

  @Override
  public List<DeadJob<T>> deadLetters(int limit) {
    Checks.positive(limit, "limit");
    return backend.deadLetters(limit);
  }

  @Override
  public boolean requeueDead(long jobId) {
    boolean requeued = backend.requeueDead(jobId);
    if (requeued && listening) {
      events.publish(new QueueEvent.Requeued(name, jobId));
    }
    return requeued;
  }

  @Override
  public long depth() {
    return backend.depth();
  }

  @Override
  public int inFlight() {
    int sum = 0;
    for (Worker worker : workers) {
      sum += worker.held;
    }
    return sum;
  }

  @Override
  public boolean shutdown(Duration deadline) throws InterruptedException {
    Checks.notNull(deadline, "deadline");
    Checks.argument(!deadline.isNegative(), "deadline must not be negative but was " + deadline);
    synchronized (lifecycle) {
      accepting = false;
      running = false;
      if (memory != null) {
        memory.wakeAll();
      }
      long end = System.nanoTime() + WorkQueueBuilder.saturatedNanos(deadline);
      boolean drained = true;
      for (Worker worker : workers) {
        long left = end - System.nanoTime();
        if (left > 0) {
          TimeUnit.NANOSECONDS.timedJoin(worker.thread, left);
        }
        if (worker.thread.isAlive()) {
          drained = false;
        }
      }
      if (!drained) {
        for (Worker worker : workers) {
          worker.thread.interrupt();
        }
        LOG.warn(
            "queue '{}' shut down with jobs still running after {}; they are interrupted and"
                + " durable ones are delivered again when their leases expire",
            name,
            deadline);
      }
      ScheduledFuture<?> task = maintenance;
      if (task != null) {
        task.cancel(false);
      }
      ScheduledExecutorService own = ownScheduler;
      if (own != null) {
        own.shutdownNow();
      }
      return drained;
    }
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        shutdown(Duration.ofNanos(settings.shutdownTimeoutNanos()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        backend.close();
      }
    }
  }

  @Override
  public String toString() {
    return "WorkQueue[" + name + ", " + backend + "]";
  }

  private long backoffNanos(int attempt) {
    long initial = settings.backoffInitialNanos();
    long max = settings.backoffMaxNanos();
    int shift = Math.min(Math.max(0, attempt - 1), 62);
    long cap = initial > (max >> shift) ? max : Math.min(max, initial << shift);
    RandomGenerator random = settings.random();
    if (random == null) {
      random = ThreadLocalRandom.current();
    }
    return random.nextLong(cap + 1);
  }

  private boolean classify(Throwable error) {
    try {
      return settings.retryable().test(error);
    } catch (RuntimeException e) {
      LOG.warn("retry classifier of queue '{}' failed on {}; treating it as fatal", name, error, e);
      return false;
    }
  }

  /** Records a failed attempt: retry with backoff, or dead-letter. Never throws. */
  private void fail(Delivery<T> job, Throwable error, long runNanos) {
    try {
      if (error instanceof Error) {
        LOG.error(
            "job {} (attempt {}) of queue '{}' threw an Error; counted as a failed attempt",
            job.id(),
            job.attempt(),
            name,
            error);
      }
      JobError recorded = JobError.of(error);
      boolean retry = job.attempt() < job.maxAttempts() && classify(error);
      if (retry) {
        long delay = backoffNanos(job.attempt());
        backend.retry(job, delay, recorded);
        if (listening) {
          events.publish(
              new QueueEvent.Failed(
                  name,
                  job.id(),
                  job.attempt(),
                  error,
                  Duration.ofNanos(runNanos),
                  Duration.ofNanos(delay)));
        }
      } else {
        deadLetter(job, error, recorded, runNanos);
      }
    } catch (RuntimeException e) {
      LOG.error(
          "queue '{}' could not record the failure of job {}; it is delivered again when its"
              + " lease expires",
          name,
          job.id(),
          e);
    }
  }

  private void deadLetter(Delivery<T> job, Throwable error, JobError recorded, long runNanos) {
    backend.deadLetter(job, recorded);
    if (!(error instanceof Error)) {
      LOG.warn(
          "job {} of queue '{}' dead-lettered after {} attempts: {}",
          job.id(),
          name,
          job.attempt(),
          recorded);
    }
    if (listening) {
      events.publish(
          new QueueEvent.Failed(
              name, job.id(), job.attempt(), error, Duration.ofNanos(runNanos), null));
      events.publish(new QueueEvent.DeadLettered(name, job.id(), job.attempt(), recorded));
    }
  }

  /** A job delivered more often than allowed without finishing: its workers died running it. */
  private boolean overDelivered(Delivery<T> job) {
    if (job.attempt() <= job.maxAttempts()) {
      return false;
    }
    LeaseExpiredException error =
        new LeaseExpiredException(
            "job "
                + job.id()
                + " was delivered "
                + (job.attempt() - 1)
                + " times (max attempts "
                + job.maxAttempts()
                + ") and its lease expired each time without the job completing or failing");
    try {
      deadLetter(job, error, JobError.of(error), 0);
    } catch (RuntimeException e) {
      LOG.error("queue '{}' could not dead-letter job {}", name, job.id(), e);
    }
    return true;
  }

  private final class Worker implements Runnable {
    @SuppressWarnings("NullAway.Init") // set right after construction, before start
    Thread thread;

    final List<Delivery<T>> claimed = new ArrayList<>();
    final List<Delivery<T>> done = new ArrayList<>();
    final AtomicLong deadline = new AtomicLong();
    volatile int held;
    volatile List<Delivery<T>> leased = List.of();

    @Override
    public void run() {
      long poll = settings.pollNanos();
      while (running) {
        try {
          claimed.clear();
          int batch = batchHandler != null ? maxBatchSize : settings.claimBatchSize();
          int n = backend.claim(claimed, batch, settings.leaseNanos(), poll);
          if (n == 0) {
            continue;
          }
          holding();
          if (batchHandler != null) {
            fillBatch();
            runBatch();
          } else {
            runEach();
          }
        } catch (InterruptedException e) {
          if (running) {
            Thread.interrupted();
          }
        } catch (RuntimeException e) {
          LOG.warn("worker of queue '{}' failed talking to {}; retrying", name, backend, e);
          pause(poll);
        } finally {
          leased = List.of();
          held = 0;
        }
      }
    }

    private void holding() {
      held = claimed.size();
      if (leases) {
        leased = List.copyOf(claimed);
      }
    }

    private void pause(long nanos) {
      try {
        TimeUnit.NANOSECONDS.sleep(nanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void runEach() {
      JobHandler<T> single = handler;
      int n = claimed.size();
      try {
        for (int i = 0; i < n; i++) {
          if (!running) {
            backend.release(claimed.subList(i, n));
            break;
          }
          Delivery<T> job = claimed.get(i);
          if (!overDelivered(job) && single != null) {
            runOne(single, job);
          }
        }
      } finally {
        if (!done.isEmpty()) {
          backend.complete(done);
          done.clear();
        }
      }
    }

    private void runOne(JobHandler<T> single, Delivery<T> job) {
      boolean timing = listening || settings.executionTimeoutNanos() > 0;
      long start = timing ? settings.ticker().read() : 0;
      if (listening) {
        events.publish(
            new QueueEvent.Started(
                name, job.id(), job.attempt(), Duration.ofNanos(job.queueWaitNanos())));
      }
      long armed = arm(start);
      Throwable failure = null;
      try {
        single.handle(job);
      } catch (Throwable t) {
        failure = t;
      }
      boolean timedOut = disarm(armed);
      long runNanos = timing ? settings.ticker().read() - start : 0;
      if (failure == null) {
        done.add(job);
        if (listening) {
          events.publish(
              new QueueEvent.Succeeded(name, job.id(), job.attempt(), Duration.ofNanos(runNanos)));
        }
      } else {
        fail(job, timedOut ? timeout(job, failure) : failure, runNanos);
      }
    }

    /** Claims more until the batch is full or its wait since the first job has passed. */
    private void fillBatch() throws InterruptedException {
      long first = settings.ticker().read();
      while (running && claimed.size() < maxBatchSize) {
        long left = maxWaitNanos - (settings.ticker().read() - first);
        if (left <= 0) {
          break;
        }
        int more =
            backend.claim(
                claimed,
                maxBatchSize - claimed.size(),
                settings.leaseNanos(),
                Math.min(left, settings.pollNanos()));
        if (more > 0) {
          holding();
        }
      }
    }

    private void runBatch() {
      BatchHandler<T> batch = batchHandler;
      List<Delivery<T>> runnable = new ArrayList<>(claimed.size());
      for (Delivery<T> job : claimed) {
        if (!overDelivered(job)) {
          runnable.add(job);
        }
      }
      if (runnable.isEmpty() || batch == null) {
        return;
      }
      long start = settings.ticker().read();
      if (listening) {
        for (Delivery<T> job : runnable) {
          events.publish(
              new QueueEvent.Started(
                  name, job.id(), job.attempt(), Duration.ofNanos(job.queueWaitNanos())));
        }
      }
      long armed = arm(start);
      Throwable failure = null;
      try {
        batch.handle(Collections.<Job<T>>unmodifiableList(runnable));
      } catch (Throwable t) {
        failure = t;
      }
      boolean timedOut = disarm(armed);
      long runNanos = settings.ticker().read() - start;
      if (failure == null) {
        backend.complete(runnable);
        if (listening) {
          for (Delivery<T> job : runnable) {
            events.publish(
                new QueueEvent.Succeeded(
                    name, job.id(), job.attempt(), Duration.ofNanos(runNanos)));
          }
        }
      } else {
        for (Delivery<T> job : runnable) {
          fail(job, timedOut ? timeout(job, failure) : failure, runNanos);
        }
      }
    }

    private Throwable timeout(Delivery<T> job, Throwable cause) {
      JobTimeoutException e =
          new JobTimeoutException(
              "job "
                  + job.id()
                  + " (attempt "
                  + job.attempt()
                  + ") of queue '"
                  + name
                  + "' ran longer than its execution timeout of "
                  + Duration.ofNanos(settings.executionTimeoutNanos()));
      e.initCause(cause);
      return e;
    }

    private long arm(long start) {
      if (settings.executionTimeoutNanos() <= 0) {
        return 0;
      }
      long at = start + settings.executionTimeoutNanos();
      if (at == 0 || at == -1) {
        at = 1; // 0 and -1 are the unarmed and fired markers
      }
      deadline.set(at);
      return at;
    }

    /** Returns whether the watchdog fired for this attempt. */
    private boolean disarm(long armed) {
      if (armed == 0) {
        return false;
      }
      if (deadline.compareAndSet(armed, 0)) {
        return false;
      }
      synchronized (this) {
        Thread.interrupted(); // the watchdog's interrupt was meant for the attempt just ended
        deadline.set(0);
      }
      return true;
    }

    void interruptIfOverdue(long now) {
      long at = deadline.get();
      if (at != 0 && at != -1 && now - at >= 0) {
        synchronized (this) {
          if (deadline.compareAndSet(at, -1)) {
            thread.interrupt();
          }
        }
      }
    }
  }

  /** The job a full CALLER_RUNS queue runs on the enqueuing thread: never stored, so no id. */
  private record CallerJob<T>(T payload, int priority) implements Job<T> {
    @Override
    public long id() {
      return -1;
    }

    @Override
    public int attempt() {
      return 1;
    }
  }
}
