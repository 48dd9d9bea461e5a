package io.github.scaleblocks.queueing.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.queueing.DeadJob;
import io.github.scaleblocks.queueing.EnqueueResult;
import io.github.scaleblocks.queueing.FatalJobException;
import io.github.scaleblocks.queueing.JobOptions;
import io.github.scaleblocks.queueing.JobRequest;
import io.github.scaleblocks.queueing.QueueEvent;
import io.github.scaleblocks.queueing.WorkQueue;
import io.github.scaleblocks.queueing.WorkQueues;
import io.github.scaleblocks.queueing.spi.Delivery;
import io.github.scaleblocks.queueing.spi.NewJob;
import io.github.scaleblocks.queueing.spi.QueueBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The behaviour every JDBC database must show, run by the H2 test and the PostgreSQL test. The
 * factory makes a backend over a fresh table with the given clock.
 */
public final class JdbcQueueChecks {
  private static final long HOUR = TimeUnit.HOURS.toNanos(1);

  private final BiFunction<String, Clock, QueueBackend<String>> backends;

  public JdbcQueueChecks(BiFunction<String, Clock, QueueBackend<String>> backends) {
    this.backends = backends;
  }

  private static NewJob<String> job(String payload, int priority, int maxAttempts) {
    return new NewJob<>(payload, 0, priority, null, HOUR, maxAttempts);
  }

  /** Claims by priority, skips delayed jobs, completes and never hands one job to two claimers. */
  public void claimsByPriorityAndDelay(String table) throws Exception {
    ManualTicker time = ManualTicker.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    try (QueueBackend<String> backend = backends.apply(table, time.clock())) {
      backend.enqueue(job("low", 0, 3));
      backend.enqueue(job("high", 5, 3));
      backend.enqueue(new NewJob<>("later", TimeUnit.SECONDS.toNanos(10), 9, null, HOUR, 3));
      assertThat(backend.depth()).isEqualTo(3);
      List<Delivery<String>> first = new ArrayList<>();
      assertThat(backend.claim(first, 10, TimeUnit.SECONDS.toNanos(30), 0)).isEqualTo(2);
      assertThat(first).extracting(Delivery::payload).containsExactly("high", "low");
      assertThat(first).extracting(Delivery::attempt).containsOnly(1);
      List<Delivery<String>> none = new ArrayList<>();
      assertThat(backend.claim(none, 10, TimeUnit.SECONDS.toNanos(30), 0)).isZero();
      time.advance(Duration.ofSeconds(10));
      List<Delivery<String>> later = new ArrayList<>();
      assertThat(backend.claim(later, 10, TimeUnit.SECONDS.toNanos(30), 0)).isEqualTo(1);
      assertThat(later.get(0).payload()).isEqualTo("later");
      assertThat(later.get(0).queueWaitNanos()).isZero();
      backend.complete(first);
      backend.complete(later);
      assertThat(backend.depth()).isZero();
    }
  }

  /** An expired lease makes the job due again; a heartbeat keeps it; a stale holder is fenced. */
  public void leasesExpireAndHeartbeatsExtendThem(String table) throws Exception {
    ManualTicker time = ManualTicker.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    long lease = TimeUnit.SECONDS.toNanos(30);
    try (QueueBackend<String> backend = backends.apply(table, time.clock())) {
      backend.enqueue(job("a", 0, 5));
      List<Delivery<String>> dead = new ArrayList<>();
      assertThat(backend.claim(dead, 1, lease, 0)).isEqualTo(1); // this worker "dies"
      time.advance(Duration.ofSeconds(29));
      assertThat(backend.claim(new ArrayList<>(), 1, lease, 0)).isZero();
      time.advance(Duration.ofSeconds(2));
      List<Delivery<String>> second = new ArrayList<>();
      assertThat(backend.claim(second, 1, lease, 0)).isEqualTo(1);
      assertThat(second.get(0).attempt()).isEqualTo(2);
      // the dead worker's lease is gone: its extension and retry do nothing
      assertThat(backend.extendLeases(dead, lease)).isZero();
      backend.retry(dead.get(0), 0, io.github.scaleblocks.queueing.JobError.of(new Exception()));
      time.advance(Duration.ofSeconds(20));
      assertThat(backend.extendLeases(second, lease)).isEqualTo(1);
      time.advance(Duration.ofSeconds(20)); // 40 s after the claim, 20 s after the heartbeat
      assertThat(backend.claim(new ArrayList<>(), 1, lease, 0)).isZero();
      backend.release(second);
      List<Delivery<String>> third = new ArrayList<>();
      assertThat(backend.claim(third, 1, lease, 0)).isEqualTo(1);
      assertThat(third.get(0).attempt()).as("a release does not count").isEqualTo(2);
      backend.complete(third);
    }
  }

