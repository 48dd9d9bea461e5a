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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MapReduce daily report over clicks generated with a seed across three days and four shards:
 * its counts equal a direct SQL {@code GROUP BY} over every shard and the generator's own tally;
 * the stored report answers {@code /api/top} and {@code /api/reports/{day}}, and the schedule's
 * tick stores yesterday's and today's.
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
    for (Map.Entry<String, List<Click>> shard : store.byShard(clicks).entrySet()) {
      store.write(shard.getKey(), shard.getValue(), null, start);
    }
    return clicks;
  }

  /** Clicks per code on {@code day} by SQL GROUP BY, summed over every shard. */
  private static Map<String, Long> groupBy(Path data, int shards, LocalDate day) throws Exception {
    Map<String, Long> counts = new HashMap<>();
    for (int i = 0; i < shards; i++) {
      // the same JVM shares the open H2 database
      try (Connection connection =
              DriverManager.getConnection(
                  "jdbc:h2:file:"
                      + data.toAbsolutePath().resolve("shard-" + i)
                      + ";DB_CLOSE_ON_EXIT=FALSE",
                  "sa",
                  "");
          PreparedStatement select =
              connection.prepareStatement(
                  "SELECT code, COUNT(*) FROM clicks WHERE click_day = ? GROUP BY code")) {
        select.setString(1, day.toString());
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            counts.merge(rows.getString(1), rows.getLong(2), Long::sum);
          }
        }
      }
    }
    return counts;
  }

  @Test
  void theReportEqualsAGroupByOverEveryShard(@TempDir Path data) throws Exception {
    try (TestServer http = new TestServer(data)) {
      List<Click> clicks = generate(http.server, 42, 3_000);
      LocalDate day = TODAY.minusDays(1);

      DailyReports.Report report = http.server.reports().run(day);

      Map<String, Long> sql = groupBy(data, 4, day);
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
      assertThat(sql).isEqualTo(tally);
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
   * Each generated code's stats, which read only the per-day counts by referrer host, equal a
   * {@code GROUP BY} over the click log of the code's shard: clicks per day, and the top referrer
   * hosts over the three days (direct clicks excluded; ties by host).
   */
  @Test
  void aCodesStatsEqualAGroupByOverTheClickLog(@TempDir Path data) throws Exception {
    try (TestServer http = new TestServer(data)) {
      List<Click> clicks = generate(http.server, 7, 3_000);
      ClickStore store = http.server.clickStore();
      LocalDate from = TODAY.minusDays(2);
      java.util.Set<String> codes = new java.util.TreeSet<>();
      clicks.forEach(click -> codes.add(click.code()));
      assertThat(codes).hasSizeGreaterThan(20);
      for (String code : codes) {
        int shard = Integer.parseInt(store.shardOf(code).substring("shard-".length()));
        try (Connection connection =
            DriverManager.getConnection(
                "jdbc:h2:file:"
                    + data.toAbsolutePath().resolve("shard-" + shard)
                    + ";DB_CLOSE_ON_EXIT=FALSE",
                "sa",
                "")) {
          Map<LocalDate, Long> perDay = new HashMap<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT click_day, COUNT(*) FROM clicks WHERE code = ? GROUP BY click_day")) {
            select.setString(1, code);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                perDay.put(LocalDate.parse(rows.getString(1)), rows.getLong(2));
              }
            }
          }
          List<ClickStore.Count> referrers = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT referrer_host, COUNT(*) AS n FROM clicks WHERE code = ?"
                      + " AND referrer_host IS NOT NULL"
                      + " GROUP BY referrer_host ORDER BY n DESC, referrer_host LIMIT 3")) {
            select.setString(1, code);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                referrers.add(new ClickStore.Count(rows.getString(1), rows.getLong(2)));
              }
            }
          }
          assertThat(store.perDay(code, from, TODAY)).as(code).isEqualTo(perDay);
          assertThat(store.topReferrers(code, from, TODAY, 3)).as(code).isEqualTo(referrers);
        }
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
