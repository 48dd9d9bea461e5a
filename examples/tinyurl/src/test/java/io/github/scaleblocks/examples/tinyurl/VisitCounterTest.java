package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Visits counted in memory when a shard fails during a flush: nothing is lost or counted twice. */
class VisitCounterTest {
  private static final String OWNER = ApiKeys.sha256Hex("owner-key-0123456789");

  @Test
  void aDeadShardKeepsItsVisitsAndDoesNotStopTheOthers() throws Exception {
    String name = "tinyurl_flush_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
    String dying = "jdbc:h2:mem:" + name + "_dying";
    try (Connection keeper = DriverManager.getConnection(dying + ";DB_CLOSE_DELAY=-1", "sa", "");
        UrlStore store =
            UrlStore.open(
                List.of(
                    "jdbc:h2:mem:" + name + "_alive;DB_CLOSE_DELAY=-1", dying + ";IFEXISTS=TRUE"),
                2)) {
      String onLive = null;
      String onDying = null;
      for (int i = 0; onLive == null || onDying == null; i++) {
        String code = "code" + i;
        store.insert(
            new UrlRecord(code, "https://example.com/", OWNER, true, Instant.EPOCH, null, null, 0));
        if (store.shardOf(code).equals("shard-0")) {
          onLive = code;
        } else {
          onDying = code;
        }
      }
      VisitCounter visits = new VisitCounter(store);
      for (int i = 0; i < 3; i++) {
        visits.count(onLive);
        visits.count(onDying);
      }
      try (Statement statement = keeper.createStatement()) {
        statement.execute("SHUTDOWN");
      }

      assertThatThrownBy(visits::flush).isInstanceOf(SQLException.class);

      assertThat(store.find(onLive).orElseThrow().visits()).isEqualTo(3);
      assertThat(visits.pending(onLive)).isZero();
      assertThat(visits.pending(onDying)).as("kept for the next flush").isEqualTo(3);
    }
  }
}
