package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The click log as segments and the counts folded from it: the report sees a batch as soon as it is
 * written, the stats after the next fold, each segment folded once; a corrupt stored segment fails
 * the report and the fold with its shard and id named; the one-row-per-click log of a data
 * directory from before segments is still read by the report.
 */
class ClickStoreTest {
  private static final long AT = TestServer.START.toEpochMilli();
  private static final LocalDate DAY = Click.dayOf(AT);

  /** A server whose scheduled fold never runs during a test: folds happen when the test says. */
  private static TestServer server(Path data) {
    return new TestServer(data, builder -> builder.clickFoldInterval(Duration.ofHours(1)));
  }

  private static List<Click> clicks(String code, int n, String host) {
    List<Click> clicks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      clicks.add(new Click(code, AT + i, DAY, i % 2 == 0 ? host : null, "browser"));
    }
    return clicks;
  }

  private static Connection shard(Path data, String shard) throws Exception {
    return DriverManager.getConnection(
        "jdbc:h2:file:" + data.toAbsolutePath().resolve(shard) + ";DB_CLOSE_ON_EXIT=FALSE",
        "sa",
        "");
  }

  private static long count(Connection connection, String sql) throws Exception {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  @Test
  void theCountsSeeABatchAfterTheNextFoldAndOnlyOnce(@TempDir Path data) throws Exception {
    try (TestServer http = server(data)) {
      ClickStore store = http.server.clickStore();
      String shard = store.shardOf("fold001");
      store.write(shard, clicks("fold001", 10, "a.example"), null, AT);
      store.write(shard, clicks("fold001", 4, "b.example"), null, AT);

      assertThat(store.perDay("fold001", DAY, DAY)).as("not folded yet").isEmpty();
      assertThat(http.server.reports().run(DAY).clicks()).as("the log has them").isEqualTo(14);

      assertThat(store.fold(shard)).isEqualTo(14);
      assertThat(store.fold(shard)).as("nothing pending").isZero();
      assertThat(store.foldAll()).isZero();
      assertThat(store.perDay("fold001", DAY, DAY)).containsEntry(DAY, 14L);
      assertThat(store.topReferrers("fold001", DAY, DAY, 5))
          .containsExactly(
              new ClickStore.Count("a.example", 5), new ClickStore.Count("b.example", 2));
      try (Connection connection = shard(data, shard)) {
        assertThat(count(connection, "SELECT COUNT(*) FROM click_segments")).isEqualTo(2);
        assertThat(count(connection, "SELECT COUNT(*) FROM click_pending")).isZero();
      }
    }
  }

  @Test
  void aBatchAcrossMidnightIsOneSegmentPerDay(@TempDir Path data) throws Exception {
    try (TestServer http = server(data)) {
      ClickStore store = http.server.clickStore();
      long midnight =
          DAY.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
      List<Click> clicks =
          List.of(
              new Click("late001", midnight - 1, DAY, null, "tool"),
              new Click("late001", midnight, DAY.plusDays(1), null, "tool"),
              new Click("late001", midnight + 1, DAY.plusDays(1), null, "tool"));
      String shard = store.shardOf("late001");
      store.write(shard, clicks, null, midnight);
      store.fold(shard);

      assertThat(store.perDay("late001", DAY, DAY.plusDays(1)))
          .isEqualTo(Map.of(DAY, 1L, DAY.plusDays(1), 2L));
      AtomicLong read = new AtomicLong();
      store.readDay(shard, DAY.plusDays(1), 16, (row, position) -> read.incrementAndGet());
      assertThat(read).hasValue(2);
    }
  }

  @Test
  void aCorruptSegmentFailsTheReportAndTheFoldNamingIt(@TempDir Path data) throws Exception {
    try (TestServer http = server(data)) {
      ClickStore store = http.server.clickStore();
      String shard = store.shardOf("bad0001");
      store.write(shard, clicks("bad0001", 5, "a.example"), null, AT);
      String id;
      try (Connection connection = shard(data, shard);
          Statement statement = connection.createStatement()) {
        try (ResultSet row = statement.executeQuery("SELECT segment_id FROM click_segments")) {
          row.next();
          id = row.getString(1);
        }
        try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE click_segments SET body = ? WHERE segment_id = ?")) {
          update.setBytes(1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
          update.setString(2, id);
          assertThat(update.executeUpdate()).isOne();
        }
      }
      String expected = "click segment " + id + " in " + shard + " is corrupt: ";

      assertThatThrownBy(() -> http.server.reports().run(DAY))
          .satisfies(e -> assertThat(messages(e)).contains(expected));
      assertThatThrownBy(() -> store.fold(shard))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(expected + "its checksum does not match");
      try (Connection connection = shard(data, shard)) {
        assertThat(count(connection, "SELECT COUNT(*) FROM click_pending"))
            .as("the failed fold changed nothing")
            .isOne();
      }
    }
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      all.append(cause.getMessage()).append('\n');
    }
    return all.toString();
  }

  @Test
  void theReportStillReadsTheLogOfRowsFromBeforeSegments(@TempDir Path data) throws Exception {
    String shard;
    try (TestServer http = server(data)) {
      shard = http.server.clickStore().shardOf("old0001");
    }
    // the table as the version before segments created it, with two clicks of the day
    try (Connection connection = shard(data, shard);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE clicks (code VARCHAR(64) NOT NULL, clicked_at BIGINT NOT NULL,"
              + " click_day VARCHAR(10) NOT NULL, referrer_host VARCHAR(255),"
              + " agent VARCHAR(16) NOT NULL)");
      statement.execute(
          "INSERT INTO clicks VALUES ('old0001', "
              + AT
              + ", '"
              + DAY
              + "', 'old.example', 'bot'),"
              + " ('old0001', "
              + AT
              + ", '"
              + DAY
              + "', NULL, 'bot'),"
              + " ('old0001', "
              + AT
              + ", '"
              + DAY.minusDays(1)
              + "', NULL, 'bot')");
    }
    try (TestServer http = server(data)) {
      ClickStore store = http.server.clickStore();
      store.write(shard, clicks("new0001", 3, "new.example"), null, AT);

      DailyReports.Report report = http.server.reports().run(DAY);

      assertThat(report.clicks()).isEqualTo(5);
      assertThat(report.directClicks()).isEqualTo(2);
      assertThat(report.topCodes())
          .containsExactly(
              new DailyReports.CodeClicks("new0001", 3), new DailyReports.CodeClicks("old0001", 2));
      assertThat(report.topReferrers())
          .containsExactly(
              new DailyReports.ReferrerClicks("new.example", 2),
              new DailyReports.ReferrerClicks("old.example", 1));
    }
  }
}
