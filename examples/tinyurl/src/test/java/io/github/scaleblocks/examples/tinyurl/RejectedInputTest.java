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
