package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MapReduce daily report over clicks generated with a seed across three days and four shards:
 * its counts equal a direct count over every shard's stored segments (read with plain JDBC, the row
 * counts summed by SQL) and the generator's own tally; the stored report answers {@code /api/top}
 * and {@code /api/reports/{day}}, and the schedule's tick stores yesterday's and today's.
 */
class DailyReportsTest {
  private static final LocalDate TODAY = LocalDate.parse("2026-03-01");
  private static final List<String> HOSTS =
      List.of("news.example.org", "blog.example.net", "t.co", "mail.example.com", "lobste.rs");

  /** Writes {@code n} seeded clicks over the three days ending today; returns them. */
  private static List<Click> generate(TinyUrlServer server, long seed, int n) throws Exception {
    Random random = new Random(seed);
    List<Click> clicks = new ArrayList<>();
    long start =
        TODAY.minusDays(2).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
    for (int i = 0; i < n; i++) {
      // a skewed choice of codes: low numbers are clicked far more often
      String code =
          String.format("gen%04d", (int) Math.floor(Math.pow(random.nextDouble(), 3) * 40));
      long at = start + (long) (random.nextDouble() * 3 * 86_400_000L);
      String host = random.nextInt(4) == 0 ? null : HOSTS.get(random.nextInt(HOSTS.size()));
      clicks.add(new Click(code, at, Click.dayOf(at), host, "browser"));
    }
    ClickStore store = server.clickStore();
    // in batches of 500, as the consumer writes them: several segments per shard and day
    for (int from = 0; from < clicks.size(); from += 500) {
      List<Click> batch = clicks.subList(from, Math.min(clicks.size(), from + 500));
      for (Map.Entry<String, List<Click>> shard : store.byShard(batch).entrySet()) {
        store.write(shard.getKey(), shard.getValue(), null, start);
      }
    }
    store.foldAll();
    return clicks;
  }

  private static Connection shard(Path data, int shard) throws Exception {
    // the same JVM shares the open H2 database
    return DriverManager.getConnection(
        "jdbc:h2:file:"
            + data.toAbsolutePath().resolve("shard-" + shard)
            + ";DB_CLOSE_ON_EXIT=FALSE",
        "sa",
        "");
  }

