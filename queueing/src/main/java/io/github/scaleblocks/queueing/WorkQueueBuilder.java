package io.github.scaleblocks.queueing;

import io.github.scaleblocks.core.event.EventListener;
import io.github.scaleblocks.core.event.EventPublisher;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.core.time.Ticker;
import io.github.scaleblocks.queueing.spi.QueueBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link WorkQueue}; from {@link WorkQueues}. Every setter validates at once and names
 * the bad value; {@link #build()} copies the configuration, so a builder can be reused.
 *
 * <p>Defaults: name {@code "queue"}; in-memory capacity 10,000 with {@link OverflowPolicy#BLOCK}
 * for up to 10 s; 5 attempts; backoff from 1 s doubling to at most 5 min with full jitter; every
 * failure retryable except {@link Error}s and {@link FatalJobException}; no execution timeout;
 * leases of 30 s renewed every 10 s; backends polled every 100 ms when idle; claims of up to 16
 * jobs; idempotency keys remembered for 1 h; 30 s to drain at {@link WorkQueue#close()}; samples
 * every second; system ticker and UTC clock; daemon worker threads.
 *
 * @param <T> the payload type
 */
public final class WorkQueueBuilder<T> {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final @Nullable QueueBackend<T> backend;
  private String name = "queue";
  private int capacity = 10_000;
  private boolean capacitySet;
  private OverflowPolicy overflow = OverflowPolicy.BLOCK;
  private Duration blockTimeout = Duration.ofSeconds(10);
  private int maxAttempts = 5;
  private Duration backoffInitial = Duration.ofSeconds(1);
  private Duration backoffMax = Duration.ofMinutes(5);
  private Predicate<? super Throwable> retryable = WorkQueueBuilder::retryableByDefault;
  private @Nullable RandomGenerator random;
  private Duration executionTimeout = Duration.ZERO;
  private Duration lease = Duration.ofSeconds(30);
  private Duration pollInterval = Duration.ofMillis(100);
  private int claimBatchSize = 16;
  private Duration idempotencyWindow = Duration.ofHours(1);
  private Duration shutdownTimeout = Duration.ofSeconds(30);
  private Duration sampleInterval = Duration.ofSeconds(1);
  private Ticker ticker = Ticker.system();
  private Clock clock = Clock.systemUTC();
  private @Nullable ThreadFactory threadFactory;
  private @Nullable ScheduledExecutorService scheduler;
  private final List<EventListener<? super QueueEvent>> listeners = new ArrayList<>();

  WorkQueueBuilder(@Nullable QueueBackend<T> backend) {
    this.backend = backend;
  }

  /** The default classifier: everything is retryable but {@link Error}s and fatal exceptions. */
  static boolean retryableByDefault(Throwable error) {
    return !(error instanceof Error) && !(error instanceof FatalJobException);
  }

  /** The queue's name, in events, logs and thread names; 1 to 64 characters. */
  public WorkQueueBuilder<T> name(String name) {
    Checks.notNull(name, "name");
    Checks.argument(
        !name.isEmpty() && name.length() <= 64,
        "name must have 1 to 64 characters but was '" + name + "'");
    this.name = name;
    return this;
  }

  /**
   * The most jobs the in-memory queue holds waiting (due or delayed; running jobs do not count);
   * positive. Only for {@link WorkQueues#inMemory()}. The bound applies to new jobs: a failed job
   * coming back for its retry, a released or a requeued dead job always gets in, so the queue can
   * briefly hold more than its capacity but never drops work it has accepted.
   */
  public WorkQueueBuilder<T> capacity(int capacity) {
    this.capacity = Checks.positive(capacity, "capacity");
    this.capacitySet = true;
    return this;
  }

  /** What the full in-memory queue does with a new job. Only for {@link WorkQueues#inMemory()}. */
  public WorkQueueBuilder<T> overflow(OverflowPolicy policy) {
    this.overflow = Checks.notNull(policy, "policy");
    this.capacitySet = true;
    return this;
  }

  /** How long {@link OverflowPolicy#BLOCK} waits for room; zero or more. */
  public WorkQueueBuilder<T> blockTimeout(Duration timeout) {
    this.blockTimeout = Checks.notNegative(timeout, "blockTimeout");
    this.capacitySet = true;
    return this;
  }

  /** Deliveries of a job before it is dead-lettered, unless the job sets its own; positive. */
  public WorkQueueBuilder<T> maxAttempts(int maxAttempts) {
    this.maxAttempts = Checks.positive(maxAttempts, "maxAttempts");
    return this;
  }

  /**
   * Exponential backoff with full jitter: the delay before attempt {@code n + 1} is uniform in
   * {@code [0, min(max, initial * 2^(n-1))]}. Both positive, {@code max >= initial}, {@code max} at
   * most 365 days.
   */
  public WorkQueueBuilder<T> backoff(Duration initial, Duration max) {
    Checks.positive(initial, "initial backoff");
    Checks.positive(max, "max backoff");
    Checks.argument(
        max.compareTo(initial) >= 0,
        "max backoff " + max + " must not be less than the initial backoff " + initial);
    Checks.argument(
        max.compareTo(Duration.ofDays(365)) <= 0, "max backoff must be at most 365 days: " + max);
    this.backoffInitial = initial;
    this.backoffMax = max;
    return this;
  }

  /**
   * Decides whether a failure may be retried (true) or is fatal (false, the job is dead-lettered at
   * once). Called on the worker thread; a classifier that throws counts as fatal.
   */
  public WorkQueueBuilder<T> retryable(Predicate<? super Throwable> classifier) {
    this.retryable = Checks.notNull(classifier, "classifier");
    return this;
  }

  /**
   * The random source of the backoff jitter; must be thread-safe ({@code new Random(seed)} is). By
   * default {@code ThreadLocalRandom}.
   */
  public WorkQueueBuilder<T> random(RandomGenerator random) {
    this.random = Checks.notNull(random, "random");
    return this;
  }

  /**
   * The longest one attempt may run (for a batching handler: one batch). Past it, the worker thread
   * is interrupted and, if the handler then throws, the attempt fails with a {@link
   * JobTimeoutException}. A handler that ignores interrupts keeps its worker busy; one that returns
   * normally after the deadline has completed the job. Zero (the default) means no timeout.
   */
  public WorkQueueBuilder<T> executionTimeout(Duration timeout) {
    this.executionTimeout = Checks.notNegative(timeout, "executionTimeout");
    return this;
  }

  /**
   * How long a claim on a durable job lasts without a heartbeat (the visibility timeout). Workers
   * renew the leases of jobs they hold every third of it; a job whose worker died is delivered
   * again after it. Positive, at least 30 ms.
   */
  public WorkQueueBuilder<T> leaseDuration(Duration lease) {
    Checks.positive(lease, "leaseDuration");
    Checks.argument(
        lease.compareTo(Duration.ofMillis(30)) >= 0,
        "leaseDuration must be at least 30ms: " + lease);
    this.lease = lease;
    return this;
  }

  /**
   * The longest an idle worker waits before asking the backend again (in-memory workers are woken
   * at once by new jobs; durable backends are polled at this interval). Positive.
   */
  public WorkQueueBuilder<T> pollInterval(Duration interval) {
    this.pollInterval = Checks.positive(interval, "pollInterval");
    return this;
  }

  /**
   * The most jobs one worker claims at a time; positive. Larger batches mean fewer round trips to
   * the backend; claimed jobs wait in their worker until it reaches them.
   */
  public WorkQueueBuilder<T> claimBatchSize(int size) {
    this.claimBatchSize = Checks.positive(size, "claimBatchSize");
    return this;
  }

  /** How long an idempotency key is remembered after its first enqueue; positive. */
  public WorkQueueBuilder<T> idempotencyWindow(Duration window) {
    this.idempotencyWindow = Checks.positive(window, "idempotencyWindow");
    return this;
  }

  /** How long {@link WorkQueue#close()} waits for jobs in flight; zero or more. */
  public WorkQueueBuilder<T> shutdownTimeout(Duration timeout) {
    this.shutdownTimeout = Checks.notNegative(timeout, "shutdownTimeout");
    return this;
  }

  /** How often a {@link QueueEvent.Sampled} (depth, in flight) is published; positive. */
  public WorkQueueBuilder<T> sampleInterval(Duration interval) {
    this.sampleInterval = Checks.positive(interval, "sampleInterval");
    return this;
  }

  /** The time source of delays, backoff, timeouts, heartbeats and durations. */
  public WorkQueueBuilder<T> ticker(Ticker ticker) {
    this.ticker = Checks.notNull(ticker, "ticker");
    return this;
  }

  /** The wall clock that turns run-at times into delays and stamps dead letters. */
  public WorkQueueBuilder<T> clock(Clock clock) {
    this.clock = Checks.notNull(clock, "clock");
    return this;
  }

  /** Creates the worker threads; by default daemon threads named after the queue. */
  public WorkQueueBuilder<T> threadFactory(ThreadFactory factory) {
    this.threadFactory = Checks.notNull(factory, "threadFactory");
    return this;
  }

  /**
   * Runs the queue's maintenance (timeouts, heartbeats, samples) every few milliseconds; by default
   * a daemon thread of the queue's own, shut down with it. An injected scheduler is left running.
   */
  public WorkQueueBuilder<T> scheduler(ScheduledExecutorService scheduler) {
    this.scheduler = Checks.notNull(scheduler, "scheduler");
    return this;
  }

  /** Adds a listener for {@link QueueEvent}s. */
  public WorkQueueBuilder<T> listener(EventListener<? super QueueEvent> listener) {
    listeners.add(Checks.notNull(listener, "listener"));
    return this;
  }

  /** The queue. Its workers start when a handler is registered. */
  public WorkQueue<T> build() {
    if (backend != null && capacitySet) {
      throw new IllegalStateException(
          "capacity, overflow and blockTimeout configure the in-memory backend; queue '"
              + name
              + "' runs on "
              + backend
              + ", which bounds itself");
    }
    EventPublisher<QueueEvent> events = EventPublisher.of(listeners);
    String queueName = name;
    ThreadFactory factory = threadFactory;
    if (factory == null) {
      factory =
          runnable -> {
            Thread thread =
                new Thread(runnable, "sb-queue-" + queueName + "-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          };
    }
    QueueSettings settings =
        new QueueSettings(
            name,
            maxAttempts,
            backoffInitial.toNanos(),
            backoffMax.toNanos(),
            retryable,
            random,
            saturatedNanos(executionTimeout),
            saturatedNanos(lease),
            saturatedNanos(pollInterval),
            claimBatchSize,
            saturatedNanos(idempotencyWindow),
            saturatedNanos(shutdownTimeout),
            saturatedNanos(sampleInterval),
            ticker,
            clock,
            factory,
            scheduler);
    InMemoryBackend<T> memory = null;
    QueueBackend<T> chosen = backend;
    if (chosen == null) {
      memory =
          new InMemoryBackend<>(
              name, capacity, overflow, saturatedNanos(blockTimeout), ticker, clock, events);
      chosen = memory;
    }
    return new DefaultWorkQueue<>(chosen, memory, settings, events);
  }

  static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
