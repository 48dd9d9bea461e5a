package io.github.scaleblocks.queueing;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.queueing.spi.QueueBackend;

/**
 * Builds {@link WorkQueue}s.
 *
 * <pre>{@code
 * WorkQueue<String> emails = WorkQueues.<String>inMemory()
 *     .name("emails").capacity(10_000).overflow(OverflowPolicy.BLOCK)
 *     .maxAttempts(5).backoff(Duration.ofSeconds(1), Duration.ofMinutes(5))
 *     .build();
 * emails.handle(job -> mailer.send(job.payload()), 8);
 * emails.enqueue("welcome:42", JobOptions.defaults().withIdempotencyKey("welcome:42"));
 * }</pre>
 */
public final class WorkQueues {
  private WorkQueues() {}

  /**
   * A queue in this process's memory: fast, bounded ({@link WorkQueueBuilder#capacity}) with an
   * {@link OverflowPolicy}, and lost with the process. Use a durable backend for jobs that must
   * survive a crash.
   */
  public static <T> WorkQueueBuilder<T> inMemory() {
    return new WorkQueueBuilder<>(null);
  }

  /**
   * A queue over {@code backend}: the durable JDBC backend ({@code JdbcQueueBackends} in {@code
   * scaleblocks-queueing-jdbc}) or a user's own {@link QueueBackend}. The queue closes the backend
   * when it is closed.
   */
  public static <T> WorkQueueBuilder<T> builder(QueueBackend<T> backend) {
    return new WorkQueueBuilder<>(Checks.notNull(backend, "backend"));
  }
}
