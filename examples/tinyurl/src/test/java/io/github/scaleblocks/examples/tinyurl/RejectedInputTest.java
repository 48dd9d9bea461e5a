package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per class of bad input: each gets a 4xx with a JSON error saying what is wrong. */
class RejectedInputTest {
  @SuppressWarnings("NullAway.Init") // set in @BeforeAll
  private static TestServer http;

  @BeforeAll
  static void start(@TempDir Path data) {
    http = new TestServer(data);
  }

  @AfterAll
  static void stop() {
    http.close();
  }

  private static String message(HttpResponse<String> response, int status, String error) {
    return http.assertError(response, status, error).get("message").asText();
  }

  private static HttpResponse<String> create(String body) {
    return http.post("/api/urls", body);
  }

  @Test
  void malformedJson() {
    assertThat(message(create("{\"target\": "), 400, "invalid_json")).contains("malformed JSON");
    assertThat(message(create("{\"target\":\"https://example.com\"} {}"), 400, "invalid_json"))
        .contains("malformed JSON");
    assertThat(message(create(""), 400, "invalid_json")).contains("empty");
    assertThat(message(create("[1, 2]"), 400, "invalid_json")).contains("JSON object");
  }

  @Test
  void duplicateFields() {
    assertThat(
            message(
                create("{\"target\":\"https://example.com\",\"target\":\"https://example.com\"}"),
                400,
                "invalid_json"))
        .contains("target");
  }

  @Test
  void unknownFields() {
    assertThat(
            message(
                create("{\"target\":\"https://example.com\",\"url\":\"x\"}"), 400, "unknown_field"))
        .contains("'url'");
  }

  @Test
  void wrongTypes() {
    assertThat(message(create("{\"target\":42}"), 400, "wrong_type"))
        .contains("'target' must be a string but was a number");
    assertThat(
            message(
                create("{\"target\":\"https://example.com\",\"maxVisits\":\"5\"}"),
                400,
                "wrong_type"))
        .contains("'maxVisits' must be a whole number but was a string");
    assertThat(
            message(
                create("{\"target\":\"https://example.com\",\"maxVisits\":2.5}"),
                400,
                "wrong_type"))
        .contains("maxVisits");
    assertThat(
            message(create("{\"target\":\"https://example.com\",\"alias\":[]}"), 400, "wrong_type"))
        .contains("'alias' must be a string but was an array");
  }

  @Test
  void missingTarget() {
    assertThat(message(create("{}"), 400, "missing_target")).contains("'target' is required");
    assertThat(message(create("{\"target\":null}"), 400, "missing_target")).contains("target");
  }

  @Test
  void badAlias() {
    assertThat(
            message(
                create("{\"target\":\"https://example.com\",\"alias\":\"x!\"}"),
                400,
                "invalid_alias"))
        .contains("'x!'");
  }

