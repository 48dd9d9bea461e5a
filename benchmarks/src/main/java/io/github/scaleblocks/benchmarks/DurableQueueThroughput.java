package io.github.scaleblocks.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.scaleblocks.queueing.JobRequest;
import io.github.scaleblocks.queueing.WorkQueue;
import io.github.scaleblocks.queueing.WorkQueues;
import io.github.scaleblocks.queueing.jdbc.JdbcQueueBackends;
import io.github.scaleblocks.queueing.spi.PayloadCodecs;
import io.github.scaleblocks.queueing.spi.QueueBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end throughput of the durable queue: a producer enqueues jobs in batches while 4 workers
 * claim them in batches, run a no-op handler and complete them (delete) in one statement per batch.
 * Prints jobs per second from the first enqueue to the last completion.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.scaleblocks.benchmarks.DurableQueueThroughput h2 50000
 * java -cp benchmarks/target/benchmarks.jar io.github.scaleblocks.benchmarks.DurableQueueThroughput pg 50000
 * </pre>
 *
 * <p>Arguments: {@code h2} (a fresh H2 file in a temporary directory) or {@code pg} (the local
 * PostgreSQL at 127.0.0.1:5432, database {@code test}, user {@code postgres}, a fresh table); the
 * number of jobs (default 50,000); the claim batch size (default 100).
 */
public final class DurableQueueThroughput {
  private static final int WORKERS = 4;
  private static final int ENQUEUE_BATCH = 500;

  private DurableQueueThroughput() {}

  public static void main(String[] args) throws Exception {
    String database = args.length > 0 ? args[0] : "h2";
    int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    int claimBatch = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    String table = "sb_bench_" + ProcessHandle.current().pid();
    HikariDataSource pool = null;
    QueueBackend<String> backend;
    Path dir = null;
    if (database.equals("pg")) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=true");
      config.setUsername("postgres");
      config.setMaximumPoolSize(WORKERS + 2);
      pool = new HikariDataSource(config);
      backend = JdbcQueueBackends.builder(pool, PayloadCodecs.utf8()).table(table).build();
    } else {
      dir = Files.createTempDirectory("sb-queue-bench");
      backend = JdbcQueueBackends.h2File(dir.resolve("queue"), PayloadCodecs.utf8()).build();
    }
    try {
      run(database, backend, jobs, claimBatch);
    } finally {
      if (pool != null) {
        try (Connection connection = pool.getConnection();
            Statement statement = connection.createStatement()) {
          statement.execute("DROP TABLE IF EXISTS " + table);
          statement.execute("DROP TABLE IF EXISTS " + table + "_keys");
        }
        pool.close();
      }
    }
  }

  private static void run(String database, QueueBackend<String> backend, int jobs, int claimBatch)
      throws Exception {
    CountDownLatch done = new CountDownLatch(jobs);
    try (WorkQueue<String> queue =
        WorkQueues.builder(backend)
            .name("bench")
            .claimBatchSize(claimBatch)
            .pollInterval(Duration.ofMillis(5))
            .build()) {
      queue.handle(job -> done.countDown(), WORKERS);
      long start = System.nanoTime();
      for (int from = 0; from < jobs; from += ENQUEUE_BATCH) {
        List<JobRequest<String>> batch = new ArrayList<>(ENQUEUE_BATCH);
        for (int i = from; i < Math.min(jobs, from + ENQUEUE_BATCH); i++) {
          batch.add(JobRequest.of("job-" + i));
        }
        queue.enqueueAll(batch);
      }
      long enqueued = System.nanoTime();
      if (!done.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("jobs left after 10 minutes: " + done.getCount());
      }
      long end = System.nanoTime();
      System.out.printf(
          Locale.ROOT,
          "%s: %d jobs, %d workers, claim batch %d: enqueue phase %.0f jobs/s, end to end %.0f"
              + " jobs/s (%.2f s)%n",
          database,
          jobs,
          WORKERS,
          claimBatch,
          jobs / ((enqueued - start) / 1e9),
          jobs / ((end - start) / 1e9),
          (end - start) / 1e9);
    }
  }
}
