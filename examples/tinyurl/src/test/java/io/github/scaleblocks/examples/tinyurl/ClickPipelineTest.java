package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Click events from redirects to the click log: per-day counts and referrers in a code's stats, the
 * click stored in the shard that owns its code, nothing lost at an orderly shutdown, the durable
 * queue surviving a restart, a full queue dropping (and counting) instead of blocking, and the sync
 * and off modes.
 */
class ClickPipelineTest {
  private static final Duration DRAIN = Duration.ofSeconds(30);

  private static HttpResponse<String> visit(
      TestServer http, String code, @Nullable String referrer, @Nullable String agent) {
    HttpRequest.Builder request = HttpRequest.newBuilder(http.uri("/" + code)).GET();
    if (referrer != null) {
      request.header("Referer", referrer);
    }
    if (agent != null) {
      request.header("User-Agent", agent);
    }
    HttpResponse<String> response = http.send(request.build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
    return response;
  }

  private static JsonNode stats(TestServer http, String code, int days) {
    HttpResponse<String> response = http.get("/api/urls/" + code + "/stats?days=" + days);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return http.body(response);
  }

  private static List<Long> perDay(JsonNode stats) {
    List<Long> counts = new ArrayList<>();
    stats.get("clicksPerDay").forEach(day -> counts.add(day.get("clicks").asLong()));
    return counts;
  }

  @Test
  void clicksArePerDayWithTheirReferrersInTheOwningShard(@TempDir Path data) throws Exception {
    try (TestServer http = new TestServer(data)) {
      String code = http.create("https://example.com/a");
      for (int i = 0; i < 3; i++) {
        visit(http, code, "https://News.Example.org:8443/item?id=" + i, "Mozilla/5.0 (X11)");
      }
      visit(http, code, "http://blog.example.net/post", "curl/8.5.0");
      visit(http, code, null, null);
      assertThat(http.server.drainClicks(DRAIN)).isTrue();

      JsonNode stats = stats(http, code, 3);
      assertThat(stats.get("visits").asLong()).isEqualTo(5);
      assertThat(stats.get("clicks").asLong()).isEqualTo(5);
      assertThat(stats.get("from").asText()).isEqualTo("2026-02-27");
      assertThat(stats.get("to").asText()).isEqualTo("2026-03-01");
      assertThat(perDay(stats)).containsExactly(0L, 0L, 5L);
      assertThat(stats.get("topReferrers").toString())
          .isEqualTo(
              "[{\"host\":\"news.example.org\",\"clicks\":3},"
                  + "{\"host\":\"blog.example.net\",\"clicks\":1}]");

      // stored only in the shard that owns the code
      LocalDate today = LocalDate.parse("2026-03-01");
      String owner = http.server.clickStore().shardOf(code);
      for (String shard : http.server.shardIds()) {
        AtomicLong rows = new AtomicLong();
        http.server.clickStore().readDay(shard, today, 100, (row, at) -> rows.incrementAndGet());
        assertThat(rows).as(shard).hasValue(shard.equals(owner) ? 5 : 0);
      }

      // the next UTC day gets its own count; the default range is 30 days
      http.time.advance(Duration.ofDays(1));
      visit(http, code, null, null);
      assertThat(http.server.drainClicks(DRAIN)).isTrue();
      assertThat(perDay(stats(http, code, 2))).containsExactly(5L, 1L);
      JsonNode month = http.body(http.get("/api/urls/" + code + "/stats"));
      assertThat(month.get("days").asInt()).isEqualTo(30);
      assertThat(month.get("clicksPerDay")).hasSize(30);
      assertThat(month.get("clicks").asLong()).isEqualTo(6);
      assertThat(month.get("visits").asLong()).as("visits and clicks agree").isEqualTo(6);
    }
  }

  @Test
  void anOrderlyShutdownWritesEveryQueuedClick(@TempDir Path data) {
    String code;
    // a long batch wait keeps the clicks in memory when close() is called
    try (TestServer http =
        new TestServer(data, builder -> builder.clickBatch(10_000, Duration.ofSeconds(2)))) {
      code = http.create("https://example.com/b");
      for (int i = 0; i < 200; i++) {
        visit(http, code, "https://ref.example.com/", null);
      }
      assertThat(http.server.clickEvents().waiting()).isPositive();
    }
    try (TestServer restarted = new TestServer(data)) {
      JsonNode stats = stats(restarted, code, 1);
      assertThat(stats.get("clicks").asLong()).isEqualTo(200);
      assertThat(stats.get("topReferrers").get(0).get("clicks").asLong()).isEqualTo(200);
    }
  }

  @Test
  void durableClicksSurviveARestartAndAreWrittenOnce(@TempDir Path data) throws Exception {
    String code;
    // the durable writer is off: batches stay in the durable queue, as after a crash
    try (TestServer http =
        new TestServer(
            data, builder -> builder.clickMode(ClickMode.DURABLE).startClickWriters(true, false))) {
      code = http.create("https://example.com/c");
      for (int i = 0; i < 7; i++) {
        visit(http, code, null, "Mozilla/5.0 (iPhone; Mobile)");
      }
      assertThat(http.server.clickEvents().awaitQueued(DRAIN)).isTrue();
      assertThat(stats(http, code, 1).get("clicks").asLong()).as("not written yet").isZero();
    }
    try (TestServer restarted =
        new TestServer(data, builder -> builder.clickMode(ClickMode.DURABLE))) {
      long deadline = System.nanoTime() + DRAIN.toNanos();
      long clicks = 0;
      while (System.nanoTime() < deadline
          && (clicks = stats(restarted, code, 1).get("clicks").asLong()) < 7) {
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // polling a real server
      }
      assertThat(clicks).isEqualTo(7);
      // new clicks go the same way and are drained by this process
      visit(restarted, code, null, null);
      assertThat(restarted.server.drainClicks(DRAIN)).isTrue();
      assertThat(stats(restarted, code, 1).get("clicks").asLong()).isEqualTo(8);
    }
  }

  @Test
  void aDurableBatchDeliveredTwiceIsWrittenOnce(@TempDir Path data) throws Exception {
    try (TestServer http = new TestServer(data)) {
      ClickStore store = http.server.clickStore();
      long at = TestServer.START.toEpochMilli();
      List<Click> clicks =
          List.of(
              new Click("dup0001", at, Click.dayOf(at), "a.example", "browser"),
              new Click("dup0001", at + 1, Click.dayOf(at), null, "tool"));
      String shard = store.shardOf("dup0001");

      assertThat(store.write(shard, clicks, "batch-1@" + shard, at)).isTrue();
      assertThat(store.write(shard, clicks, "batch-1@" + shard, at)).isFalse();
      assertThat(store.fold(shard)).as("one segment of two clicks").isEqualTo(2);

      LocalDate day = Click.dayOf(at);
      assertThat(store.perDay("dup0001", day, day)).containsEntry(day, 2L);
    }
  }

  @Test
  void aFullQueueDropsAndCountsClicksWithoutSlowingRedirects(@TempDir Path data) throws Exception {
    try (TestServer http =
        new TestServer(
            data, builder -> builder.clickQueueCapacity(3).startClickWriters(false, false))) {
      String code = http.create("https://example.com/d");
      for (int i = 0; i < 10; i++) {
        visit(http, code, null, null);
      }
      assertThat(http.server.clicksDropped()).isEqualTo(7);

      http.server.startClickWriters();
      assertThat(http.server.drainClicks(DRAIN)).isTrue();
      JsonNode stats = stats(http, code, 1);
      assertThat(stats.get("clicks").asLong()).isEqualTo(3);
      assertThat(stats.get("visits").asLong()).as("visits are counted apart").isEqualTo(10);
    }
  }

  @Test
  void syncModeWritesTheClickInTheRedirect(@TempDir Path data) {
    try (TestServer http = new TestServer(data, builder -> builder.clickMode(ClickMode.SYNC))) {
      String code = http.create("https://example.com/e");
      visit(http, code, "https://x.example.com/", null);
      JsonNode stats = stats(http, code, 1);
      assertThat(stats.get("clicks").asLong()).isEqualTo(1);
      assertThat(stats.get("topReferrers").get(0).get("host").asText()).isEqualTo("x.example.com");
    }
  }

  @Test
  void concurrentSyncClicksOfOneCodeAreAllCounted(@TempDir Path data) throws Exception {
    // H2's MERGE is not atomic: concurrent first inserts of one (code, day) row collide on the
    // primary key, and the write is retried instead of failing the redirect
    try (TestServer http = new TestServer(data, builder -> builder.clickMode(ClickMode.SYNC))) {
      String code = http.create("https://example.com/g");
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(8);
      try {
        List<java.util.concurrent.Future<?>> visits = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          visits.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 25; i++) {
                      visit(http, code, null, null);
                    }
                    return null;
                  }));
        }
        for (java.util.concurrent.Future<?> done : visits) {
          done.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(stats(http, code, 1).get("clicks").asLong()).isEqualTo(200);
    }
  }

  @Test
  void offModeRecordsNoClicks(@TempDir Path data) throws Exception {
    try (TestServer http = new TestServer(data, builder -> builder.clickMode(ClickMode.OFF))) {
      String code = http.create("https://example.com/f");
      visit(http, code, null, null);
      assertThat(http.server.drainClicks(DRAIN)).isTrue();
      JsonNode stats = stats(http, code, 1);
      assertThat(stats.get("clicks").asLong()).isZero();
      assertThat(stats.get("visits").asLong()).isEqualTo(1);
    }
  }
}
