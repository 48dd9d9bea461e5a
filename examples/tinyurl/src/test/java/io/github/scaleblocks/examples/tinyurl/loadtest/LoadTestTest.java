package io.github.scaleblocks.examples.tinyurl.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.scaleblocks.examples.tinyurl.TinyUrlServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short real runs of the load generator against a server on a free port. */
class LoadTestTest {
  private static final String KEY = "loadtest-key-0123456789";

  private Path data;
  private TinyUrlServer server;
  private String url;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @BeforeEach
  void start(@TempDir Path directory) {
    data = directory;
    server =
        TinyUrlServer.builder()
            .port(0)
            .dataDirectory(data.resolve("db"))
            .apiKey(KEY)
            .rateLimit(1_000_000, 1_000_000)
            // targets are not resolved: no DNS needed
            .allowPrivateTargets(true)
            .start();
    url = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    if (!closed) {
      server.close();
    }
  }

  private boolean closed;

  private void closeServer() {
    server.close();
    closed = true;
  }

  private LoadReport run(String... args) throws InterruptedException {
    List<String> all = new ArrayList<>(List.of("--url", url));
    all.addAll(List.of(args));
    LoadTestOptions options = Objects.requireNonNull(LoadTestOptions.parse(all));
    LoadReport report = Objects.requireNonNull(LoadTest.run(options, out));
    report.print(out);
    return report;
  }

  @Test
  void redirectsInAClosedLoopAreAllAnswered302() throws Exception {
    Path codes = data.resolve("codes.txt");
    LoadReport report =
        run(
            "--key",
            KEY,
            "--codes",
            "150",
            "--save-codes",
            codes.toString(),
            "--connections",
            "4",
            "--threads",
            "2",
            "--duration",
            "1s",
            "--warmup",
            "200ms");

    assertThat(report.failed()).as(printed.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(report.notOk()).isZero();
    assertThat(report.answered()).isPositive();
    assertThat(report.statusCounts()).containsOnlyKeys(302);
    assertThat(report.latency().getTotalCount()).isEqualTo(report.answered());
    List<String> saved = Files.readAllLines(codes);
    assertThat(saved).hasSize(150).doesNotHaveDuplicates();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("created 150 codes")
        .contains("requests/s")
        .contains("p99.9")
        .contains("302: ")
        .contains("failed       0");

    // the visits reached the server (codes are visited in rotation)
    HttpResponse<String> stats =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "/api/urls/" + saved.get(0) + "/stats"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(new ObjectMapper().readTree(stats.body()).path("visits").asLong())
        .as(stats.body())
        .isPositive();
  }

  @Test
  void anOpenLoopRecordsExactlyRateTimesDurationRequests() throws Exception {
    Path codes = data.resolve("codes.txt");
    LoadTestOptions prepare =
        Objects.requireNonNull(
            LoadTestOptions.parse(
                List.of(
                    "--url",
                    url,
                    "--key",
                    KEY,
                    "--mode",
                    "codes",
                    "--codes",
                    "20",
                    "--save-codes",
                    codes.toString())));
    assertThat(LoadTest.run(prepare, out)).isNull(); // codes only, no load
    assertThat(Files.readAllLines(codes)).hasSize(20);

    LoadReport report =
        run(
            "--load-codes",
            codes.toString(),
            "--rate",
            "200",
            "--connections",
            "4",
            "--threads",
            "1",
            "--duration",
            "1s");

    assertThat(report.failed()).as(printed.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(report.notOk()).isZero();
    assertThat(report.answered()).isEqualTo(200);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("open loop at 200 requests/s")
        .contains("latency (from intended send time)")
        .contains("service time (from actual send)");
  }

  @Test
  void createsAndAMixAreAnsweredWithoutFailures() throws Exception {
    LoadReport creates =
        run("--key", KEY, "--mode", "creates", "--connections", "4", "--duration", "1s");
    assertThat(creates.failed()).isZero();
    assertThat(creates.notOk()).isZero();
    assertThat(creates.statusCounts()).containsOnlyKeys(201);

    LoadReport mixed =
        run(
            "--key",
            KEY,
            "--mode",
            "mixed",
            "--codes",
            "50",
            "--create-percent",
            "30",
            "--connections",
            "4",
            "--duration",
            "1s");
    assertThat(mixed.failed()).isZero();
    assertThat(mixed.notOk()).isZero();
    Map<Integer, Long> statuses = mixed.statusCounts();
    assertThat(statuses).containsOnlyKeys(201, 302);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("redirects (")
        .contains("creates (");
  }

  @Test
  void answersThatAreNotRedirectsAreCountedByStatus() throws Exception {
    Path codes = data.resolve("unknown.txt");
    Files.write(codes, List.of("nosuchcode1", "nosuchcode2"));
    LoadReport report =
        run("--load-codes", codes.toString(), "--connections", "2", "--duration", "300ms");
    assertThat(report.failed()).isZero();
    assertThat(report.answered()).isPositive();
    assertThat(report.notOk()).isEqualTo(report.answered());
    assertThat(report.statusCounts()).containsOnlyKeys(404);
  }

  @Test
  void aServerThatIsGoneFailsEveryRequestAsAConnectFailure() throws Exception {
    Path codes = data.resolve("codes.txt");
    Files.write(codes, List.of("abcdefg"));
    closeServer();
    LoadReport report =
        run("--load-codes", codes.toString(), "--connections", "2", "--duration", "300ms");
    assertThat(report.answered()).isZero();
    assertThat(report.failed()).isPositive();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("connect failed");
  }

  @Test
  void aRateLimitedKeyIsToldHowToRaiseTheLimit() {
    closeServer();
    server =
        TinyUrlServer.builder()
            .port(0)
            .dataDirectory(data.resolve("db"))
            .apiKey(KEY)
            .rateLimit(10, 1)
            .allowPrivateTargets(true)
            .start();
    closed = false;
    url = "http://127.0.0.1:" + server.port();
    assertThatThrownBy(() -> run("--key", KEY, "--codes", "300"))
        .isInstanceOf(LoadTest.SetupException.class)
        .hasMessageContaining("429")
        .hasMessageContaining("--rate-limit");
  }

  @Test
  void aCodesFileWithSomethingElseIsRefused() throws Exception {
    Path codes = data.resolve("bad.txt");
    Files.write(codes, List.of("good123", "not a code"));
    assertThatThrownBy(() -> LoadTest.readCodes(codes))
        .isInstanceOf(LoadTest.SetupException.class)
        .hasMessageContaining("'not a code'");
  }
}
