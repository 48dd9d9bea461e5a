package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redirects through the cache: what reaches the databases (counted in statements), negative
 * caching, invalidation on delete and alias creation, expiry checked on cached links, and visits
 * counted in memory that are neither lost nor double-counted. The visit flush runs only when a test
 * asks for it (an hour-long interval), so statement counts are exact.
 */
class CachedRedirectTest {
  private static final UnaryOperator<TinyUrlServer.Builder> NO_BACKGROUND_FLUSH =
      builder -> builder.visitFlushInterval(Duration.ofHours(1));

  @Test
  void aCachedCodeRedirectsWithoutTouchingTheDatabase(@TempDir Path data) throws Exception {
    try (TestServer http = new TestServer(data, NO_BACKGROUND_FLUSH)) {
      String code = http.create("https://example.com/cached");
      assertThat(http.get("/" + code).statusCode()).isEqualTo(302); // the miss loads it
      long before = http.server.databaseStatements();

      for (int i = 0; i < 50; i++) {
        var response = http.get("/" + code);
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
            .contains("https://example.com/cached");
      }

      assertThat(http.server.databaseStatements()).isEqualTo(before);
      assertThat(http.server.cacheStats().loads()).isEqualTo(1);
      // the visits not yet written show in the stats, and the same after the flush
      assertThat(http.body(http.get("/api/urls/" + code + "/stats")).get("visits").asLong())
          .isEqualTo(51);
      http.server.flushVisits();
      assertThat(http.body(http.get("/api/urls/" + code + "/stats")).get("visits").asLong())
          .isEqualTo(51);
      http.server.flushVisits(); // nothing left: no second count
      assertThat(http.body(http.get("/api/urls/" + code + "/stats")).get("visits").asLong())
          .isEqualTo(51);
    }
  }

  @Test
  void unknownCodesReachTheDatabaseOncePerNegativeTtl(@TempDir Path data) {
    try (TestServer http =
        new TestServer(
            data,
            builder ->
                NO_BACKGROUND_FLUSH.apply(builder).negativeCacheTtl(Duration.ofSeconds(5)))) {
      long before = http.server.databaseStatements();
      for (int i = 0; i < 20; i++) {
        http.assertError(http.get("/unKnown1"), 404, "not_found");
      }
      assertThat(http.server.databaseStatements() - before).isEqualTo(1);

      http.time.advance(Duration.ofSeconds(5));
      http.assertError(http.get("/unKnown1"), 404, "not_found");
      assertThat(http.server.databaseStatements() - before).isEqualTo(2);
    }
  }

  @Test
  void creatingAnAliasClearsItsCachedAbsence(@TempDir Path data) {
    try (TestServer http = new TestServer(data, NO_BACKGROUND_FLUSH)) {
      http.assertError(http.get("/launch-day"), 404, "not_found"); // now cached as unknown
      assertThat(
              http.post(
                      "/api/urls", "{\"target\":\"https://example.com/\",\"alias\":\"launch-day\"}")
                  .statusCode())
          .isEqualTo(201);
      assertThat(http.get("/launch-day").statusCode()).isEqualTo(302);
    }
  }

  @Test
  void deleteEvictsTheCachedLink(@TempDir Path data) {
    try (TestServer http = new TestServer(data, NO_BACKGROUND_FLUSH)) {
      String code = http.create("https://example.com/soon-gone");
      assertThat(http.get("/" + code).statusCode()).isEqualTo(302);
      assertThat(http.get("/" + code).statusCode()).isEqualTo(302); // from the cache

      assertThat(http.delete("/api/urls/" + code, TestServer.ALICE).statusCode()).isEqualTo(204);

      http.assertError(http.get("/" + code), 404, "not_found");
    }
  }

  @Test
  void expiryIsHonouredFromTheCacheToTheMillisecond(@TempDir Path data) {
    try (TestServer http =
        new TestServer(
            data, builder -> NO_BACKGROUND_FLUSH.apply(builder).cacheTtl(Duration.ofDays(1)))) {
      String expiresAt = TestServer.START.plus(Duration.ofHours(1)).toString();
      String code =
          http.body(
                  http.post(
                      "/api/urls",
                      "{\"target\":\"https://example.com/t\",\"expiresAt\":\"" + expiresAt + "\"}"))
              .get("code")
              .asText();
      assertThat(http.get("/" + code).statusCode()).isEqualTo(302);
      long before = http.server.databaseStatements();

      http.time.advance(Duration.ofHours(1).minusMillis(1));
      assertThat(http.get("/" + code).statusCode()).isEqualTo(302);
      http.time.advance(Duration.ofMillis(1));
      assertThat(http.assertError(http.get("/" + code), 410, "expired").get("message").asText())
          .contains(expiresAt);

      assertThat(http.server.databaseStatements())
          .as("both answers came from the cached expiry")
          .isEqualTo(before);
    }
  }

  @Test
  void aLimitedLinkCountsEveryVisitInTheDatabaseEvenWhenCached(@TempDir Path data) {
    try (TestServer http = new TestServer(data, NO_BACKGROUND_FLUSH)) {
      String code =
          http.body(http.post("/api/urls", "{\"target\":\"https://example.com/\",\"maxVisits\":3}"))
              .get("code")
              .asText();
      for (int i = 0; i < 3; i++) {
        assertThat(http.get("/" + code).statusCode()).isEqualTo(302);
      }
      http.assertError(http.get("/" + code), 410, "visits_used_up");
      assertThat(http.body(http.get("/api/urls/" + code + "/stats")).get("visits").asLong())
          .isEqualTo(3);
    }
  }

  @Test
  void concurrentVisitsRacingTheFlushAreEachCountedOnce(@TempDir Path data) throws Exception {
    int threads = 8;
    int perThread = 200;
    try (TestServer http =
        new TestServer(data, builder -> builder.visitFlushInterval(Duration.ofMillis(1)))) {
      String code = http.create("https://example.com/busy");
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          work.add(
              pool.submit(
                  () -> {
                    go.await();
                    int redirected = 0;
                    for (int i = 0; i < perThread; i++) {
                      if (http.get("/" + code).statusCode() == 302) {
                        redirected++;
                      }
                    }
                    return redirected;
                  }));
        }
        go.countDown();
        for (Future<Integer> future : work) {
          assertThat(future.get(60, TimeUnit.SECONDS)).isEqualTo(perThread);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(http.body(http.get("/api/urls/" + code + "/stats")).get("visits").asLong())
          .isEqualTo((long) threads * perThread);
      http.server.flushVisits();
      assertThat(http.body(http.get("/api/urls/" + code + "/stats")).get("visits").asLong())
          .isEqualTo((long) threads * perThread);
    }
  }

  @Test
  void visitsCountedInMemorySurviveAnOrderlyShutdown(@TempDir Path data) {
    String code;
    try (TestServer http = new TestServer(data, NO_BACKGROUND_FLUSH)) {
      code = http.create("https://example.com/counted");
      for (int i = 0; i < 7; i++) {
        assertThat(http.get("/" + code).statusCode()).isEqualTo(302);
      }
    }
    try (TestServer restarted = new TestServer(data, NO_BACKGROUND_FLUSH)) {
      assertThat(
              restarted.body(restarted.get("/api/urls/" + code + "/stats")).get("visits").asLong())
          .isEqualTo(7);
    }
  }
}
