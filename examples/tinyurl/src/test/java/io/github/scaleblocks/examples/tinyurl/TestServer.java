package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.scaleblocks.core.time.ManualTicker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real server on a free port over 4 H2 shards in a temporary directory, on virtual time, with a
 * fixed host table instead of DNS, and an HTTP client that does not follow redirects.
 */
final class TestServer implements AutoCloseable {
  static final String ALICE = "alice-key-0123456789";
  static final String BOB = "bob-key-0123456789abc";
  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  /** Public names resolve to documentation addresses; the rest to private ones or nothing. */
  static final Map<String, String> HOSTS =
      Map.of(
          "example.com", "93.184.215.14",
          "www.example.org", "93.184.215.15",
          "intranet.example", "10.1.2.3",
          "router.example", "192.168.0.1",
          "metadata.example", "169.254.169.254",
          "v6.example", "2606:2800:220:1::1",
          "localhost", "127.0.0.1");

  final ManualTicker time = ManualTicker.startingAt(START);
  final TinyUrlServer server;
  final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  final ObjectMapper json = new ObjectMapper();

  TestServer(Path dataDirectory) {
    this(dataDirectory, builder -> builder);
  }

  TestServer(Path dataDirectory, UnaryOperator<TinyUrlServer.Builder> configure) {
    TinyUrlServer.Builder builder =
        TinyUrlServer.builder()
            .port(0)
            .dataDirectory(dataDirectory)
            .apiKey(ALICE)
            .apiKey(BOB)
            .rateLimit(100_000, 100_000)
            .clock(time.clock())
            .ticker(time)
            .hostResolver(TestServer::resolve);
    server = configure.apply(builder).start();
  }

  static InetAddress[] resolve(String host) throws UnknownHostException {
    String address = HOSTS.get(host);
    if (address != null) {
      return new InetAddress[] {InetAddress.getByName(address)};
    }
    if (host.chars().allMatch(c -> c == '.' || Character.isDigit(c)) || host.contains(":")) {
      return new InetAddress[] {InetAddress.getByName(host)}; // a literal: no DNS
    }
    throw new UnknownHostException(host);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  HttpResponse<String> post(String path, String body) {
    return post(path, body, ALICE);
  }

  HttpResponse<String> post(String path, String body, String apiKey) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .header("X-API-Key", apiKey)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  HttpResponse<String> delete(String path, String apiKey) {
    return send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", apiKey).DELETE().build());
  }

  static {
    // For runs outside Maven (whose surefire configuration sets it); read when the JDK client's
    // internals load, so it must come first.
    System.getProperties().putIfAbsent("jdk.httpclient.allowRestrictedHeaders", "connection");
  }

  /**
   * Sends {@code request} on a connection of its own ({@code Connection: close}). The JDK 17 client
   * races on reused HTTP/1.1 connections (JDK-8338569, fixed in JDK 24): the pool's cleanup
   * subscriber can receive the response meant for the connection's next request and close the
   * connection. A POST then fails with "HTTP/1.1 header parser received no bytes" (seen in CI in
   * {@code ConcurrentCreateTest}), and a GET is silently sent again on a new connection, so the
   * server counts that redirect twice (1,601 visits for 1,600 in {@code CachedRedirectTest}).
   */
  HttpResponse<String> send(HttpRequest request) {
    HttpRequest own =
        HttpRequest.newBuilder(request, (name, value) -> true)
            .header("Connection", "close")
            .build();
    try {
      return client.send(own, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a short URL for {@code target} with Alice's key and returns its code. */
  String create(String target) {
    HttpResponse<String> response = post("/api/urls", "{\"target\":\"" + target + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return body(response).get("code").asText();
  }

  JsonNode body(HttpResponse<String> response) {
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  /** Asserts a JSON error answer with {@code status} and error code {@code error}. */
  JsonNode assertError(HttpResponse<String> response, int status, String error) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode body = body(response);
    assertThat(body.path("error").asText()).as(response.body()).isEqualTo(error);
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(body.path("message").asText()).isNotBlank();
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    return body;
  }

  @Override
  public void close() {
    server.close();
  }
}
