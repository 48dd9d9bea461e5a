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
