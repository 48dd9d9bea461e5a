package io.github.scaleblocks.queueing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.time.ManualTicker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The work queue on the in-memory backend. */
class InMemoryWorkQueueTest {
  private static final long WAIT = 10;

  @Test
  void runsEveryJobOnceWithConcurrentProducersAndWorkers() throws Exception {
    int producers = 4;
    int perProducer = 2_500;
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicInteger duplicates = new AtomicInteger();
    CountDownLatch all = new CountDownLatch(producers * perProducer);
    try (WorkQueue<String> queue = WorkQueues.<String>inMemory().capacity(1_000).build()) {
      queue.handle(
          job -> {
            if (!seen.add(job.payload())) {
              duplicates.incrementAndGet();
            }
            all.countDown();
          },
          4);
      List<CompletableFuture<Void>> running = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        int producer = p;
        running.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < perProducer; i++) {
                    queue.enqueue(producer + ":" + i);
                  }
                }));
      }
      CompletableFuture.allOf(running.toArray(new CompletableFuture<?>[0]))
          .get(WAIT, TimeUnit.SECONDS);
      assertThat(all.await(WAIT, TimeUnit.SECONDS)).isTrue();
      assertThat(seen).hasSize(producers * perProducer);
      assertThat(duplicates.get()).isZero();
      assertThat(queue.depth()).isZero();
    }
  }

  @Test
  void noWakeUpIsLostBetweenAProducerAndIdleWorkers() throws Exception {
    // Ping-pong: every job finds the workers idle and waiting. With a 60 s poll interval, one lost
    // wake-up would leave a job waiting far past the 10 s this test allows it.
    java.util.concurrent.Semaphore ran = new java.util.concurrent.Semaphore(0);
    WorkQueue<Integer> queue =
        WorkQueues.<Integer>inMemory().pollInterval(Duration.ofSeconds(60)).build();
    queue.handle(job -> ran.release(), 3);
    for (int i = 0; i < 5_000; i++) {
      queue.enqueue(i);
      assertThat(ran.tryAcquire(WAIT, TimeUnit.SECONDS)).as("job %d ran", i).isTrue();
    }
    assertThat(queue.shutdown(Duration.ofSeconds(WAIT)))
        .as("idle workers waiting out a long poll still stop at once")
        .isTrue();
    queue.close();
  }

  @Test
  void higherPriorityRunsFirst() throws Exception {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(4);
    try (WorkQueue<String> queue = WorkQueues.<String>inMemory().claimBatchSize(1).build()) {
      queue.enqueue("low-1", JobOptions.defaults().withPriority(-1));
      queue.enqueue("normal");
      queue.enqueue("high", JobOptions.defaults().withPriority(10));
      queue.enqueue("low-2", JobOptions.defaults().withPriority(-1));
      queue.handle(
          job -> {
            order.add(job.payload());
            done.countDown();
          },
          1);
      assertThat(done.await(WAIT, TimeUnit.SECONDS)).isTrue();
      assertThat(order).containsExactly("high", "normal", "low-1", "low-2");
    }
  }

  @Test
  void delayedAndRunAtJobsWaitForVirtualTime() throws Exception {
    ManualTicker time = ManualTicker.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    Events events = new Events();
    try (WorkQueue<String> queue =
        WorkQueues.<String>inMemory()
            .ticker(time)
            .clock(time.clock())
            .pollInterval(Duration.ofMillis(5))
            .listener(events)
            .build()) {
      queue.enqueue("in 10s", JobOptions.defaults().withDelay(Duration.ofSeconds(10)));
      queue.enqueue(
          "at +5s", JobOptions.defaults().withRunAt(time.instant().plus(Duration.ofSeconds(5))));
      queue.enqueue("now");
      queue.handle(job -> ran.add(job.payload()), 2);
      events.await(QueueEvent.Succeeded.class);
      assertThat(ran).containsExactly("now");
      assertThat(queue.depth()).isEqualTo(2);
      time.advance(Duration.ofSeconds(5));
      events.await(QueueEvent.Succeeded.class);
      assertThat(ran).containsExactly("now", "at +5s");
      assertThat(queue.depth()).isEqualTo(1);
      time.advance(Duration.ofSeconds(6));
      QueueEvent.Succeeded last = events.await(QueueEvent.Succeeded.class);
      assertThat(ran).containsExactly("now", "at +5s", "in 10s");
      assertThat(events.all(QueueEvent.Started.class))
          .extracting(QueueEvent.Started::queueWait)
          .containsExactly(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1));
      assertThat(last.runTime()).isEqualTo(Duration.ZERO);
    }
  }

  @Test
  void duplicateIdempotencyKeysAreDroppedWithinTheWindow() {
    ManualTicker time = ManualTicker.create();
    Events events = new Events();
    try (WorkQueue<String> queue =
        WorkQueues.<String>inMemory()
            .ticker(time)
            .idempotencyWindow(Duration.ofMinutes(10))
            .listener(events)
            .build()) {
      JobOptions keyed = JobOptions.defaults().withIdempotencyKey("order-7");
      EnqueueResult first = queue.enqueue("a", keyed);
      EnqueueResult again = queue.enqueue("b", keyed);
      assertThat(first.outcome()).isEqualTo(EnqueueResult.Outcome.ENQUEUED);
      assertThat(again).isEqualTo(EnqueueResult.duplicate(first.jobId()));
      assertThat(again.isDuplicate()).isTrue();
      assertThat(events.all(QueueEvent.DuplicateDropped.class))
          .containsExactly(new QueueEvent.DuplicateDropped("queue", "order-7", first.jobId()));
      time.advance(Duration.ofMinutes(10));
      assertThat(queue.enqueue("c", keyed).outcome()).isEqualTo(EnqueueResult.Outcome.ENQUEUED);
      assertThat(queue.depth()).isEqualTo(2);
    }
  }

  @Test
  void failuresAreRetriedWithJitteredExponentialBackoffOnVirtualTime() throws Exception {
    ManualTicker time = ManualTicker.create();
    Events events = new Events();
    AtomicInteger calls = new AtomicInteger();
    try (WorkQueue<String> queue =
        WorkQueues.<String>inMemory()
            .ticker(time)
            .pollInterval(Duration.ofMillis(5))
            .backoff(Duration.ofSeconds(1), Duration.ofSeconds(3))
            .maxAttempts(5)
            .random(new Random(42))
            .listener(events)
            .build()) {
      queue.enqueue("flaky");
      queue.handle(
          job -> {
            if (calls.incrementAndGet() < 4) {
              throw new java.io.IOException("try again");
            }
          },
          1);
      long[] caps = {1, 2, 3}; // seconds: 1 * 2^(n-1), at most 3
      for (int attempt = 1; attempt <= 3; attempt++) {
        QueueEvent.Failed failed = events.await(QueueEvent.Failed.class);
        assertThat(failed.attempt()).isEqualTo(attempt);
        assertThat(failed.error()).isInstanceOf(java.io.IOException.class);
        Duration retryIn = java.util.Objects.requireNonNull(failed.retryIn());
        assertThat(retryIn).isBetween(Duration.ZERO, Duration.ofSeconds(caps[attempt - 1]));
        assertThat(queue.depth()).as("waiting for its backoff").isEqualTo(1);
        time.advance(retryIn);
      }
      QueueEvent.Succeeded ok = events.await(QueueEvent.Succeeded.class);
      assertThat(ok.attempt()).isEqualTo(4);
      assertThat(queue.deadLetters(10)).isEmpty();
    }
  }

  @Test
  void poisonJobEndsInTheDeadLetterQueueAndCanBeRequeued() throws Exception {
    Events events = new Events();
    AtomicInteger deliveries = new AtomicInteger();
    try (WorkQueue<String> queue =
        WorkQueues.<String>inMemory()
            .maxAttempts(3)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(2))
            .listener(events)
            .build()) {
      queue.enqueue("poison");
      queue.handle(
          job -> {
            if (deliveries.incrementAndGet() <= 3) {
              throw new IllegalArgumentException("bad " + job.payload());
            }
          },
          2);
      QueueEvent.DeadLettered dead = events.await(QueueEvent.DeadLettered.class);
      assertThat(dead.attempts()).isEqualTo(3);
      List<DeadJob<String>> letters = queue.deadLetters(10);
      assertThat(letters).hasSize(1);
      DeadJob<String> letter = letters.get(0);
      assertThat(letter.payload()).isEqualTo("poison");
      assertThat(letter.attempts()).isEqualTo(3);
      assertThat(letter.lastError().className())
          .isEqualTo(IllegalArgumentException.class.getName());
      assertThat(letter.lastError().message()).isEqualTo("bad poison");
      assertThat(letter.lastError().stackTrace()).contains("InMemoryWorkQueueTest");
      assertThat(queue.requeueDead(letter.id())).isTrue();
      QueueEvent.Succeeded ok = events.await(QueueEvent.Succeeded.class);
      assertThat(ok.attempt()).as("a requeued job starts its attempts afresh").isEqualTo(1);
      assertThat(queue.deadLetters(10)).isEmpty();
      assertThat(queue.requeueDead(letter.id())).isFalse();
    }
  }

  @Test
  void anErrorIsReportedAndCountedNotSwallowed() throws Exception {
    Events events = new Events();
    try (WorkQueue<String> queue = WorkQueues.<String>inMemory().listener(events).build()) {
      queue.enqueue("explode");
      queue.enqueue("fine");
      queue.handle(
          job -> {
            if (job.payload().equals("explode")) {
              throw new StackOverflowError("deep");
            }
          },
          1);
      QueueEvent.Failed failed = events.await(QueueEvent.Failed.class);
      assertThat(failed.error()).isInstanceOf(StackOverflowError.class);
      assertThat(failed.retryIn()).as("Errors are fatal by default").isNull();
      assertThat(events.await(QueueEvent.DeadLettered.class).lastError().className())
          .isEqualTo("java.lang.StackOverflowError");
      assertThat(events.await(QueueEvent.Succeeded.class).jobId())
          .as("the worker survives and goes on")
          .isEqualTo(2);
    }
  }

  @Test
  void aJobPastItsExecutionTimeoutIsInterruptedAndFails() throws Exception {
    ManualTicker time = ManualTicker.create();
    Events events = new Events();
    CountDownLatch started = new CountDownLatch(1);
    try (WorkQueue<String> queue =
        WorkQueues.<String>inMemory()
            .ticker(time)
            .executionTimeout(Duration.ofSeconds(5))
            .maxAttempts(1)
            .listener(events)
            .build()) {
      queue.enqueue("slow");
      queue.enqueue("quick");
      queue.handle(
          job -> {
            if (job.payload().equals("slow")) {
              started.countDown();
              new CountDownLatch(1).await(); // until interrupted
            }
          },
          1);
      assertThat(started.await(WAIT, TimeUnit.SECONDS)).isTrue();
      time.advance(Duration.ofSeconds(6));
      QueueEvent.Failed failed = events.await(QueueEvent.Failed.class);
      assertThat(failed.error())
          .isInstanceOf(JobTimeoutException.class)
          .hasMessageContaining("ran longer than its execution timeout of PT5S")
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(queue.deadLetters(1).get(0).lastError().className())
          .isEqualTo(JobTimeoutException.class.getName());
      QueueEvent.Succeeded next = events.await(QueueEvent.Succeeded.class);
      assertThat(next.jobId()).as("the interrupt does not leak into the next job").isEqualTo(2);
    }
  }

  @Test
  void batchingHandlerGetsUpToNJobsOrWhatArrivedInTime() throws Exception {
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger jobs = new AtomicInteger();
    CountDownLatch all = new CountDownLatch(25);
    try (WorkQueue<Integer> queue = WorkQueues.<Integer>inMemory().build()) {
      for (int i = 0; i < 25; i++) {
        queue.enqueue(i);
      }
      queue.handleBatches(
          batch -> {
            sizes.add(batch.size());
            for (Job<Integer> job : batch) {
              jobs.incrementAndGet();
              all.countDown();
            }
          },
          1,
          10,
          Duration.ofMillis(50));
      assertThat(all.await(WAIT, TimeUnit.SECONDS)).isTrue();
      assertThat(sizes).containsExactly(10, 10, 5);
      assertThat(jobs.get()).isEqualTo(25);
    }
  }

  @Test
  void aFailedBatchRetriesEachJob() throws Exception {
    Events events = new Events();
    AtomicInteger calls = new AtomicInteger();
    try (WorkQueue<String> queue =
        WorkQueues.<String>inMemory()
            .backoff(Duration.ofMillis(1), Duration.ofMillis(1))
            .listener(events)
            .build()) {
      queue.enqueueAll(List.of(JobRequest.of("a"), JobRequest.of("b")));
      queue.handleBatches(
          batch -> {
            if (calls.incrementAndGet() == 1) {
              throw new IllegalStateException("database down");
            }
          },
          1,
          2,
          Duration.ofMillis(20));
      events.await(QueueEvent.Succeeded.class);
      events.await(QueueEvent.Succeeded.class);
      assertThat(events.all(QueueEvent.Failed.class)).hasSize(2);
    }
  }

  @Test
  void shutdownDrainsRunningJobsAndHandsBackUnstartedOnes() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    WorkQueue<String> queue = WorkQueues.<String>inMemory().build();
    queue.enqueueAll(List.of(JobRequest.of("a"), JobRequest.of("b"), JobRequest.of("c")));
    queue.handle(
        job -> {
          ran.add(job.payload());
          running.countDown();
          release.await();
        },
        1);
    assertThat(running.await(WAIT, TimeUnit.SECONDS)).isTrue();
    assertThat(queue.inFlight()).as("the worker claimed all three").isEqualTo(3);
    CompletableFuture<Boolean> shutdown = new CompletableFuture<>();
    Thread stopper =
        new Thread(
            () -> {
              try {
                shutdown.complete(queue.shutdown(Duration.ofSeconds(WAIT)));
              } catch (InterruptedException | RuntimeException e) {
                shutdown.completeExceptionally(e);
              }
            });
    stopper.start();
    while (stopper.getState() != Thread.State.TIMED_WAITING) { // joining the busy worker
      Thread.onSpinWait();
    }
    assertThatThrownBy(() -> queue.enqueue("late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("queue 'queue' is shut down; it takes no new jobs");
    release.countDown();
    assertThat(shutdown.get(WAIT, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).containsExactly("a");
    assertThat(queue.depth()).as("b and c were handed back unrun").isEqualTo(2);
    assertThat(queue.inFlight()).isZero();
    queue.close();
  }

  @Test
  void shutdownPastItsDeadlineInterruptsAndSaysSo() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    WorkQueue<String> queue = WorkQueues.<String>inMemory().maxAttempts(1).build();
    queue.enqueue("stuck");
    queue.handle(
        job -> {
          running.countDown();
          never.await();
        },
        1);
    assertThat(running.await(WAIT, TimeUnit.SECONDS)).isTrue();
    assertThat(queue.shutdown(Duration.ofMillis(50))).isFalse();
    queue.close();
  }

  @Test
  void eventsCoverTheMetrics() throws Exception {
    Events events = new Events();
    try (WorkQueue<String> queue =
        WorkQueues.<String>inMemory()
            .name("metrics")
            .sampleInterval(Duration.ofMillis(10))
            .listener(events)
            .build()) {
      EnqueueResult result = queue.enqueue("x", JobOptions.defaults().withPriority(3));
      queue.handle(job -> {}, 1);
      assertThat(events.await(QueueEvent.Enqueued.class))
          .isEqualTo(new QueueEvent.Enqueued("metrics", result.jobId(), 3, Duration.ZERO));
      assertThat(events.await(QueueEvent.Started.class).jobId()).isEqualTo(result.jobId());
      assertThat(events.await(QueueEvent.Succeeded.class).attempt()).isEqualTo(1);
      QueueEvent.Sampled sample = events.await(QueueEvent.Sampled.class);
      assertThat(sample.depth()).isZero();
      assertThat(sample.queue()).isEqualTo("metrics");
    }
  }

  @Test
  void rejectsBadInputWithClearMessages() {
    assertThatThrownBy(() -> WorkQueues.<String>inMemory().capacity(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be positive but was 0");
    assertThatThrownBy(() -> JobOptions.defaults().withDelay(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delay must not be negative but was PT-1S");
    assertThatThrownBy(() -> JobOptions.defaults().withMaxAttempts(0))
        .hasMessage("maxAttempts must be positive but was 0");
    assertThatThrownBy(() -> JobOptions.defaults().withIdempotencyKey(""))
        .hasMessage("idempotencyKey must have 1 to 255 characters but had 0");
    assertThatThrownBy(
            () ->
                WorkQueues.<String>inMemory().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("max backoff PT1S must not be less than the initial backoff PT2S");
    try (WorkQueue<String> queue = WorkQueues.<String>inMemory().build()) {
      assertThatThrownBy(() -> queue.enqueue(nullString()))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("payload must not be null");
      assertThatThrownBy(() -> queue.enqueueAll(List.of(JobRequest.of(nullString()))))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("payload must not be null");
      assertThatThrownBy(() -> queue.handle(job -> {}, 0))
          .hasMessage("concurrency must be positive but was 0");
      queue.handle(job -> {}, 1);
      assertThatThrownBy(() -> queue.handle(job -> {}, 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("queue 'queue' already has a handler");
    }
  }

  @SuppressWarnings("NullAway") // a deliberate null, to test the check
  private static String nullString() {
    return null;
  }
}
