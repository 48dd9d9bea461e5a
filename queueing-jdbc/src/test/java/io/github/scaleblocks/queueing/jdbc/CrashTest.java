package io.github.scaleblocks.queueing.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.scaleblocks.queueing.JobRequest;
import io.github.scaleblocks.queueing.WorkQueue;
import io.github.scaleblocks.queueing.WorkQueues;
import io.github.scaleblocks.queueing.spi.PayloadCodecs;
import io.github.scaleblocks.queueing.spi.QueueBackend;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test with real processes: a worker JVM ({@link CrashWorkerMain}) works through 10,000
 * durable jobs in an H2 file and is killed with SIGKILL ({@link Process#destroyForcibly()} on
 * Linux) three times at random (seeded) points of its progress, each time holding claimed and
 * running jobs; a fourth run finishes. Then every enqueued job has completed at least once, and no
 * job, lease or dead letter is left. The same runs against the local PostgreSQL.
 */
class CrashTest {
  private static final int JOBS = 10_000;
  private static final int KILLS = 3;
  private static final String TABLE = "crash_jobs";

  @SuppressWarnings("NullAway.Init") // injected by JUnit before each test
  @TempDir
  Path dir;

  @Test
  void killedWorkersLoseNoJobAndLeaveNoLease() throws Exception {
    Path file = dir.resolve("crash");
    Set<String> enqueued =
        enqueue(JdbcQueueBackends.h2File(file, PayloadCodecs.utf8()).table(TABLE).build());
    killAndRestart(file.toString(), TABLE, 20261128L);
    try (Connection connection = DriverManager.getConnection(H2Files.url(file), "sa", "");
        Statement statement = connection.createStatement()) {
      verify(statement, TABLE, enqueued);
      statement.execute("SHUTDOWN");
    }
  }

  /** The same on the local PostgreSQL; skipped when it is unreachable unless CI=true. */
  @Test
  void killedWorkersLoseNoJobAndLeaveNoLeaseOnPostgres() throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:5432/test";
    String table = "sb_crash_" + ProcessHandle.current().pid();
    HikariDataSource pool;
    try {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setUsername("postgres");
      config.setMaximumPoolSize(2);
      config.setInitializationFailTimeout(3_000);
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(
            "PostgreSQL at " + url + " is unreachable and CI=true requires it", e);
      }
      Assumptions.abort("PostgreSQL at " + url + " (user postgres) is unreachable; skipping: " + e);
      return;
    }
    try (pool) {
      Set<String> enqueued =
          enqueue(JdbcQueueBackends.builder(pool, PayloadCodecs.utf8()).table(table).build());
      try {
        killAndRestart(url, table, 20261129L);
        try (Connection connection = pool.getConnection();
            Statement statement = connection.createStatement()) {
          verify(statement, table, enqueued);
        }
      } finally {
        try (Connection connection = pool.getConnection();
            Statement statement = connection.createStatement()) {
          statement.execute("DROP TABLE IF EXISTS " + table);
          statement.execute("DROP TABLE IF EXISTS " + table + "_keys");
          statement.execute("DROP TABLE IF EXISTS " + table + "_done");
        }
      }
    }
  }

  private static Set<String> enqueue(QueueBackend<String> backend) {
    Set<String> enqueued = new HashSet<>();
    try (WorkQueue<String> producer = WorkQueues.builder(backend).build()) {
      for (int from = 0; from < JOBS; from += 1_000) {
        List<JobRequest<String>> batch = new ArrayList<>();
        for (int i = from; i < from + 1_000; i++) {
          batch.add(JobRequest.of("job-" + i));
          enqueued.add("job-" + i);
        }
        producer.enqueueAll(batch);
      }
    }
    return enqueued;
  }

  /** Runs the worker, kills it {@value #KILLS} times at seeded points, then lets it finish. */
  private static void killAndRestart(String database, String table, long seed) throws Exception {
    Random random = new Random(seed);
    int kills = 0;
    for (int run = 0; run <= KILLS; run++) {
      boolean last = run == KILLS;
      int killAt = last ? Integer.MAX_VALUE : 300 + random.nextInt(1_500);
      Process worker =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CrashWorkerMain.class.getName(),
                  database,
                  table)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      boolean finished = false;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.equals("DONE")) {
            finished = true;
          } else if (line.startsWith("PROGRESS ")
              && Integer.parseInt(line.substring(9)) >= killAt) {
            worker.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            kills++;
            break;
          }
        }
      } finally {
        if (!worker.waitFor(60, TimeUnit.SECONDS)) {
          worker.destroyForcibly();
        }
      }
      if (last) {
        assertThat(finished).as("the last run works through the rest").isTrue();
        assertThat(worker.exitValue()).isZero();
      } else {
        assertThat(finished).as("run %d was killed before it could finish", run).isFalse();
      }
    }
    assertThat(kills).isEqualTo(KILLS);
  }

  /** Every enqueued job completed; no job (so no lease and no dead letter) is left. */
  private static void verify(Statement statement, String table, Set<String> enqueued)
      throws Exception {
    Set<String> completed = new HashSet<>();
    try (ResultSet rows = statement.executeQuery("SELECT job FROM " + table + "_done")) {
      while (rows.next()) {
        completed.add(rows.getString(1));
      }
    }
    assertThat(completed).isEqualTo(enqueued);
    try (ResultSet rows =
        statement.executeQuery("SELECT COUNT(*), COUNT(lease_token) FROM " + table)) {
      rows.next();
      assertThat(rows.getLong(1)).as("jobs left").isZero();
      assertThat(rows.getLong(2)).as("leases left").isZero();
    }
  }
}
