package io.github.scaleblocks.examples.tinyurl;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar tinyurl.jar [options]}: starts a {@link TinyUrlServer} and serves until the
 * process is stopped. Prints the URL it serves and, when no key is configured, the development API
 * key. Run with {@code --help} for the options. With {@code --cluster N} it starts a {@link
 * TinyUrlCluster} instead (see {@code ClusterMain}).
 */
public final class Main {
  static final String USAGE =
      """
      usage: java -jar tinyurl.jar [options]
             java -jar tinyurl.jar loadtest --help   (the load generator)
        --port N                  port to listen on (default 8080; 0 = any free port)
        --bind ADDRESS            address to listen on (default 127.0.0.1)
        --data DIR                directory of the 4 embedded H2 shards (default ./data)
        --db JDBC_URL             a database shard, repeated once per shard in a fixed order
                                  (e.g. jdbc:postgresql://127.0.0.1:5432/urls0?user=tinyurl);
                                  replaces the embedded H2 shards
        --redirect-status 301|302 redirect status (default 302: every visit is counted)
        --public-url URL          what short links start with (default http://localhost:PORT)
        --allow-private-targets   accept targets on private/loopback/link-local addresses
        --api-key-sha256 HEX      accept the API key with this SHA-256 (repeatable); without
                                  any, a development key is generated and printed
        --redis redis://HOST:PORT a Redis server shared by clones as the redirect cache's
                                  second level (deletes evict the code on every clone)
        --rate-limit N            API requests per second per client (default 20)
        --rate-burst N            API requests a client may send at once (default 100)
        --no-redirect-cache       every redirect reads its shard (to compare with the cache)
        --pool-size N             connections per database shard (default 8)
        --visit-flush-interval MS how often visits counted in memory are written (default 5000)
        --cluster N               cluster mode: N clone processes (1-16) sharing the databases
                                  behind a gateway on --port (clone logs: DATA/logs/)
        --gateway peak-ewma|naive cluster gateway: peak EWMA with health checks, ejection and
                                  retries (default), or plain round robin without them
        --clicks queued|sync|off  how redirects record clicks (default queued: an in-memory
                                  enqueue, written in batches; sync: written in the redirect)
        --click-queue memory|durable
                                  where queued clicks wait (default memory; durable: batches
                                  in a JDBC queue, in <data>/click-queue or the first --db)
        --count-interval SECONDS  how often the per-day click counts (the stats) are folded
                                  from the click log (default 5; the stats lag that much)
        --report-interval MINUTES how often today's click report is computed (default 10;
                                  0 = only on demand)
        --help                    print this and exit
      """;

  private Main() {}

  /** Starts the server; exits with status 2 on a bad option, 1 when the server cannot start. */
  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("loadtest")) {
      io.github.scaleblocks.examples.tinyurl.loadtest.LoadTest.main(
          java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    // Undertow and XNIO log through JBoss Logging; send that to SLF4J like everything else.
    System.setProperty("org.jboss.logging.provider", "slf4j");
    if (List.of(args).contains("--cluster")) {
      ClusterMain.run(List.of(args));
      return;
    }
    TinyUrlServer.Builder builder;
    try {
      builder = parse(List.of(args), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("tinyurl: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (builder == null) {
      return;
    }
    TinyUrlServer server;
    try {
      server = builder.start();
    } catch (RuntimeException e) {
      System.err.println("tinyurl: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "tinyurl-shutdown"));
    System.out.println(
        "tinyurl serving "
            + server.publicUrl()
            + " (listening on port "
            + server.port()
            + ", shards "
            + String.join(", ", server.shardIds())
            + ")");
    server
        .developmentApiKey()
        .ifPresent(
            key ->
                System.out.println(
                    "development API key (send as X-API-Key; valid until restart): " + key));
    stopped.await();
  }

  /** The configured builder, or {@code null} when {@code --help} was asked for (and printed). */
  static TinyUrlServer.@org.jspecify.annotations.Nullable Builder parse(
      List<String> args, PrintStream out) {
    TinyUrlServer.Builder builder = TinyUrlServer.builder();
    long burst = 100;
    double perSecond = 20;
    String clicks = "queued";
    String clickQueue = "memory";
    for (int i = 0; i < args.size(); i++) {
      String option = args.get(i);
      switch (option) {
        case "--help", "-h" -> {
          out.print(USAGE);
          return null;
        }
        case "--allow-private-targets" -> builder.allowPrivateTargets(true);
        case "--no-redirect-cache" -> builder.redirectCache(false);
        case "--visit-flush-interval" ->
            builder.visitFlushInterval(
                java.time.Duration.ofMillis(intValue(option, value(args, ++i, option))));
        case "--pool-size" -> builder.poolSizePerShard(intValue(option, value(args, ++i, option)));
        case "--port" -> builder.port(intValue(option, value(args, ++i, option)));
        case "--bind" -> builder.bindAddress(value(args, ++i, option));
        case "--data" -> builder.dataDirectory(Path.of(value(args, ++i, option)));
        case "--db" -> builder.database(value(args, ++i, option));
        case "--redirect-status" ->
            builder.redirectStatus(intValue(option, value(args, ++i, option)));
        case "--public-url" -> {
          String url = value(args, ++i, option);
          try {
            builder.publicUrl(new URI(url));
          } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("--public-url is not a URL: " + e.getMessage(), e);
          }
        }
        case "--redis" -> {
          String url = value(args, ++i, option);
          try {
            builder.redis(new URI(url));
          } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("--redis is not a URI: " + e.getMessage(), e);
          }
        }
        case "--api-key-sha256" -> builder.apiKeyHash(value(args, ++i, option));
        case "--rate-limit" -> perSecond = intValue(option, value(args, ++i, option));
        case "--rate-burst" -> burst = intValue(option, value(args, ++i, option));
        case "--clicks" ->
            clicks = oneOf(option, value(args, ++i, option), "queued", "sync", "off");
        case "--click-queue" ->
            clickQueue = oneOf(option, value(args, ++i, option), "memory", "durable");
        case "--count-interval" -> {
          int seconds = intValue(option, value(args, ++i, option));
          if (seconds < 1) {
            throw new IllegalArgumentException(
                option + " needs 1 or more seconds but got " + seconds);
          }
          builder.clickFoldInterval(java.time.Duration.ofSeconds(seconds));
        }
        case "--report-interval" -> {
          int minutes = intValue(option, value(args, ++i, option));
          if (minutes < 0) {
            throw new IllegalArgumentException(
                option + " needs 0 or more minutes but got " + minutes);
          }
          builder.reportInterval(java.time.Duration.ofMinutes(minutes));
        }
        default -> throw new IllegalArgumentException("unknown option '" + option + "'");
      }
    }
    if (clickQueue.equals("durable") && !clicks.equals("queued")) {
      throw new IllegalArgumentException(
          "--click-queue durable needs --clicks queued but --clicks was " + clicks);
    }
    builder.clickMode(
        switch (clicks) {
          case "sync" -> ClickMode.SYNC;
          case "off" -> ClickMode.OFF;
          default -> clickQueue.equals("durable") ? ClickMode.DURABLE : ClickMode.QUEUED;
        });
    return builder.rateLimit(burst, perSecond);
  }

  private static String oneOf(String option, String value, String... allowed) {
    for (String candidate : allowed) {
      if (candidate.equals(value)) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        option + " must be one of " + String.join(", ", allowed) + " but was '" + value + "'");
  }

  private static String value(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(index);
  }

  private static int intValue(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " needs a whole number but got '" + value + "'", e);
    }
  }
}
