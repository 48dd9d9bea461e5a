package io.github.scaleblocks.examples.tinyurl.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.scaleblocks.examples.tinyurl.ClickMode;
import io.github.scaleblocks.examples.tinyurl.TinyUrlServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service on two PostgreSQL shards (two schemas of the local server, named for this run).
 * Skipped when the server is unreachable, except under {@code CI=true}, where that is a failure.
 */
class PostgresTinyUrlTest {
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String SERVER = "PostgreSQL at " + URL + " (user postgres)";
  private static final String KEY = "postgres-test-key-0123456789";

  private final List<String> schemas =
      List.of(
          "tinyurl_it_"
              + ProcessHandle.current().pid()
              + "_"
              + System.nanoTime() % 1_000_000
              + "_a",
          "tinyurl_it_"
              + ProcessHandle.current().pid()
              + "_"
              + System.nanoTime() % 1_000_000
              + "_b");
  private boolean serverReachable;

  @BeforeEach
  void requireServer() throws SQLException {
    try (Connection connection =
        DriverManager.getConnection(URL + "?connectTimeout=3", "postgres", "")) {
      assertThat(connection.isValid(3)).isTrue();
      serverReachable = true;
    } catch (SQLException e) {
      if ("true".equals(System.getenv("CI"))) {
        fail(SERVER + " is unreachable and CI=true requires it: " + e.getMessage(), e);
      }
      Assumptions.abort(SERVER + " is unreachable; skipping: " + e.getMessage());
    }
    try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
        Statement statement = connection.createStatement()) {
      for (String schema : schemas) {
        statement.execute("CREATE SCHEMA " + schema);
      }
    }
  }

  @AfterEach
  void dropSchemas() throws SQLException {
    if (!serverReachable) {
      return;
    }
    try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
        Statement statement = connection.createStatement()) {
      for (String schema : schemas) {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  @Test
  void theSchemaAndEveryOperationWorkOnPostgres() throws Exception {
    TinyUrlServer.Builder builder =
        TinyUrlServer.builder().port(0).apiKey(KEY).allowPrivateTargets(true);
    for (String schema : schemas) {
      builder.database(URL + "?user=postgres&currentSchema=" + schema);
    }
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    ObjectMapper json = new ObjectMapper();
    try (TinyUrlServer server = builder.start()) {
      assertThat(server.shardIds()).containsExactly("shard-0", "shard-1");
      Set<String> shards = new HashSet<>();
      String first = null;
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> created =
            client.send(
                create(server, "{\"target\":\"https://example.com/" + i + "\",\"maxVisits\":2}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = json.readTree(created.body());
        shards.add(body.get("shard").asText());
        if (first == null) {
          first = body.get("code").asText();
        }
      }
      assertThat(shards).containsExactlyInAnyOrder("shard-0", "shard-1");
      assertThat(rows(schemas.get(0)) + rows(schemas.get(1))).isEqualTo(20);
      assertThat(rows(schemas.get(0))).isPositive();

      HttpResponse<String> alias =
          client.send(
              create(server, "{\"target\":\"https://example.com/\",\"alias\":\"pg-alias\"}"),
              HttpResponse.BodyHandlers.ofString());
      assertThat(alias.statusCode()).isEqualTo(201);
      HttpResponse<String> taken =
          client.send(
              create(server, "{\"target\":\"https://example.com/\",\"alias\":\"pg-alias\"}"),
              HttpResponse.BodyHandlers.ofString());
      assertThat(taken.statusCode()).isEqualTo(409);

      URI redirect = URI.create(server.publicUrl() + "/" + first);
      HttpRequest visit = HttpRequest.newBuilder(redirect).GET().build();
      assertThat(client.send(visit, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(302);
      assertThat(client.send(visit, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(302);
      assertThat(client.send(visit, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(410);
      HttpResponse<String> stats =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(server.publicUrl() + "/api/urls/" + first + "/stats"))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(json.readTree(stats.body()).get("visits").asLong()).isEqualTo(2);

      // concurrent visits of a limited link: the conditional UPDATE never counts past the limit
      HttpResponse<String> limited =
          client.send(
              create(server, "{\"target\":\"https://example.com/\",\"maxVisits\":10}"),
              HttpResponse.BodyHandlers.ofString());
      URI limitedUrl =
          URI.create(server.publicUrl() + "/" + json.readTree(limited.body()).get("code").asText());
      AtomicInteger redirected = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> visits = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          visits.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 10; i++) {
                      int status =
                          client
                              .send(
                                  HttpRequest.newBuilder(limitedUrl).GET().build(),
                                  HttpResponse.BodyHandlers.ofString())
                              .statusCode();
                      assertThat(status).isIn(302, 410);
                      if (status == 302) {
                        redirected.incrementAndGet();
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> done : visits) {
          done.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(redirected).hasValue(10);

      HttpResponse<String> deleted =
          client.send(
              HttpRequest.newBuilder(URI.create(server.publicUrl() + "/api/urls/pg-alias"))
                  .header("X-API-Key", KEY)
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(deleted.statusCode()).isEqualTo(204);

      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(URI.create(server.publicUrl() + "/healthz")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void clonesStartingTogetherOnFreshDatabasesAllStart() throws Exception {
    int clones = 4;
    ExecutorService pool = Executors.newFixedThreadPool(clones);
    List<TinyUrlServer> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<Future<?>> starts = new ArrayList<>();
      for (int i = 0; i < clones; i++) {
        starts.add(
            pool.submit(
                () -> {
                  TinyUrlServer.Builder builder = TinyUrlServer.builder().port(0).apiKey(KEY);
                  for (String schema : schemas) {
                    builder.database(URL + "?user=postgres&currentSchema=" + schema);
                  }
                  go.await();
                  started.add(builder.start());
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> start : starts) {
        start.get(60, TimeUnit.SECONDS);
      }
      assertThat(started).hasSize(clones);
    } finally {
      started.forEach(TinyUrlServer::close);
      pool.shutdownNow();
    }
  }

  /**
   * Two clones share the databases and a durable click queue (in the first schema): their clicks
   * are stored as durable batches at close, written by a third clone after they stopped, once each,
   * and summed by the MapReduce report (the upsert, the cursor read and the queue on PostgreSQL).
   */
  @Test
  void clicksOfClonesGoThroughTheDurableQueueIntoTheReport() throws Exception {
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    ObjectMapper json = new ObjectMapper();
    String code;
    try (TinyUrlServer a = durableClone();
        TinyUrlServer b = durableClone()) {
      HttpResponse<String> created =
          client.send(
              create(a, "{\"target\":\"https://example.com/pg-clicks\"}"),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      code = json.readTree(created.body()).get("code").asText();
      for (int i = 0; i < 5; i++) {
        assertThat(visit(client, a, code, "https://news.example.org/" + i)).isEqualTo(302);
      }
      for (int i = 0; i < 3; i++) {
        assertThat(visit(client, b, code, null)).isEqualTo(302);
      }
    }
    try (TinyUrlServer c = durableClone()) {
      URI stats = URI.create(c.publicUrl() + "/api/urls/" + code + "/stats?days=1");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      long clicks = 0;
      while (System.nanoTime() < deadline) { // polling a real server
        clicks =
            json.readTree(
                    client
                        .send(
                            HttpRequest.newBuilder(stats).GET().build(),
                            HttpResponse.BodyHandlers.ofString())
                        .body())
                .get("clicks")
                .asLong();
        if (clicks >= 8) {
          break;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
      }
      assertThat(clicks).isEqualTo(8);
      String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
      HttpResponse<String> report =
          client.send(
              HttpRequest.newBuilder(URI.create(c.publicUrl() + "/api/reports/" + today))
                  .header("X-API-Key", KEY)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
      JsonNode body = json.readTree(report.body());
      assertThat(body.get("clicks").asLong()).isEqualTo(8);
      assertThat(body.get("directClicks").asLong()).isEqualTo(3);
      assertThat(body.get("topCodes").get(0).get("code").asText()).isEqualTo(code);
      assertThat(body.get("topReferrers").get(0).get("host").asText())
          .isEqualTo("news.example.org");
      assertThat(body.get("topReferrers").get(0).get("clicks").asLong()).isEqualTo(5);
    }
  }

  private TinyUrlServer durableClone() {
    TinyUrlServer.Builder builder =
        TinyUrlServer.builder()
            .port(0)
            .apiKey(KEY)
            .allowPrivateTargets(true)
            .clickMode(ClickMode.DURABLE)
            .reportInterval(java.time.Duration.ZERO);
    for (String schema : schemas) {
      builder.database(URL + "?user=postgres&currentSchema=" + schema);
    }
    return builder.start();
  }

  private static int visit(
      HttpClient client, TinyUrlServer server, String code, @Nullable String referrer)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.publicUrl() + "/" + code)).GET();
    if (referrer != null) {
      request.header("Referer", referrer);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static HttpRequest create(TinyUrlServer server, String body) {
    return HttpRequest.newBuilder(URI.create(server.publicUrl() + "/api/urls"))
        .header("Content-Type", "application/json")
        .header("X-API-Key", KEY)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static long rows(String schema) throws SQLException {
    try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet count =
            statement.executeQuery("SELECT count(*) FROM " + schema + ".short_urls")) {
      count.next();
      return count.getLong(1);
    }
  }
}