  @Test
  void badExpiry() {
    assertThat(
            message(
                create("{\"target\":\"https://example.com\",\"expiresAt\":\"tomorrow\"}"),
                400,
                "invalid_expiry"))
        .contains("ISO-8601")
        .contains("tomorrow");
    assertThat(
            message(
                create(
                    "{\"target\":\"https://example.com\",\"expiresAt\":\""
                        + TestServer.START
                        + "\"}"),
                400,
                "invalid_expiry"))
        .contains("not in the future");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-3", "99999999999999999999999"})
  void nonPositiveOrHugeMaxVisits(String value) {
    assertThat(
            message(
                create("{\"target\":\"https://example.com\",\"maxVisits\":" + value + "}"),
                400,
                "invalid_max_visits"))
        .contains("positive whole number");
  }

  @Test
  void oversizedBody() {
    String huge = "{\"target\":\"https://example.com/" + "a".repeat(HttpApi.MAX_BODY_BYTES) + "\"}";
    assertThat(message(create(huge), 413, "body_too_large")).contains("at most");
  }

  @Test
  void notJsonContentType() {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(http.uri("/api/urls"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-API-Key", TestServer.ALICE)
                .POST(HttpRequest.BodyPublishers.ofString("target=https://example.com"))
                .build());
    assertThat(message(response, 415, "unsupported_media_type")).contains("application/json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "367", "abc", "", "1.5"})
  void badStatsDays(String days) {
    String code = http.create("https://example.com/days");
    assertThat(message(http.get("/api/urls/" + code + "/stats?days=" + days), 400, "invalid_days"))
        .contains("days")
        .contains("366");
  }

  @Test
  void badQueryParameters() {
    String code = http.create("https://example.com/query");
    assertThat(
            message(
                http.get("/api/urls/" + code + "/stats?days=3&days=4"), 400, "invalid_parameter"))
        .contains("'days' was given 2 times");
    assertThat(message(http.get("/api/urls/" + code + "/stats?day=3"), 400, "unknown_parameter"))
        .contains("'day'")
        .contains("allowed: days");
    assertThat(message(http.get("/api/top?limit=3"), 400, "unknown_parameter"))
        .contains("'limit'")
        .contains("allowed: day, n");
    assertThat(message(http.get("/api/reports/2026-02-01?x=1"), 400, "unknown_parameter"))
        .contains("takes none");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "101", "ten", "-5"})
  void badTopN(String n) {
    assertThat(message(http.get("/api/top?n=" + n), 400, "invalid_n")).contains("n must");
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2026-02-30", "2026-3-1", "20260301"})
  void badDays(String day) {
    assertThat(message(http.get("/api/top?day=" + day), 400, "invalid_day"))
        .contains("YYYY-MM-DD")
        .contains(day);
    assertThat(message(http.get("/api/reports/" + day), 400, "invalid_day")).contains(day);
    assertThat(message(postReport(day, TestServer.ALICE), 400, "invalid_day")).contains(day);
  }

  @Test
  void daysInTheFuture() {
    // the test server's clock says 2026-03-01
    assertThat(message(http.get("/api/top?day=2026-03-02"), 400, "invalid_day"))
        .contains("2026-03-02 is in the future (today is 2026-03-01 UTC)");
    assertThat(message(postReport("2027-01-01", TestServer.ALICE), 400, "invalid_day"))
        .contains("in the future");
  }

  @Test
  void reportsNeedAKeyToRunAndExistToBeRead() {
    assertThat(message(postReport("2026-02-01", null), 401, "missing_api_key"))
        .contains("X-API-Key");
    http.assertError(postReport("2026-02-01", "wrong-key-0123456789"), 401, "invalid_api_key");
    assertThat(message(http.get("/api/reports/2025-12-31"), 404, "no_report"))
        .contains("POST /api/reports/2025-12-31");
    HttpResponse<String> delete = http.delete("/api/reports/2026-02-01", TestServer.ALICE);
    http.assertError(delete, 405, "method_not_allowed");
    assertThat(delete.headers().firstValue("Allow")).contains("GET, POST");
    http.assertError(
        http.send(
            HttpRequest.newBuilder(http.uri("/api/top"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build()),
        405,
        "method_not_allowed");
  }

  private static HttpResponse<String> postReport(
      String day, @org.jspecify.annotations.Nullable String key) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(http.uri("/api/reports/" + day))
            .POST(HttpRequest.BodyPublishers.noBody());
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return http.send(request.build());
  }

  @Test
  void unknownCodesAndPaths() {
    assertThat(message(http.get("/zzzzzzz"), 404, "not_found")).contains("zzzzzzz");
    http.assertError(http.get("/api/urls/zzzzzzz"), 404, "not_found");
    http.assertError(http.get("/api/urls/zzzzzzz/stats"), 404, "not_found");
    http.assertError(http.get("/bad%20code"), 404, "not_found");
    http.assertError(http.get("/api"), 404, "not_found");
    http.assertError(http.get("/a/b/c"), 404, "not_found");
    http.assertError(http.get("/static/other.js"), 404, "not_found");
    http.assertError(http.get("/index.html"), 404, "not_found");
  }

  @Test
  void wrongMethods() {
    HttpResponse<String> getCreate = http.get("/api/urls");
    assertThat(message(getCreate, 405, "method_not_allowed")).contains("GET");
    assertThat(getCreate.headers().firstValue("Allow")).contains("POST");
    HttpResponse<String> putUrl =
        http.send(
            HttpRequest.newBuilder(http.uri("/api/urls/abcdefg"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    http.assertError(putUrl, 405, "method_not_allowed");
    assertThat(putUrl.headers().firstValue("Allow")).contains("GET, DELETE");
    http.assertError(http.post("/abcdefg", "{}"), 405, "method_not_allowed");
    http.assertError(http.post("/healthz", "{}"), 405, "method_not_allowed");
    http.assertError(http.get("/api/urls/bulk"), 405, "method_not_allowed");
  }

  @Test
  void nonHttpSchemes() {
    for (String target :
        new String[] {"ftp://example.com/f", "javascript:alert(1)", "file:///etc/passwd"}) {
      assertThat(message(createTarget(target), 400, "invalid_target"))
          .contains("http or https URL");
    }
    assertThat(message(createTarget("/relative/path"), 400, "invalid_target")).contains("absolute");
    assertThat(message(createTarget("https://exa mple.com/"), 400, "invalid_target"))
        .contains("not a valid URL");
    assertThat(message(createTarget(""), 400, "invalid_target")).contains("empty");
  }

  @Test
  void tooLongTargets() {
    String prefix = "https://example.com/";
    String atLimit = prefix + "a".repeat(TargetPolicy.MAX_LENGTH - prefix.length());
    assertThat(createTarget(atLimit).statusCode()).isEqualTo(201);
    assertThat(message(createTarget(atLimit + "a"), 400, "invalid_target"))
        .contains("2049 characters")
        .contains("2048");
  }

  @Test
  void controlCharacters() {
    assertThat(
            message(
                createTarget("https://example.com/a\\r\\nSet-Cookie: x"), 400, "invalid_target"))
        .contains("control character at index 21");
    assertThat(message(createTarget("https://example.com/\\u0000"), 400, "invalid_target"))
        .contains("control character");
  }

  @Test
  void userInfo() {
    assertThat(message(createTarget("https://example.com@evil.example/"), 400, "invalid_target"))
        .contains("user info");
  }

  @Test
  void targetsPointingBackAtTheService() {
    int port = http.server.port();
    for (String self :
        new String[] {
          "http://localhost:" + port + "/abc",
          "http://127.0.0.1:" + port + "/",
          "HTTP://LOCALHOST:" + port
        }) {
      assertThat(message(createTarget(self), 400, "invalid_target"))
          .contains("back at this service");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://intranet.example/",
        "http://router.example/admin",
        "http://metadata.example/latest/meta-data/",
        "http://10.0.0.1/",
        "http://127.0.0.1:9/",
        "http://localhost:9/",
        "http://[::1]/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/"
      })
  void privateLoopbackAndLinkLocalTargets(String target) {
    assertThat(message(createTarget(target), 400, "invalid_target"))
        .contains("private, loopback or link-local")
        .contains("--allow-private-targets");
  }

  @Test
  void unresolvableHosts() {
    assertThat(message(createTarget("https://no-such-host.invalid/"), 400, "invalid_target"))
        .contains("cannot be resolved");
  }

  @Test
  void publicTargetsAreAccepted() {
    assertThat(createTarget("https://v6.example/x").statusCode()).isEqualTo(201);
    assertThat(createTarget("http://93.184.215.14:8080/x").statusCode()).isEqualTo(201);
    JsonNode created = http.body(createTarget("https://example.com/caf\u00e9"));
    assertThat(created.get("target").asText()).isEqualTo("https://example.com/caf%C3%A9");
  }

  private static HttpResponse<String> createTarget(String target) {
    return create("{\"target\":\"" + target + "\"}");
  }
}
