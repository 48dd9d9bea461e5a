package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimitTest {
  @Test
  void aClientOverItsBucketGets429WithRetryAfterAndRateLimitHeaders(@TempDir Path data) {
    try (TestServer http = new TestServer(data, builder -> builder.rateLimit(3, 0.5))) {
      String body = "{\"target\":\"https://example.com/\"}";
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> ok = http.post("/api/urls", body);
        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(ok.headers().firstValue("RateLimit-Limit")).contains("3");
        assertThat(ok.headers().firstValue("RateLimit-Remaining")).contains(Long.toString(2 - i));
        assertThat(ok.headers().firstValue("RateLimit-Reset"))
            .contains(Long.toString(2L * (i + 1)));
      }

      HttpResponse<String> limited = http.post("/api/urls", body);
      http.assertError(limited, 429, "rate_limited");
      assertThat(limited.headers().firstValue("Retry-After")).contains("2");
      assertThat(limited.headers().firstValue("RateLimit-Remaining")).contains("0");
      assertThat(limited.headers().firstValue("RateLimit-Reset")).contains("6");

      // another key has its own bucket
      assertThat(http.post("/api/urls", body, TestServer.BOB).statusCode()).isEqualTo(201);
      // the limit covers reads of the API too (by key or, without one, by address)
      http.assertError(http.get("/api/urls/abcdefg"), 404, "not_found");
      http.assertError(http.get("/api/urls/abcdefg"), 404, "not_found");
      http.assertError(http.get("/api/urls/abcdefg"), 404, "not_found");
      http.assertError(http.get("/api/urls/abcdefg"), 429, "rate_limited");

      http.time.advance(Duration.ofSeconds(2));
      HttpResponse<String> again = http.post("/api/urls", body);
      assertThat(again.statusCode()).isEqualTo(201);
      assertThat(again.headers().firstValue("RateLimit-Remaining")).contains("0");
    }
  }

  @Test
  void bulkItemsEachCostAToken(@TempDir Path data) {
    try (TestServer http = new TestServer(data, builder -> builder.rateLimit(5, 1))) {
      String three =
          "{\"urls\":[{\"target\":\"https://example.com/1\"},{\"target\":\"https://example.com/2\"},"
              + "{\"target\":\"https://example.com/3\"}]}";
      HttpResponse<String> first = http.post("/api/urls/bulk", three);
      assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
      assertThat(first.headers().firstValue("RateLimit-Remaining")).contains("2");

      HttpResponse<String> second = http.post("/api/urls/bulk", three);
      http.assertError(second, 429, "rate_limited");
      assertThat(second.headers().firstValue("Retry-After")).contains("1");
    }
  }

  @Test
  void redirectsAreNotLimited(@TempDir Path data) {
    try (TestServer http = new TestServer(data, builder -> builder.rateLimit(2, 1))) {
      String code = http.create("https://example.com/");
      for (int i = 0; i < 20; i++) {
        assertThat(http.get("/" + code).statusCode()).isEqualTo(302);
      }
    }
  }
}
