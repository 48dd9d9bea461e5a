package io.github.scaleblocks.examples.tinyurl.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * {@code java -jar tinyurl.jar loadtest --url http://127.0.0.1:8080 --key KEY ...}: the TinyURL
 * load generator. It creates the codes to redirect to through the bulk API (or reads them from a
 * file), optionally writes them out for {@code wrk}'s script, then runs {@link LoadEngine} for the
 * warm-up and the measured window and prints requests/s, latency percentiles from an HdrHistogram,
 * answers by status, and failed requests. It needs only a base URL, so it loads a single server or
 * the cluster gateway alike. Options: {@link LoadTestOptions#USAGE}.
 *
 * <p>Exit status: 0 when every request was answered with 2xx or 3xx, 1 when some were not (or
 * failed), 2 for bad options, 3 when the codes could not be created or read.
 */
public final class LoadTest {
  private static final int BULK = 100;
  private static final int PARALLEL_BULKS = 4;

  private LoadTest() {}

  /** Runs a load test with {@code args} (the arguments after {@code loadtest}) and exits. */
  public static void main(String[] args) throws InterruptedException {
    LoadTestOptions options;
    try {
      options = LoadTestOptions.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("tinyurl loadtest: " + e.getMessage());
      System.err.print(LoadTestOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.print(LoadTestOptions.USAGE);
      return;
    }
    LoadReport report;
    try {
      report = run(options, System.out);
    } catch (SetupException e) {
      System.err.println("tinyurl loadtest: " + e.getMessage());
      System.exit(3);
      return;
    }
    if (report != null) {
      report.print(System.out);
      System.exit(report.failed() == 0 && report.notOk() == 0 ? 0 : 1);
    }
  }

  /**
   * Prepares the codes and runs the load, printing what it does to {@code out}; {@code null} in
   * {@code codes} mode, which sends no load.
   *
   * @throws SetupException when the codes cannot be created, read or written
   */
  static @Nullable LoadReport run(LoadTestOptions options, PrintStream out)
      throws InterruptedException {
    List<String> codes = List.of();
    if (options.mode().needsCodes()) {
      Path from = options.loadCodes();
      if (from != null) {
        codes = readCodes(from);
        out.printf("read %d codes from %s%n", codes.size(), from);
      } else {
        long started = System.nanoTime();
        codes = createCodes(options);
        out.printf(
            "created %d codes in %.1f s%n", codes.size(), (System.nanoTime() - started) / 1e9);
      }
      Path to = options.saveCodes();
      if (to != null) {
        try {
          Files.write(to, codes, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new SetupException("cannot write the codes to " + to + ": " + e, e);
        }
        out.printf("wrote the codes to %s%n", to);
      }
    }
    if (options.mode() == LoadTestOptions.Mode.CODES) {
      return null;
    }
    return new LoadEngine(options, codes).run(options.progress() ? out : null);
  }

  static List<String> readCodes(Path file) {
    List<String> codes = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String code = line.strip();
        if (code.isEmpty()) {
          continue;
        }
        if (!code.matches("[A-Za-z0-9_-]{3,64}")) {
          throw new SetupException(
              file + " holds '" + code + "', which is not a short code (one code a line)", null);
        }
        codes.add(code);
      }
    } catch (IOException e) {
      throw new SetupException("cannot read the codes from " + file + ": " + e, e);
    }
    if (codes.isEmpty()) {
      throw new SetupException(file + " holds no codes", null);
    }
    return codes;
  }

  /** Creates {@code options.codes()} links through {@code POST /api/urls/bulk}. */
  static List<String> createCodes(LoadTestOptions options) throws InterruptedException {
    String key = options.apiKey();
    if (key == null) {
      throw new SetupException("an API key (--key) is needed to create codes", null);
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ObjectMapper json = new ObjectMapper();
    URI bulk = URI.create(options.url() + "/api/urls/bulk");
    List<String> codes = new ArrayList<>(options.codes());
    int made = 0;
    while (made < options.codes()) {
      List<Batch> batches = new ArrayList<>();
      for (int b = 0; b < PARALLEL_BULKS && made < options.codes(); b++) {
        int count = Math.min(BULK, options.codes() - made);
        ObjectNode body = json.createObjectNode();
        ArrayNode urls = body.putArray("urls");
        for (int i = 0; i < count; i++) {
          urls.addObject().put("target", options.target() + "c" + (made + i));
        }
        made += count;
        HttpRequest request =
            HttpRequest.newBuilder(bulk)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-API-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        batches.add(
            new Batch(
                request,
                count,
                client
                    .sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> createdCodes(json, response, count))));
      }
      for (Batch batch : batches) {
        codes.addAll(batchCodes(client, json, batch, bulk));
      }
    }
    return codes;
  }

  /**
   * A batch's codes. A batch whose connection failed before its answer came is sent once more: on
   * JDK 17 the client can lose the answer to a request on a reused connection (JDK-8338569, fixed
   * in JDK 24) and, as the request is a POST, does not send it again itself. The first attempt may
   * have created its links all the same; they are then left unused on the server, which does no
   * harm to a load test. A timeout (the server is slow) or an answer that is not a success is not
   * retried.
   */
  private static List<String> batchCodes(
      HttpClient client, ObjectMapper json, Batch batch, URI bulk) throws InterruptedException {
    try {
      return batch.codes().join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof SetupException setup) {
        throw setup;
      }
      if (!(cause instanceof IOException) || cause instanceof HttpTimeoutException) {
        throw new SetupException("cannot create codes at " + bulk + ": " + cause, cause);
      }
      try {
        return createdCodes(
            json,
            client.send(batch.request(), HttpResponse.BodyHandlers.ofString()),
            batch.count());
      } catch (IOException again) {
        again.addSuppressed(cause);
        throw new SetupException(
            "cannot create codes at " + bulk + " (sent twice): " + again, again);
      }
    }
  }

  /** A bulk request sent, how many codes it asks for, and its codes to come. */
  private record Batch(HttpRequest request, int count, CompletableFuture<List<String>> codes) {}

  private static List<String> createdCodes(
      ObjectMapper json, HttpResponse<String> response, int count) {
    int status = response.statusCode();
    if (status == 429) {
      throw new SetupException(
          "the server rate-limited the code creation (429: "
              + response.body()
              + "); start it with a limit that allows the load test, e.g. --rate-limit 100000"
              + " --rate-burst 100000",
          null);
    }
    if (status != 201 && status != 207) {
      throw new SetupException("creating codes answered " + status + ": " + response.body(), null);
    }
    JsonNode results;
    try {
      results = json.readTree(response.body()).path("results");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> codes = new ArrayList<>(count);
    for (JsonNode item : results) {
      JsonNode code = item.path("created").path("code");
      if (code.isTextual()) {
        codes.add(code.asText());
      } else {
        throw new SetupException("a code was not created: " + item, null);
      }
    }
    if (codes.size() != count) {
      throw new SetupException(
          "asked for " + count + " codes but got " + codes.size() + ": " + response.body(), null);
    }
    return codes;
  }

  /** The codes to load could not be created, read or written. */
  static final class SetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SetupException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }
}
