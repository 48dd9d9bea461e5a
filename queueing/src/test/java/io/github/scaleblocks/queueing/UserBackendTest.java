package io.github.scaleblocks.queueing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.queueing.spi.Delivery;
import io.github.scaleblocks.queueing.spi.NewJob;
import io.github.scaleblocks.queueing.spi.QueueBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A user's own backend plugs in through the same SPI the built-ins implement. */
class UserBackendTest {

  /** The smallest honest backend: a synchronized FIFO, no delays, no leases. */
  static final class FifoBackend implements QueueBackend<String> {
    record Item(long id, String payload, int priority, int attempt, int maxAttempts)
        implements Delivery<String> {
      @Override
      public long queueWaitNanos() {
        return 0;
      }
    }

    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final Map<Long, DeadJob<String>> dead = new LinkedHashMap<>();
    private final Map<Long, Integer> maxAttempts = new LinkedHashMap<>();
    private long ids;
    boolean closed;

    @Override
    public synchronized EnqueueResult enqueue(NewJob<String> job) {
      long id = ++ids;
      items.addLast(new Item(id, job.payload(), job.priority(), 0, job.maxAttempts()));
      maxAttempts.put(id, job.maxAttempts());
      notifyAll();
      return EnqueueResult.enqueued(id);
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<NewJob<String>> jobs) {
      List<EnqueueResult> out = new ArrayList<>();
      for (NewJob<String> job : jobs) {
        out.add(enqueue(job));
      }
      return out;
    }

    @Override
    public synchronized int claim(
        List<? super Delivery<String>> into, int max, long leaseNanos, long waitNanos)
        throws InterruptedException {
      if (items.isEmpty() && waitNanos > 0) {
        wait(Math.max(1, waitNanos / 1_000_000));
      }
      int n = 0;
      while (n < max && !items.isEmpty()) {
        Item item = items.pollFirst();
        into.add(
            new Item(
                item.id(),
                item.payload(),
                item.priority(),
                item.attempt() + 1,
                item.maxAttempts()));
        n++;
      }
      return n;
    }

    @Override
    public void complete(List<? extends Delivery<String>> jobs) {}

    @Override
    public synchronized void retry(Delivery<String> job, long delayNanos, JobError error) {
      items.addLast((Item) job);
      notifyAll();
    }

    @Override
    public synchronized void deadLetter(Delivery<String> job, JobError error) {
      dead.put(
          job.id(),
          new DeadJob<>(
              job.id(), job.payload(), job.priority(), job.attempt(), error, Instant.EPOCH));
    }

    @Override
    public synchronized void release(List<? extends Delivery<String>> jobs) {
      for (int i = jobs.size() - 1; i >= 0; i--) {
        Item item = (Item) jobs.get(i);
        items.addFirst(
            new Item(
                item.id(),
                item.payload(),
                item.priority(),
                item.attempt() - 1,
                item.maxAttempts()));
      }
    }

    @Override
    public int extendLeases(List<? extends Delivery<String>> jobs, long leaseNanos) {
      return jobs.size();
    }

    @Override
    public boolean usesLeases() {
      return false;
    }

    @Override
    public synchronized List<DeadJob<String>> deadLetters(int limit) {
      return new ArrayList<>(dead.values()).subList(0, Math.min(limit, dead.size()));
    }

    @Override
    public synchronized boolean requeueDead(long jobId) {
      DeadJob<String> job = dead.remove(jobId);
      if (job == null) {
        return false;
      }
      items.addLast(
          new Item(jobId, job.payload(), job.priority(), 0, maxAttempts.getOrDefault(jobId, 1)));
      notifyAll();
      return true;
    }

    @Override
    public synchronized long depth() {
      return items.size();
    }

    @Override
    public synchronized void close() {
      closed = true;
    }
  }

  @Test
  void aUsersBackendRunsJobsRetriesAndDeadLetters() throws Exception {
    FifoBackend backend = new FifoBackend();
    Events events = new Events();
    AtomicInteger calls = new AtomicInteger();
    try (WorkQueue<String> queue =
        WorkQueues.builder(backend)
            .name("custom")
            .maxAttempts(2)
            .pollInterval(Duration.ofMillis(5))
            .listener(events)
            .build()) {
      queue.enqueue("flaky");
      queue.enqueue("poison");
      queue.handle(
          job -> {
            if (job.payload().equals("poison")
                || (job.payload().equals("flaky") && calls.incrementAndGet() == 1)) {
              throw new IllegalStateException("no");
            }
          },
          1);
      assertThat(events.await(QueueEvent.Succeeded.class).attempt()).isEqualTo(2);
      assertThat(events.await(QueueEvent.DeadLettered.class).attempts()).isEqualTo(2);
      assertThat(queue.deadLetters(5)).extracting(DeadJob::payload).containsExactly("poison");
    }
    assertThat(backend.closed).as("the queue closes its backend").isTrue();
  }

  @Test
  void inMemorySettingsAreRefusedForAUsersBackend() {
    assertThatThrownBy(() -> WorkQueues.builder(new FifoBackend()).capacity(5).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "capacity, overflow and blockTimeout configure the in-memory backend");
  }
}
