package io.github.scaleblocks.queueing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each overflow policy of the bounded in-memory queue. */
class BackPressureTest {
  private static final long WAIT = 10;

  @Test
  void rejectFailsAtOnceNamingCapacityAndPolicy() {
    Events events = new Events();
    try (WorkQueue<String> queue =
        WorkQueues.<String>inMemory()
            .name("orders")
            .capacity(2)
            .overflow(OverflowPolicy.REJECT)
            .listener(events)
            .build()) {
      queue.enqueue("a");
      queue.enqueue("b");
      assertThatThrownBy(() -> queue.enqueue("c"))
          .isInstanceOf(QueueFullException.class)
          .hasMessage("queue 'orders' is full: 2 jobs waiting (capacity 2, policy REJECT)");
      assertThat(queue.depth()).isEqualTo(2);
      assertThat(events.all(QueueEvent.Rejected.class))
          .containsExactly(new QueueEvent.Rejected("orders", OverflowPolicy.REJECT, 2));
    }
  }

  @Test
  void blockWaitsForRoomThenTimesOut() throws Exception {
    try (WorkQueue<String> queue =
        WorkQueues.<String>inMemory()
            .capacity(1)
            .overflow(OverflowPolicy.BLOCK)
            .blockTimeout(Duration.ofMillis(30))
            .build()) {
      queue.enqueue("a");
      assertThatThrownBy(() -> queue.enqueue("b"))
          .isInstanceOf(QueueFullException.class)
          .hasMessageContaining("policy BLOCK, waited 30 ms");
    }
    CountDownLatch ran = new CountDownLatch(2);
    try (WorkQueue<String> queue =
        WorkQueues.<String>inMemory()
            .capacity(1)
            .overflow(OverflowPolicy.BLOCK)
            .blockTimeout(Duration.ofSeconds(WAIT))
            .build()) {
      queue.enqueue("a");
      CompletableFuture<EnqueueResult> blocked =
          CompletableFuture.supplyAsync(() -> queue.enqueue("b"));
      assertThat(blocked).isNotDone();
      queue.handle(job -> ran.countDown(), 1); // takes "a", which makes room for "b"
      assertThat(blocked.get(WAIT, TimeUnit.SECONDS).outcome())
          .isEqualTo(EnqueueResult.Outcome.ENQUEUED);
      assertThat(ran.await(WAIT, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void dropOldestDropsTheOldestLowestPriorityJob() throws Exception {
    Events events = new Events();
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(2);
    try (WorkQueue<String> queue =
        WorkQueues.<String>inMemory()
            .capacity(2)
            .overflow(OverflowPolicy.DROP_OLDEST)
            .claimBatchSize(1)
            .listener(events)
            .build()) {
      EnqueueResult oldest = queue.enqueue("a");
      queue.enqueue("b");
      assertThat(queue.enqueue("c").outcome()).isEqualTo(EnqueueResult.Outcome.ENQUEUED);
      assertThat(events.all(QueueEvent.JobDropped.class))
          .containsExactly(new QueueEvent.JobDropped("queue", oldest.jobId()));
      queue.handle(
          job -> {
            ran.add(job.payload());
            done.countDown();
          },
          1);
      assertThat(done.await(WAIT, TimeUnit.SECONDS)).isTrue();
      assertThat(ran).containsExactly("b", "c");
    }
  }

  @Test
  void callerRunsRunsTheJobOnTheEnqueuingThread() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> threads = Collections.synchronizedList(new ArrayList<>());
    try (WorkQueue<String> queue =
        WorkQueues.<String>inMemory().capacity(1).overflow(OverflowPolicy.CALLER_RUNS).build()) {
      assertThatThrownBy(
              () -> {
                queue.enqueue("a");
                queue.enqueue("b");
              })
          .isInstanceOf(QueueFullException.class)
          .hasMessageContaining("CALLER_RUNS, but no handler is registered");
      queue.handle(
          job -> {
            if (job.payload().equals("a")) {
              holding.countDown();
              release.await();
            }
            threads.add(job.payload() + "@" + Thread.currentThread().getName());
          },
          1);
      assertThat(holding.await(WAIT, TimeUnit.SECONDS)).isTrue(); // the worker holds "a"
      queue.enqueue("c"); // waits: the queue is full now
      EnqueueResult result = queue.enqueue("d");
      assertThat(result.outcome()).isEqualTo(EnqueueResult.Outcome.RAN_IN_CALLER);
      assertThat(threads).containsExactly("d@" + Thread.currentThread().getName());
      release.countDown();
    }
  }

  @Test
  void callerRunsPropagatesTheJobsFailure() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (WorkQueue<String> queue =
        WorkQueues.<String>inMemory().capacity(1).overflow(OverflowPolicy.CALLER_RUNS).build()) {
      queue.handle(
          job -> {
            if (job.payload().equals("hold")) {
              holding.countDown();
              release.await();
            }
            if (job.payload().equals("bad")) {
              throw new java.io.IOException("disk full");
            }
          },
          1);
      queue.enqueue("hold");
      assertThat(holding.await(WAIT, TimeUnit.SECONDS)).isTrue();
      queue.enqueue("fill");
      assertThatThrownBy(() -> queue.enqueue("bad"))
          .isInstanceOf(java.util.concurrent.CompletionException.class)
          .hasCauseInstanceOf(java.io.IOException.class);
      release.countDown();
    }
  }

  @Test
  void aCustomBackendCannotBeGivenAnInMemoryCapacity() {
    try (WorkQueue<String> memory = WorkQueues.<String>inMemory().build()) {
      assertThat(memory.toString()).contains("InMemoryBackend[queue, capacity 10000, BLOCK]");
    }
  }
}
