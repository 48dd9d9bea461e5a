package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Starts clusters for tests and talks HTTP to their gateway and clones. */
final class ClusterClient {
  static final String ALICE = TestServer.ALICE;

  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  final ObjectMapper json = new ObjectMapper();

  /** A cluster builder on free ports with fast health checks and restarts, Alice's key. */
  static TinyUrlCluster.Builder builder(Path data, int clones, String... moreCloneOptions) {
    List<String> options =
        new java.util.ArrayList<>(
            List.of("--allow-private-targets", "--api-key-sha256", ApiKeys.sha256Hex(ALICE)));
    options.addAll(List.of(moreCloneOptions));
    return TinyUrlCluster.builder()
        .clones(clones)
        .port(0)
        .dataDirectory(data)
        .cloneJvmOptions(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"))
        .healthChecks(Duration.ofMillis(200), Duration.ofMillis(150))
        .ejectionTime(Duration.ofSeconds(1))
        .restartBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
        .attemptTimeout(Duration.ofSeconds(5))
        .cloneOptions(options);
  }

  static URI gateway(TinyUrlCluster cluster, String path) {
    return URI.create("http://127.0.0.1:" + cluster.port() + path);
  }

  static URI clone(TinyUrlCluster.CloneStatus clone, String path) {
    return URI.create("http://127.0.0.1:" + clone.port() + path);
  }

  HttpResponse<String> get(URI uri) {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build());
  }

  HttpResponse<String> post(URI uri, String body) {
    return send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("X-API-Key", ALICE)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  HttpResponse<String> delete(URI uri) {
    return send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("X-API-Key", ALICE)
            .DELETE()
            .build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a link through the gateway and returns its code. */
  String create(TinyUrlCluster cluster, String target) {
    HttpResponse<String> response =
        post(gateway(cluster, "/api/urls"), "{\"target\":\"" + target + "\"}");
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

  static TinyUrlCluster.CloneStatus status(TinyUrlCluster cluster, String id) {
    return cluster.clones().stream()
        .filter(clone -> clone.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no clone " + id));
  }

  /**
   * Polls {@code condition} every 10 ms until it holds, failing with {@code state} at the limit.
   */
  static void await(
      Duration limit, String what, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("waited " + limit + " in vain until " + what + "; " + state.get());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }
}
