package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyUrlApiTest {
  private Path data = Path.of("unset");
  private TestServer http;

  @BeforeEach
  void start(@TempDir Path dir) {
    data = dir;
    http = new TestServer(data);
  }

  @AfterEach
  void stop() {
    http.close();
  }

  @Test
  void createRedirectMetadataStatsDelete() {
    HttpResponse<String> created =
        http.post("/api/urls", "{\"target\":\"https://example.com/some/page?q=1\"}");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode body = http.body(created);
    String code = body.get("code").asText();
    assertThat(body.get("shortUrl").asText()).isEqualTo(http.server.publicUrl() + "/" + code);
    assertThat(body.get("target").asText()).isEqualTo("https://example.com/some/page?q=1");
    assertThat(body.get("status").asText()).isEqualTo("active");
    assertThat(body.get("createdAt").asText()).isEqualTo(TestServer.START.toString());
    assertThat(created.headers().firstValue("Location"))
        .contains(http.server.publicUrl() + "/api/urls/" + code);

    HttpResponse<String> redirect = http.get("/" + code);
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location"))
        .contains("https://example.com/some/page?q=1");
    assertThat(redirect.headers().firstValue("Cache-Control")).contains("private, no-store");
    http.get("/" + code);

    HttpResponse<String> metadata = http.get("/api/urls/" + code);
    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(http.body(metadata).get("target").asText())
        .isEqualTo("https://example.com/some/page?q=1");
    assertThat(http.body(metadata).get("customAlias").asBoolean()).isFalse();

    HttpResponse<String> stats = http.get("/api/urls/" + code + "/stats");
    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(http.body(stats).get("visits").asLong()).isEqualTo(2);
    assertThat(http.body(stats).get("remainingVisits").isNull()).isTrue();

    HttpResponse<String> deleted = http.delete("/api/urls/" + code, TestServer.ALICE);
    assertThat(deleted.statusCode()).isEqualTo(204);
    http.assertError(http.get("/" + code), 404, "not_found");
    http.assertError(http.get("/api/urls/" + code), 404, "not_found");
  }

  @Test
  void bulkCreatesEveryItemAndReportsTakenAliasesPerItem() {
    HttpResponse<String> response =
        http.post(
            "/api/urls/bulk",
            "{\"urls\":[{\"target\":\"https://example.com/a\"},"
                + "{\"target\":\"https://example.com/b\",\"alias\":\"bulk-b\"},"
                + "{\"target\":\"https://example.com/c\",\"maxVisits\":3}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode results = http.body(response).get("results");
    assertThat(results).hasSize(3);
    assertThat(results.get(1).get("created").get("code").asText()).isEqualTo("bulk-b");
    for (JsonNode item : results) {
      String code = item.get("created").get("code").asText();
      assertThat(http.get("/" + code).headers().firstValue("Location"))
          .contains(item.get("created").get("target").asText());
    }

    HttpResponse<String> again =
        http.post(
            "/api/urls/bulk",
            "{\"urls\":[{\"target\":\"https://example.com/d\"},"
                + "{\"target\":\"https://example.com/e\",\"alias\":\"bulk-b\"}]}");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(207);
    JsonNode second = http.body(again).get("results");
    assertThat(second.get(0).get("created").get("code").asText()).hasSize(7);
    assertThat(second.get(1).get("error").asText()).isEqualTo("alias_taken");
    assertThat(second.get(1).get("created").isNull()).isTrue();
  }

  @Test
  void bulkRefusesEverythingWhenOneItemIsBad() {
    HttpResponse<String> response =
        http.post(
            "/api/urls/bulk",
            "{\"urls\":[{\"target\":\"https://example.com/ok\",\"alias\":\"not-created\"},"
                + "{\"target\":\"ftp://example.com/x\"}]}");

    JsonNode error = http.assertError(response, 400, "invalid_target");
    assertThat(error.get("message").asText()).contains("urls[1].target").contains("ftp");
    http.assertError(http.get("/not-created"), 404, "not_found");
    http.assertError(http.post("/api/urls/bulk", "{\"urls\":[]}"), 400, "invalid_bulk_size");
    StringBuilder many = new StringBuilder("{\"urls\":[");
    for (int i = 0; i <= HttpApi.MAX_BULK; i++) {
      many.append(i == 0 ? "" : ",").append("{\"target\":\"https://example.com/").append(i);
      many.append("\"}");
    }
    http.assertError(
        http.post("/api/urls/bulk", many.append("]}").toString()), 400, "invalid_bulk_size");
    http.assertError(http.post("/api/urls/bulk", "{\"url\":[]}"), 400, "unknown_field");
    http.assertError(http.post("/api/urls/bulk", "{}"), 400, "missing_urls");
    http.assertError(http.post("/api/urls/bulk", "{\"urls\":{}}"), 400, "wrong_type");
  }

  @Test
  void customAliasesFollowTheRulesAndATakenOneIs409() {
    HttpResponse<String> created =
        http.post("/api/urls", "{\"target\":\"https://example.com/\",\"alias\":\"My_Link-1\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(http.body(created).get("customAlias").asBoolean()).isTrue();
    assertThat(http.get("/My_Link-1").headers().firstValue("Location"))
        .contains("https://example.com/");

    JsonNode taken =
        http.assertError(
            http.post(
                "/api/urls",
                "{\"target\":\"https://example.com/other\",\"alias\":\"My_Link-1\"}",
                TestServer.BOB),
            409,
            "alias_taken");
    assertThat(taken.get("message").asText()).contains("My_Link-1");
    // aliases are case-sensitive, like codes
    assertThat(
            http.post("/api/urls", "{\"target\":\"https://example.com/\",\"alias\":\"my_link-1\"}")
                .statusCode())
        .isEqualTo(201);

    for (String bad : new String[] {"ab", "a".repeat(65), "has space", "dot.ted", "ünï", "a/b"}) {
      JsonNode error =
          http.assertError(
              http.post(
                  "/api/urls",
                  "{\"target\":\"https://example.com/\",\"alias\":" + quote(bad) + "}"),
              400,
              "invalid_alias");
      assertThat(error.get("message").asText()).contains("3 to 64 characters");
    }
    for (String reserved : new String[] {"api", "healthz", "static", "API", "Stats"}) {
      JsonNode error =
          http.assertError(
              http.post(
                  "/api/urls",
                  "{\"target\":\"https://example.com/\",\"alias\":" + quote(reserved) + "}"),
              400,
              "invalid_alias");
      assertThat(error.get("message").asText()).contains("reserved");
    }
  }

  @Test
  void expiredLinksAnswer410OnVirtualTime() {
    String expiry = TestServer.START.plus(Duration.ofHours(1)).toString();
    HttpResponse<String> created =
        http.post(
            "/api/urls", "{\"target\":\"https://example.com/\",\"expiresAt\":\"" + expiry + "\"}");
    String code = http.body(created).get("code").asText();
    assertThat(http.body(created).get("expiresAt").asText()).isEqualTo(expiry);

    http.time.advance(Duration.ofMinutes(59));
    assertThat(http.get("/" + code).statusCode()).isEqualTo(302);

    http.time.advance(Duration.ofMinutes(1));
    JsonNode gone = http.assertError(http.get("/" + code), 410, "expired");
    assertThat(gone.get("message").asText()).contains(expiry);
    assertThat(http.body(http.get("/api/urls/" + code)).get("status").asText())
        .isEqualTo("expired");
    assertThat(http.body(http.get("/api/urls/" + code + "/stats")).get("visits").asLong())
        .isEqualTo(1);
  }

  @Test
  void usedUpLinksAnswer410() {
    HttpResponse<String> created =
        http.post("/api/urls", "{\"target\":\"https://example.com/\",\"maxVisits\":2}");
    String code = http.body(created).get("code").asText();

    assertThat(http.get("/" + code).statusCode()).isEqualTo(302);
    assertThat(http.body(http.get("/api/urls/" + code + "/stats")).get("remainingVisits").asLong())
        .isEqualTo(1);
    assertThat(http.get("/" + code).statusCode()).isEqualTo(302);
    http.assertError(http.get("/" + code), 410, "visits_used_up");

    JsonNode stats = http.body(http.get("/api/urls/" + code + "/stats"));
    assertThat(stats.get("visits").asLong()).isEqualTo(2);
    assertThat(stats.get("remainingVisits").asLong()).isZero();
    assertThat(stats.get("status").asText()).isEqualTo("exhausted");
  }

  @Test
  void createAndDeleteNeedAValidKeyAndOnlyTheOwnerDeletes() {
    String body = "{\"target\":\"https://example.com/\"}";
    http.assertError(
        http.send(
            java.net.http.HttpRequest.newBuilder(http.uri("/api/urls"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build()),
        401,
        "missing_api_key");
    http.assertError(http.post("/api/urls", body, "not-a-key-0123456789"), 401, "invalid_api_key");

    String code = http.create("https://example.com/mine");
    http.assertError(
        http.send(
            java.net.http.HttpRequest.newBuilder(http.uri("/api/urls/" + code)).DELETE().build()),
        401,
        "missing_api_key");
    http.assertError(http.delete("/api/urls/" + code, TestServer.BOB), 403, "not_owner");
    assertThat(http.get("/" + code).statusCode()).isEqualTo(302);
    http.assertError(http.delete("/api/urls/nosuchcode", TestServer.ALICE), 404, "not_found");
    assertThat(http.delete("/api/urls/" + code, TestServer.ALICE).statusCode()).isEqualTo(204);
  }

  @Test
  void codesAreSevenBase62CharactersSpreadOverEveryShard() {
    Set<String> shards = new HashSet<>();
    Set<String> codes = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      JsonNode created =
          http.body(http.post("/api/urls", "{\"target\":\"https://example.com/" + i + "\"}"));
      String code = created.get("code").asText();
      assertThat(code).matches("[0-9A-Za-z]{7}");
      codes.add(code);
      shards.add(created.get("shard").asText());
    }
    assertThat(codes).hasSize(40);
    assertThat(shards).containsExactlyInAnyOrder("shard-0", "shard-1", "shard-2", "shard-3");
    assertThat(http.server.shardIds()).hasSize(4);
  }

  @Test
  void healthReportsEveryShard() {
    HttpResponse<String> health = http.get("/healthz");

    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode body = http.body(health);
    assertThat(body.get("status").asText()).isEqualTo("up");
    assertThat(body.get("shards")).hasSize(4);
    body.get("shards").forEach(shard -> assertThat(shard.get("status").asText()).isEqualTo("up"));
  }

  @Test
  void theOpenApiDocumentDescribesExactlyTheRoutes() {
    HttpResponse<String> response = http.get("/openapi.json");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode document = http.body(response);
    assertThat(document.get("openapi").asText()).startsWith("3.");
    assertThat(document.get("servers").get(0).get("url").asText())
        .isEqualTo(http.server.publicUrl().toString());
    Set<String> described = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              method -> {
                if (!method.equals("parameters")) {
                  described.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                }
              });
    }
    assertThat(described).containsExactlyInAnyOrderElementsOf(HttpApi.ROUTES);
  }

  @Test
  void recordsSurviveARestartOnTheSameDataDirectory() {
    String code = http.create("https://example.com/kept");
    http.close();
    http = new TestServer(data);

    assertThat(http.get("/" + code).headers().firstValue("Location"))
        .contains("https://example.com/kept");
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }
}
