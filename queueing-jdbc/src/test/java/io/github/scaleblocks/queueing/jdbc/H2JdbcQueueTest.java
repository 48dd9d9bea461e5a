package io.github.scaleblocks.queueing.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.queueing.spi.PayloadCodecs;
import io.github.scaleblocks.queueing.spi.QueueBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC backend on an embedded H2 file. */
class H2JdbcQueueTest {
  private static final AtomicInteger TABLES = new AtomicInteger();

  @SuppressWarnings("NullAway.Init") // injected by JUnit before each test
  @TempDir
  Path dir;

  private JdbcQueueChecks checks() {
    Path file = dir.resolve("queue");
    return new JdbcQueueChecks(
        (table, clock) ->
            JdbcQueueBackends.h2File(file, PayloadCodecs.utf8()).table(table).clock(clock).build());
  }

  private static String table() {
    return "jobs_" + TABLES.incrementAndGet();
  }

  @Test
  void claimsByPriorityAndDelay() throws Exception {
    checks().claimsByPriorityAndDelay(table());
  }

  @Test
  void leasesExpireAndHeartbeatsExtendThem() throws Exception {
    checks().leasesExpireAndHeartbeatsExtendThem(table());
  }

  @Test
  void queueHeartbeatKeepsLongJobs() throws Exception {
    checks().queueHeartbeatKeepsLongJobs(table());
  }

  @Test
  void poisonJobIsDeadLettered() throws Exception {
    checks().poisonJobIsDeadLettered(table());
  }

  @Test
  void fatalFailureIsDeadLetteredAtOnce() throws Exception {
    checks().fatalFailureIsDeadLetteredAtOnce(table());
  }

  @Test
  void idempotencyKeysDropDuplicates() throws Exception {
    checks().idempotencyKeysDropDuplicates(table());
  }

  @Test
  void batchesAndBadPayloads() throws Exception {
    checks().batchesAndBadPayloads(table());
  }

  @Test
  void shutdownLeavesUnfinishedJobsForRedelivery() throws Exception {
    checks().shutdownLeavesUnfinishedJobsForRedelivery(table());
  }

  @Test
  void jobThatKeepsKillingWorkersIsDeadLettered() throws Exception {
    checks().jobThatKeepsKillingWorkersIsDeadLettered(table());
  }

  @Test
  void workersShareOneTable() throws Exception {
    checks().workersShareOneTable(table());
  }

  @Test
  void skipLockedClaimersNeverWaitForEachOther() throws Exception {
    Path file = dir.resolve("skip");
    try (QueueBackend<String> backend =
        JdbcQueueBackends.h2File(file, PayloadCodecs.utf8()).table("skip_jobs").build()) {
      for (int i = 0; i < 10; i++) {
        backend.enqueue(
            new io.github.scaleblocks.queueing.spi.NewJob<>(
                "j" + i, 0, 0, null, java.util.concurrent.TimeUnit.HOURS.toNanos(1), 3));
      }
      try (Connection holder = DriverManager.getConnection(H2Files.url(file), "sa", "");
          Statement statement = holder.createStatement()) {
        holder.setAutoCommit(false);
        // another transaction holds row locks on the first 4 jobs (as an in-progress claim
        // would; H2 locks every row an ordered, limited SELECT FOR UPDATE reads, so no LIMIT here)
        statement
            .executeQuery(
                "SELECT id FROM skip_jobs WHERE id < (SELECT MIN(id) + 4 FROM skip_jobs) FOR UPDATE")
            .close();
        java.util.List<io.github.scaleblocks.queueing.spi.Delivery<String>> claimed =
            new java.util.ArrayList<>();
        assertThat(backend.claim(claimed, 10, java.util.concurrent.TimeUnit.SECONDS.toNanos(30), 0))
            .isEqualTo(6);
        assertThat(claimed)
            .extracting(io.github.scaleblocks.queueing.spi.Delivery::payload)
            .doesNotContain("j0", "j1", "j2", "j3");
        holder.rollback();
      }
    }
  }

  @Test
  void createsTheShippedSchema() throws Exception {
    Path file = dir.resolve("schema");
    try (QueueBackend<byte[]> backend =
        JdbcQueueBackends.h2File(file, PayloadCodecs.bytes()).table("shipped").build()) {
      assertThat(backend.toString()).startsWith("JdbcQueueBackend[table shipped, jdbc:h2:file:");
      try (Connection connection = DriverManager.getConnection(H2Files.url(file), "sa", "");
          Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME IN"
                      + " ('SHIPPED', 'SHIPPED_KEYS')")) {
        rows.next();
        assertThat(rows.getInt(1)).isEqualTo(2);
      }
    }
    assertThat(JdbcBackend.schema(JdbcBackend.Dialect.POSTGRESQL, "t"))
        .hasSize(3)
        .allSatisfy(sql -> assertThat(sql).doesNotContain("${table}").doesNotEndWith(";"));
  }

  @Test
  void rejectsBadTableNamesAndPaths() {
    assertThatThrownBy(
            () -> JdbcQueueBackends.h2File(dir.resolve("q"), PayloadCodecs.utf8()).table("x; drop"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x; drop'");
    assertThatThrownBy(() -> H2Files.url(dir.resolve("a;b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not contain ';'");
  }
}