  /** Every click stored in {@code shard} (of {@code day}, or of every day when null). */
  private static List<Click> storedClicks(
      Connection connection, String shard, @Nullable LocalDate day) throws Exception {
    List<Click> clicks = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT segment_id, click_day, clicks_count, body FROM click_segments"
                + (day == null ? "" : " WHERE click_day = ?"))) {
      if (day != null) {
        select.setString(1, day.toString());
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          clicks.addAll(
              ClickSegment.decode(
                  rows.getBytes(4),
                  shard,
                  rows.getString(1),
                  LocalDate.parse(rows.getString(2)),
                  rows.getInt(3)));
        }
      }
    }
    return clicks;
  }

  /**
   * Clicks per code on {@code day}, counted from every shard's stored segments; checks that the
   * clicks decoded equal the {@code clicks_count} SQL sums over the same rows.
   */
  private static Map<String, Long> countStored(Path data, int shards, LocalDate day)
      throws Exception {
    Map<String, Long> counts = new HashMap<>();
    for (int i = 0; i < shards; i++) {
      try (Connection connection = shard(data, i)) {
        List<Click> clicks = storedClicks(connection, "shard-" + i, day);
        for (Click click : clicks) {
          counts.merge(click.code(), 1L, Long::sum);
        }
        try (PreparedStatement sum =
            connection.prepareStatement(
                "SELECT COALESCE(SUM(clicks_count), 0) FROM click_segments WHERE click_day = ?")) {
          sum.setString(1, day.toString());
          try (ResultSet row = sum.executeQuery()) {
            row.next();
            assertThat(row.getLong(1)).as("shard-" + i).isEqualTo(clicks.size());
          }
        }
      }
    }
    return counts;
  }

  @Test
  void theReportEqualsACountOverEveryShardsLog(@TempDir Path data) throws Exception {
    try (TestServer http = new TestServer(data)) {
      List<Click> clicks = generate(http.server, 42, 3_000);
      LocalDate day = TODAY.minusDays(1);

      DailyReports.Report report = http.server.reports().run(day);

      Map<String, Long> stored = countStored(data, 4, day);
      Map<String, Long> tally = new HashMap<>();
      Map<String, Long> referrers = new HashMap<>();
      long direct = 0;
      for (Click click : clicks) {
        if (click.day().equals(day)) {
          tally.merge(click.code(), 1L, Long::sum);
          if (click.referrerHost() == null) {
            direct++;
          } else {
            referrers.merge(click.referrerHost(), 1L, Long::sum);
          }
        }
      }
      assertThat(stored).isEqualTo(tally);
      assertThat(report.day()).isEqualTo(day.toString());
      assertThat(report.clicks())
          .isEqualTo(tally.values().stream().mapToLong(Long::longValue).sum());
      assertThat(report.codes()).isEqualTo(tally.size());
      assertThat(report.directClicks()).isEqualTo(direct);
      List<DailyReports.CodeClicks> expectedTop =
          tally.entrySet().stream()
              .map(e -> new DailyReports.CodeClicks(e.getKey(), e.getValue()))
              .sorted(
                  Comparator.comparingLong(DailyReports.CodeClicks::clicks)
                      .reversed()
                      .thenComparing(DailyReports.CodeClicks::code))
              .toList();
      assertThat(report.topCodes()).isEqualTo(expectedTop);
      assertThat(report.topCodes().get(0).clicks())
          .isGreaterThan(report.topCodes().get(report.topCodes().size() - 1).clicks());
      List<DailyReports.ReferrerClicks> expectedReferrers =
          referrers.entrySet().stream()
              .map(e -> new DailyReports.ReferrerClicks(e.getKey(), e.getValue()))
              .sorted(
                  Comparator.comparingLong(DailyReports.ReferrerClicks::clicks)
                      .reversed()
                      .thenComparing(DailyReports.ReferrerClicks::host))
              .toList();
      assertThat(report.topReferrers()).isEqualTo(expectedReferrers);
      // the consumer's per-day counts agree with the report, code by code
      for (DailyReports.CodeClicks code : report.topCodes()) {
        assertThat(http.server.clickStore().perDay(code.code(), day, day))
            .containsEntry(day, code.clicks());
      }
      // and the stored report reads back the same
      assertThat(http.server.reports().stored(day)).contains(report);
    }
  }

  /**
   * Each generated code's stats, which read only the per-day counts folded from the log, equal a
   * count over the stored click log of the code's shard: clicks per day, and the top referrer hosts
   * over the three days (direct clicks excluded; ties by host).
   */
  @Test
  void aCodesStatsEqualACountOverTheClickLog(@TempDir Path data) throws Exception {
    try (TestServer http = new TestServer(data)) {
      List<Click> clicks = generate(http.server, 7, 3_000);
      ClickStore store = http.server.clickStore();
      LocalDate from = TODAY.minusDays(2);
      java.util.Set<String> codes = new java.util.TreeSet<>();
      clicks.forEach(click -> codes.add(click.code()));
      assertThat(codes).hasSizeGreaterThan(20);
      Map<String, List<Click>> logs = new HashMap<>();
      for (int i = 0; i < 4; i++) {
        try (Connection connection = shard(data, i)) {
          logs.put("shard-" + i, storedClicks(connection, "shard-" + i, null));
        }
      }
      assertThat(logs.values().stream().mapToInt(List::size).sum()).isEqualTo(clicks.size());
      for (String code : codes) {
        Map<LocalDate, Long> perDay = new HashMap<>();
        Map<String, Long> hosts = new HashMap<>();
        for (Click click : logs.getOrDefault(store.shardOf(code), List.of())) {
          if (click.code().equals(code)) {
            perDay.merge(click.day(), 1L, Long::sum);
            if (click.referrerHost() != null) {
              hosts.merge(click.referrerHost(), 1L, Long::sum);
            }
          }
        }
        List<ClickStore.Count> referrers =
            hosts.entrySet().stream()
                .map(e -> new ClickStore.Count(e.getKey(), e.getValue()))
                .sorted(
                    Comparator.comparingLong(ClickStore.Count::clicks)
                        .reversed()
                        .thenComparing(ClickStore.Count::name))
                .limit(3)
                .toList();
        assertThat(store.perDay(code, from, TODAY)).as(code).isEqualTo(perDay);
        assertThat(store.topReferrers(code, from, TODAY, 3)).as(code).isEqualTo(referrers);
      }
    }
  }

  @Test
  void topCodesAndReportsOverHttp(@TempDir Path data) throws Exception {
    try (TestServer http = new TestServer(data)) {
      generate(http.server, 7, 500);
      String day = TODAY.minusDays(2).toString();

      http.assertError(http.get("/api/reports/" + day), 404, "no_report");
      HttpResponse<String> top = http.get("/api/top?day=" + day + "&n=3");
      assertThat(top.statusCode()).as(top.body()).isEqualTo(200);
      JsonNode topBody = http.body(top);
      assertThat(topBody.get("day").asText()).isEqualTo(day);
      assertThat(topBody.get("top")).hasSize(3);
      DailyReports.Report stored = http.server.reports().stored(LocalDate.parse(day)).orElseThrow();
      assertThat(topBody.get("top").get(0).get("code").asText())
          .isEqualTo(stored.topCodes().get(0).code());
      assertThat(topBody.get("computedAt").asText()).isEqualTo(stored.computedAt());

      HttpResponse<String> report = http.get("/api/reports/" + day);
      assertThat(report.statusCode()).isEqualTo(200);
      assertThat(http.body(report).get("clicks").asLong()).isEqualTo(stored.clicks());

      HttpResponse<String> posted =
          http.send(
              HttpRequest.newBuilder(http.uri("/api/reports/" + day))
                  .header("X-API-Key", TestServer.ALICE)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
      assertThat(http.body(posted).get("clicks").asLong()).isEqualTo(stored.clicks());
      assertThat(http.body(posted).get("topCodes").get(0).get("code").asText())
          .isEqualTo(stored.topCodes().get(0).code());

      // today by default, and a day without clicks is an empty report
      JsonNode today = http.body(http.get("/api/top"));
      assertThat(today.get("day").asText()).isEqualTo(TODAY.toString());
      JsonNode empty = http.body(http.get("/api/top?day=2026-01-01"));
      assertThat(empty.get("clicks").asLong()).isZero();
      assertThat(empty.get("top")).isEmpty();
    }
  }

  @Test
  void theScheduledTickStoresYesterdayAndToday(@TempDir Path data) throws Exception {
    try (TestServer http = new TestServer(data)) {
      generate(http.server, 3, 300);
      DailyReports reports = http.server.reports();
      assertThat(reports.stored(TODAY)).isEmpty();

      reports.tick();

      assertThat(reports.stored(TODAY)).isPresent();
      assertThat(reports.stored(TODAY.minusDays(1))).isPresent();
      assertThat(reports.stored(TODAY.minusDays(2))).isEmpty();
    }
  }
}
