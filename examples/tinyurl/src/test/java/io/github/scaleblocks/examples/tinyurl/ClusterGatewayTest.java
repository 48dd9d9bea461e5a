package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway of cluster mode over two real clone processes: it proxies requests and answers
 * faithfully, keeps the clones' caches coherent after deletes and alias creates, hides the clones'
 * internal route, and reports the clones' states on {@code /healthz}. A second, one-clone cluster
 * shows rate limits still apply per client behind the gateway ({@code X-Forwarded-For}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterGatewayTest {
  private static TinyUrlCluster cluster;
  private final ClusterClient client = new ClusterClient();

  @BeforeAll
  static void start(@TempDir Path data) {
    cluster =
        ClusterClient.builder(data, 2, "--rate-limit", "100000", "--rate-burst", "100000").start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static URI gateway(String path) {
    return ClusterClient.gateway(cluster, path);
  }

  @Test
  void createRedirectAndErrorsPassThroughTheGatewayWithTheirHeaders() {
    HttpResponse<String> created =
        client.post(gateway("/api/urls"), "{\"target\":\"https://example.com/through\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode body = client.body(created);
    String code = body.get("code").asText();
    assertThat(created.headers().firstValue("Location"))
        .hasValue(cluster.publicUrl() + "/api/urls/" + code);
    assertThat(body.get("shortUrl").asText()).isEqualTo(cluster.publicUrl() + "/" + code);
    assertThat(created.headers().firstValue("RateLimit-Limit")).hasValue("100000");

    HttpResponse<String> redirect = client.get(gateway("/" + code + "?utm=x"));
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location")).hasValue("https://example.com/through");
    assertThat(redirect.headers().firstValue("Cache-Control")).hasValue("private, no-store");

    HttpResponse<String> wrongMethod =
        client.send(
            HttpRequest.newBuilder(gateway("/api/urls"))
                .method("PUT", HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");

    HttpResponse<String> badJson = client.post(gateway("/api/urls"), "{\"target\":");
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(client.body(badJson).get("error").asText()).isEqualTo("invalid_json");

    HttpResponse<String> noKey =
        client.send(
            HttpRequest.newBuilder(gateway("/api/urls"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"https://example.com\"}"))
                .build());
    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(client.body(noKey).get("error").asText()).isEqualTo("missing_api_key");

    HttpResponse<String> tooLarge =
        client.post(gateway("/api/urls"), "{\"target\":\"" + "a".repeat(300_000) + "\"}");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(client.body(tooLarge).get("error").asText()).isEqualTo("body_too_large");

    HttpResponse<String> stats = client.get(gateway("/api/urls/" + code + "/stats"));
    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(client.body(stats).get("code").asText()).isEqualTo(code);
  }

  @Test
  void aDeleteThroughTheGatewayEvictsTheCodeFromEveryClonesCache() {
    String code = client.create(cluster, "https://example.com/to-delete");
    List<TinyUrlCluster.CloneStatus> clones = cluster.clones();
    for (TinyUrlCluster.CloneStatus clone : clones) {
      // each clone now holds the link in its cache (TTL 1 minute)
      assertThat(client.get(ClusterClient.clone(clone, "/" + code)).statusCode()).isEqualTo(302);
    }
    assertThat(client.delete(gateway("/api/urls/" + code)).statusCode()).isEqualTo(204);
    for (TinyUrlCluster.CloneStatus clone : clones) {
      assertThat(client.get(ClusterClient.clone(clone, "/" + code)).statusCode())
          .as("%s after the delete", clone.id())
          .isEqualTo(404);
    }
    assertThat(client.get(gateway("/" + code)).statusCode()).isEqualTo(404);
  }

  @Test
  void anAliasAskedForOnEveryCloneBeforeItExistedRedirectsEverywhereOnceCreated() {
    String alias = "launch-" + System.nanoTime();
    List<TinyUrlCluster.CloneStatus> clones = cluster.clones();
    for (TinyUrlCluster.CloneStatus clone : clones) {
      // remembered as unknown for 5 s by each clone
      assertThat(client.get(ClusterClient.clone(clone, "/" + alias)).statusCode()).isEqualTo(404);
    }
    HttpResponse<String> created =
        client.post(
            gateway("/api/urls"),
            "{\"target\":\"https://example.com/launch\",\"alias\":\"" + alias + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    for (TinyUrlCluster.CloneStatus clone : clones) {
      assertThat(client.get(ClusterClient.clone(clone, "/" + alias)).statusCode())
          .as("%s after the create", clone.id())
          .isEqualTo(302);
    }
  }

  @Test
  void theClonesInternalEvictionRouteIsNotReachableWithoutTheSecret() {
    String code = client.create(cluster, "https://example.com/kept");
    TinyUrlCluster.CloneStatus clone = cluster.clones().get(0);
    assertThat(client.get(ClusterClient.clone(clone, "/" + code)).statusCode()).isEqualTo(302);
    for (URI uri :
        List.of(
            ClusterClient.clone(clone, HttpApi.EVICT_PREFIX + code),
            gateway(HttpApi.EVICT_PREFIX + code))) {
      HttpResponse<String> withoutSecret =
          client.send(
              HttpRequest.newBuilder(uri)
                  .header(HttpApi.GATEWAY_HEADER, "not-the-secret-0123456789")
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build());
      assertThat(withoutSecret.statusCode()).as(uri.toString()).isEqualTo(404);
    }
    assertThat(client.get(gateway("/" + code)).statusCode()).isEqualTo(302);
  }

  @Test
  void theGatewaysHealthReportsEveryClone() {
    HttpResponse<String> health = client.get(gateway("/healthz"));
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    JsonNode body = client.body(health);
    assertThat(body.get("status").asText()).isEqualTo("up");
    assertThat(body.get("gateway").asText()).isEqualTo("peak-ewma");
    List<String> ids = new ArrayList<>();
    for (JsonNode clone : body.get("clones")) {
      ids.add(clone.get("id").asText());
      assertThat(clone.get("state").asText()).isEqualTo("running");
      assertThat(clone.get("inRotation").asBoolean()).isTrue();
      assertThat(clone.get("pid").asLong()).isPositive();
      assertThat(clone.get("port").asInt()).isPositive();
    }
    assertThat(ids).containsExactly("clone-1", "clone-2");
  }

  @Test
  void rateLimitsApplyPerClientBehindTheGateway(@TempDir Path own) throws IOException {
    try (TinyUrlCluster single =
        ClusterClient.builder(own, 1, "--rate-limit", "1", "--rate-burst", "3").start()) {
      String code = "/api/urls/nocode12";
      // 127.0.0.2 spends its burst of 3 (refilled at 1/s) and is refused, though it claims to be
      // a new client on each request: trusting its X-Forwarded-For would never refuse it
      Raw refused = null;
      for (int i = 0; i < 100 && refused == null; i++) {
        Raw answer =
            rawGet(single, "127.0.0.2", code, "X-Forwarded-For: 203.0.113." + (i + 1) + "\r\n");
        if (answer.status() == 429) {
          refused = answer;
        } else {
          assertThat(answer.status()).as(answer.text()).isEqualTo(404);
        }
      }
      Raw limited = java.util.Objects.requireNonNull(refused, "127.0.0.2 was never refused");
      assertThat(limited.header("retry-after")).isNotEmpty();
      assertThat(limited.header("ratelimit-limit")).isEqualTo("3");
      assertThat(limited.header("ratelimit-remaining")).isEqualTo("0");
      // another client behind the same gateway has its own bucket
      Raw other = rawGet(single, "127.0.0.3", code, "");
      assertThat(other.status()).as(other.text()).isEqualTo(404);
      assertThat(other.header("ratelimit-remaining")).isEqualTo("2");
    }
  }

  /** An HTTP answer read off a raw socket. */
  record Raw(int status, String text) {
    String header(String name) {
      for (String line : text.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(name)) {
          return line.substring(colon + 1).strip();
        }
      }
      return "";
    }
  }

  /** GET {@code path} from a socket bound to {@code localAddress}, so the gateway sees it. */
  private static Raw rawGet(TinyUrlCluster cluster, String localAddress, String path, String extra)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), cluster.port()), 5_000);
      socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + extra + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(text.substring(9, 12));
      return new Raw(status, text);
    }
  }
}
