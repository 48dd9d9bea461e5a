package io.github.scaleblocks.queueing.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.scaleblocks.queueing.jdbc.JdbcQueueBackends;
import io.github.scaleblocks.queueing.jdbc.JdbcQueueChecks;
import io.github.scaleblocks.queueing.spi.Delivery;
import io.github.scaleblocks.queueing.spi.NewJob;
import io.github.scaleblocks.queueing.spi.PayloadCodecs;
import io.github.scaleblocks.queueing.spi.QueueBackend;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The JDBC backend on the local PostgreSQL server. Skipped when the server is unreachable, except
 * under {@code CI=true}, where that is a failure.
 */
class PostgresJdbcQueueTest {
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String SERVER = "PostgreSQL at " + URL + " (user postgres)";
  private static final AtomicInteger TABLES = new AtomicInteger();

  private final String table =
      "sb_queue_it_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
  private final List<HikariDataSource> pools = new ArrayList<>();
  private boolean serverReachable;

  // per test, not @BeforeAll, so that each skipped test reports the reason
  @BeforeEach
  void requireServer() {
    PGSimpleDataSource probe = new PGSimpleDataSource();
    probe.setURL(URL);
    probe.setUser("postgres");
    probe.setConnectTimeout(3);
    try (Connection connection = probe.getConnection()) {
      assertThat(connection.isValid(3)).isTrue();
      serverReachable = true;
    } catch (SQLException e) {
      if ("true".equals(System.getenv("CI"))) {
        fail(SERVER + " is unreachable and CI=true requires it: " + e.getMessage(), e);
      }
      Assumptions.abort(SERVER + " is unreachable; skipping: " + e.getMessage());
    }
  }

  @AfterEach
  void dropTables() throws SQLException {
    if (!serverReachable) {
      return;
    }
    try (HikariDataSource pool = pool();
        Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
      statement.execute("DROP TABLE IF EXISTS " + table + "_keys");
    }
    for (HikariDataSource pool : pools) {
      pool.close();
    }
  }

  private HikariDataSource pool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(URL);
    config.setUsername("postgres");
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  private QueueBackend<String> backend(String table, Clock clock) {
    HikariDataSource pool = pool();
    pools.add(pool);
    return JdbcQueueBackends.builder(pool, PayloadCodecs.utf8()).table(table).clock(clock).build();
  }

  private JdbcQueueChecks checks() {
    return new JdbcQueueChecks(this::backend);
  }

  @Test
  void claimsByPriorityAndDelay() throws Exception {
    checks().claimsByPriorityAndDelay(table);
  }

  @Test
  void leasesExpireAndHeartbeatsExtendThem() throws Exception {
    checks().leasesExpireAndHeartbeatsExtendThem(table);
  }

  @Test
  void queueHeartbeatKeepsLongJobs() throws Exception {
    checks().queueHeartbeatKeepsLongJobs(table);
  }

  @Test
  void poisonJobIsDeadLettered() throws Exception {
    checks().poisonJobIsDeadLettered(table);
  }

  @Test
  void fatalFailureIsDeadLetteredAtOnce() throws Exception {
    checks().fatalFailureIsDeadLetteredAtOnce(table);
  }

  @Test
  void idempotencyKeysDropDuplicates() throws Exception {
    checks().idempotencyKeysDropDuplicates(table);
  }

  @Test
  void batchesAndBadPayloads() throws Exception {
    checks().batchesAndBadPayloads(table);
  }

  @Test
  void shutdownLeavesUnfinishedJobsForRedelivery() throws Exception {
    checks().shutdownLeavesUnfinishedJobsForRedelivery(table);
  }

  @Test
  void jobThatKeepsKillingWorkersIsDeadLettered() throws Exception {
    checks().jobThatKeepsKillingWorkersIsDeadLettered(table);
  }

  @Test
  void workersShareOneTable() throws Exception {
    checks().workersShareOneTable(table);
  }

  @Test
  void skipLockedClaimersNeverWaitForEachOther() throws Exception {
    QueueBackend<String> backend = backend(table, Clock.systemUTC());
    for (int i = 0; i < 10; i++) {
      backend.enqueue(new NewJob<>("j" + i, 0, 0, null, TimeUnit.HOURS.toNanos(1), 3));
    }
    try (Connection holder = pool().getConnection();
        Statement statement = holder.createStatement()) {
      holder.setAutoCommit(false);
      // another transaction holds row locks on the first 4 jobs (as an in-progress claim would)
      statement.execute(
          "SELECT id FROM " + table + " ORDER BY priority DESC, visible_at, id LIMIT 4 FOR UPDATE");
      List<Delivery<String>> claimed = new ArrayList<>();
      assertThat(backend.claim(claimed, 10, TimeUnit.SECONDS.toNanos(30), 0)).isEqualTo(6);
      assertThat(claimed).extracting(Delivery::payload).doesNotContain("j0", "j1", "j2", "j3");
      holder.rollback();
    }
  }
}
