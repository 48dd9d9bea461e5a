package io.github.scaleblocks.queueing.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.scaleblocks.queueing.Job;
import io.github.scaleblocks.queueing.WorkQueue;
import io.github.scaleblocks.queueing.WorkQueues;
import io.github.scaleblocks.queueing.spi.PayloadCodecs;
import io.github.scaleblocks.queueing.spi.QueueBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker process of the crash test: works through the durable queue in {@code table} of the H2
 * file {@code args[0]} (or, if {@code args[0]} is a {@code jdbc:postgresql:} URL, of that
 * PostgreSQL database as user {@code postgres}), recording each job's payload in {@code
 * <table>_done} (a plain table, so repeated deliveries show up as repeated rows), printing {@code
 * PROGRESS n} after each batch and {@code DONE} once no job is left. The test kills it with SIGKILL
 * at random points.
 *
 * <p>Arguments: database path or PostgreSQL URL, table.
 */
public final class CrashWorkerMain {
  private CrashWorkerMain() {}

  public static void main(String[] args) throws Exception {
    String database = args[0];
    String table = args[1];
    boolean postgres = database.startsWith("jdbc:postgresql:");
    QueueBackend<String> backend;
    Connection done;
    if (postgres) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(database);
      config.setUsername("postgres");
      config.setMaximumPoolSize(6);
      HikariDataSource pool = new HikariDataSource(config); // closed by the JVM's exit
      backend = JdbcQueueBackends.builder(pool, PayloadCodecs.utf8()).table(table).build();
      done = DriverManager.getConnection(database, "postgres", "");
    } else {
      Path file = Path.of(database);
      backend = JdbcQueueBackends.h2File(file, PayloadCodecs.utf8()).table(table).build();
      done = DriverManager.getConnection(H2Files.url(file), "sa", "");
    }
    AtomicInteger processed = new AtomicInteger();
    try (done;
        WorkQueue<String> queue =
            WorkQueues.builder(backend)
                .name("crash")
                .leaseDuration(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .maxAttempts(1_000)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(10))
                .build()) {
      try (Statement statement = done.createStatement()) {
        statement.execute("CREATE TABLE IF NOT EXISTS " + table + "_done (job VARCHAR(32))");
      }
      done.setAutoCommit(false);
      queue.handleBatches(
          jobs -> {
            synchronized (done) {
              try (PreparedStatement insert =
                  done.prepareStatement("INSERT INTO " + table + "_done (job) VALUES (?)")) {
                for (Job<String> job : jobs) {
                  insert.setString(1, job.payload());
                  insert.addBatch();
                }
                insert.executeBatch();
                done.commit();
              }
            }
            System.out.println("PROGRESS " + processed.addAndGet(jobs.size()));
          },
          4,
          50,
          Duration.ofMillis(20));
      while (remaining(done, table) > 0) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
    System.out.println("DONE");
    System.out.flush();
  }

  private static long remaining(Connection connection, String table) throws SQLException {
    synchronized (connection) {
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
        rows.next();
        long count = rows.getLong(1);
        connection.commit();
        return count;
      }
    }
  }
}
