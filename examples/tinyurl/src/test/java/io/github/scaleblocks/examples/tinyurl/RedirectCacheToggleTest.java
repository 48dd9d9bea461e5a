package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --no-redirect-cache}: the database read path the cache replaced, kept to compare. */
class RedirectCacheToggleTest {
  @Test
  void withoutTheCacheEveryRedirectReadsItsShard(@TempDir Path data) {
    try (TestServer http =
        new TestServer(
            data,
            builder -> builder.redirectCache(false).visitFlushInterval(Duration.ofHours(1)))) {
      String code = http.create("https://example.com/uncached");
      long before = http.server.databaseStatements();

      for (int i = 0; i < 10; i++) {
        var response = http.get("/" + code);
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
            .contains("https://example.com/uncached");
      }

      assertThat(http.server.databaseStatements() - before).isEqualTo(10);
      assertThat(http.server.cacheStats().loads()).isZero();
      http.assertError(http.get("/nosuchcode"), 404, "not_found");
      assertThat(http.body(http.get("/api/urls/" + code + "/stats")).get("visits").asLong())
          .isEqualTo(10);
    }
  }

  @Test
  void theOptionIsParsed() {
    assertThat(
            Main.parse(
                java.util.List.of(
                    "--no-redirect-cache", "--pool-size", "4", "--visit-flush-interval", "5000"),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream())))
        .isNotNull();
  }
}