  /** The queue's heartbeat keeps a long job's lease alive while its worker runs it. */
  public void queueHeartbeatKeepsLongJobs(String table) throws Exception {
    ManualTicker time = ManualTicker.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    LinkedBlockingQueue<QueueEvent> events = new LinkedBlockingQueue<>();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (QueueBackend<String> other = backends.apply(table, time.clock());
        WorkQueue<String> queue =
            WorkQueues.builder(backends.apply(table, time.clock()))
                .ticker(time)
                .clock(time.clock())
                .leaseDuration(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10))
                .listener(
                    e -> {
                      if (e instanceof QueueEvent.LeasesExtended) {
                        events.add(e);
                      }
                    })
                .build()) {
      queue.enqueue("long");
      queue.handle(
          job -> {
            running.countDown();
            release.await();
          },
          1);
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 3; i++) {
        time.advance(Duration.ofSeconds(20));
        QueueEvent extended = events.poll(10, TimeUnit.SECONDS);
        assertThat(extended).isEqualTo(new QueueEvent.LeasesExtended("queue", 1));
        events.clear();
      }
      // 60 s since the claim with a 30 s lease: only the heartbeats keep it from another worker
      assertThat(other.claim(new ArrayList<>(), 1, TimeUnit.SECONDS.toNanos(30), 0)).isZero();
      release.countDown();
    }
  }

  /**
   * A job that fails every attempt ends in the dead-letter queue with payload and error; requeued,
   * it starts its attempts afresh and (the handler now accepting it) succeeds, after which it is no
   * longer dead and a second requeue finds nothing. (The handler keeps running throughout, so a
   * handler that still failed would dead-letter the requeued job again within milliseconds and race
   * the second requeue.)
   */
  public void poisonJobIsDeadLettered(String table) throws Exception {
    CountDownLatch dead = new CountDownLatch(1);
    CountDownLatch succeeded = new CountDownLatch(1);
    AtomicInteger succeededAttempt = new AtomicInteger();
    AtomicInteger deliveries = new AtomicInteger();
    try (WorkQueue<String> queue =
        WorkQueues.builder(backends.apply(table, Clock.systemUTC()))
            .maxAttempts(3)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
            .random(new Random(7))
            .pollInterval(Duration.ofMillis(10))
            .listener(
                e -> {
                  if (e instanceof QueueEvent.DeadLettered) {
                    dead.countDown();
                  } else if (e instanceof QueueEvent.Succeeded ok) {
                    succeededAttempt.set(ok.attempt());
                    succeeded.countDown();
                  }
                })
            .build()) {
      queue.enqueue("poison");
      queue.handle(
          job -> {
            if (deliveries.incrementAndGet() <= 3) {
              throw new IllegalStateException("cannot digest " + job.payload());
            }
          },
          2);
      assertThat(dead.await(20, TimeUnit.SECONDS)).isTrue();
      List<DeadJob<String>> letters = queue.deadLetters(10);
      assertThat(letters).hasSize(1);
      DeadJob<String> letter = letters.get(0);
      assertThat(letter.payload()).isEqualTo("poison");
      assertThat(letter.attempts()).isEqualTo(3);
      assertThat(letter.lastError().className()).isEqualTo("java.lang.IllegalStateException");
      assertThat(letter.lastError().message()).isEqualTo("cannot digest poison");
      assertThat(letter.lastError().stackTrace()).contains("JdbcQueueChecks");
      assertThat(queue.depth()).isZero();
      assertThat(queue.requeueDead(letter.id())).isTrue();
      assertThat(succeeded.await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(succeededAttempt.get())
          .as("a requeued job starts its attempts afresh")
          .isEqualTo(1);
      assertThat(queue.deadLetters(10)).isEmpty();
      assertThat(queue.requeueDead(letter.id())).isFalse();
    }
  }

  /** Fatal failures skip the retries. */
  public void fatalFailureIsDeadLetteredAtOnce(String table) throws Exception {
    CountDownLatch dead = new CountDownLatch(1);
    try (WorkQueue<String> queue =
        WorkQueues.builder(backends.apply(table, Clock.systemUTC()))
            .maxAttempts(10)
            .pollInterval(Duration.ofMillis(10))
            .listener(
                e -> {
                  if (e instanceof QueueEvent.DeadLettered) {
                    dead.countDown();
                  }
                })
            .build()) {
      queue.enqueue("bad input");
      queue.handle(
          job -> {
            throw new FatalJobException("malformed");
          },
          1);
      assertThat(dead.await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(queue.deadLetters(10).get(0).attempts()).isEqualTo(1);
    }
  }

  /** Duplicates within the window are dropped and say so, across backend instances. */
  public void idempotencyKeysDropDuplicates(String table) throws Exception {
    ManualTicker time = ManualTicker.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    try (QueueBackend<String> a = backends.apply(table, time.clock());
        QueueBackend<String> b = backends.apply(table, time.clock())) {
      NewJob<String> keyed = new NewJob<>("x", 0, 0, "order-1", TimeUnit.MINUTES.toNanos(10), 3);
      EnqueueResult first = a.enqueue(keyed);
      EnqueueResult second = b.enqueue(keyed);
      assertThat(first.outcome()).isEqualTo(EnqueueResult.Outcome.ENQUEUED);
      assertThat(second).isEqualTo(EnqueueResult.duplicate(first.jobId()));
      time.advance(Duration.ofMinutes(10));
      assertThat(b.enqueue(keyed).outcome()).isEqualTo(EnqueueResult.Outcome.ENQUEUED);
      assertThat(a.depth()).isEqualTo(2);
    }
  }

  /** A batch is stored in one go; a payload the codec refuses stops the whole batch. */
  public void batchesAndBadPayloads(String table) throws Exception {
    try (WorkQueue<String> queue =
        WorkQueues.builder(backends.apply(table, Clock.systemUTC())).build()) {
      List<EnqueueResult> results =
          queue.enqueueAll(
              List.of(
                  JobRequest.of("a"), JobRequest.of("b", JobOptions.defaults().withPriority(2))));
      assertThat(results)
          .extracting(EnqueueResult::outcome)
          .containsOnly(EnqueueResult.Outcome.ENQUEUED);
      assertThat(results.get(1).jobId()).isGreaterThan(results.get(0).jobId());
      assertThatThrownBy(
              () -> queue.enqueueAll(List.of(JobRequest.of("c"), JobRequest.of("lone \uD800"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("payload of job 1 cannot be encoded by PayloadCodecs.utf8()");
      assertThat(queue.depth()).isEqualTo(2);
    }
  }

  /**
   * Several queues (as several processes would) share one table: every job runs, once each here.
   */
  public void workersShareOneTable(String table) throws Exception {
    int jobs = 600;
    Set<String> done = ConcurrentHashMap.newKeySet();
    List<String> duplicates = new ArrayList<>();
    CountDownLatch all = new CountDownLatch(jobs);
    List<WorkQueue<String>> queues = new ArrayList<>();
    try {
      for (int q = 0; q < 3; q++) {
        queues.add(
            WorkQueues.builder(backends.apply(table, Clock.systemUTC()))
                .claimBatchSize(20)
                .pollInterval(Duration.ofMillis(5))
                .build());
      }
      List<JobRequest<String>> batch = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        batch.add(JobRequest.of("job-" + i));
      }
      queues.get(0).enqueueAll(batch);
      for (WorkQueue<String> queue : queues) {
        queue.handle(
            job -> {
              if (!done.add(job.payload())) {
                synchronized (duplicates) {
                  duplicates.add(job.payload());
                }
              }
              all.countDown();
            },
            2);
      }
      assertThat(all.await(60, TimeUnit.SECONDS)).isTrue();
      assertThat(done).hasSize(jobs);
      assertThat(duplicates).isEmpty();
    } finally {
      for (WorkQueue<String> queue : queues) {
        queue.close();
      }
    }
  }

  /**
   * Shutdown past its deadline leaves a job whose handler will not stop leased; it is delivered
   * again once the lease expires.
   */
  public void shutdownLeavesUnfinishedJobsForRedelivery(String table) throws Exception {
    ManualTicker time = ManualTicker.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    long lease = TimeUnit.SECONDS.toNanos(30);
    try (QueueBackend<String> other = backends.apply(table, time.clock())) {
      WorkQueue<String> queue =
          WorkQueues.builder(backends.apply(table, time.clock()))
              .ticker(time)
              .clock(time.clock())
              .leaseDuration(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(10))
              .build();
      queue.enqueue("stubborn");
      queue.handle(
          job -> {
            running.countDown();
            while (true) {
              try {
                release.await(); // ignores the shutdown's interrupt, as some handlers do
                return;
              } catch (InterruptedException e) {
                // keep going
              }
            }
          },
          1);
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(queue.shutdown(Duration.ofMillis(50))).isFalse();
      assertThat(other.claim(new ArrayList<>(), 1, lease, 0)).as("still leased").isZero();
      time.advance(Duration.ofSeconds(31));
      List<Delivery<String>> again = new ArrayList<>();
      assertThat(other.claim(again, 1, lease, 0)).isEqualTo(1);
      assertThat(again.get(0).attempt()).isEqualTo(2);
      other.complete(again);
      release.countDown();
      queue.close();
    }
  }

  /** A job whose worker dies every time is dead-lettered after its max attempts, not run again. */
  public void jobThatKeepsKillingWorkersIsDeadLettered(String table) throws Exception {
    ManualTicker time = ManualTicker.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    long lease = TimeUnit.SECONDS.toNanos(30);
    CountDownLatch dead = new CountDownLatch(1);
    try (QueueBackend<String> crashing = backends.apply(table, time.clock())) {
      crashing.enqueue(job("killer", 0, 2));
      for (int delivery = 1; delivery <= 2; delivery++) {
        List<Delivery<String>> held = new ArrayList<>();
        assertThat(crashing.claim(held, 1, lease, 0)).isEqualTo(1); // then the worker "dies"
        time.advance(Duration.ofSeconds(31));
      }
      AtomicInteger ran = new AtomicInteger();
      try (WorkQueue<String> queue =
          WorkQueues.builder(backends.apply(table, time.clock()))
              .ticker(time)
              .clock(time.clock())
              .pollInterval(Duration.ofMillis(10))
              .listener(
                  e -> {
                    if (e instanceof QueueEvent.DeadLettered) {
                      dead.countDown();
                    }
                  })
              .build()) {
        queue.handle(job -> ran.incrementAndGet(), 1);
        assertThat(dead.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.get()).isZero();
        DeadJob<String> letter = queue.deadLetters(1).get(0);
        assertThat(letter.payload()).isEqualTo("killer");
        assertThat(letter.lastError().className())
            .isEqualTo(io.github.scaleblocks.queueing.LeaseExpiredException.class.getName());
        assertThat(letter.lastError().message()).contains("was delivered 2 times (max attempts 2)");
      }
    }
  }
}
