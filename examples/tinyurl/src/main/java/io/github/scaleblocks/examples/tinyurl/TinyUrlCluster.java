package io.github.scaleblocks.examples.tinyurl;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.loadbalancing.LoadBalancerMetrics;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.tools.Server;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode ({@code java -jar tinyurl.jar --cluster 3}): N clone processes, each a {@link
 * TinyUrlServer} in its own JVM started from this JVM's class path ({@link CloneMain}), sharing the
 * databases, behind a {@link Gateway} in this process on the public port.
 *
 * <pre>{@code
 * try (TinyUrlCluster cluster = TinyUrlCluster.builder().clones(3).port(8080).start()) {
 *   System.out.println(cluster.publicUrl() + " key " + cluster.developmentApiKey().orElseThrow());
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Databases.</b> Embedded H2 files can be opened by one process only, so without {@code
 *       --db} this process runs H2's TCP server over the data directory's shard files (the same
 *       files single-process mode uses), listening on loopback only, and the clones connect with
 *       {@code jdbc:h2:tcp://127.0.0.1:PORT/shard-N}. With {@code --db} URLs (PostgreSQL) the
 *       clones use those directly.
 *   <li><b>Keys.</b> Without {@code --api-key-sha256}, one development key is generated here and
 *       every clone accepts it.
 *   <li><b>Supervision.</b> A clone that dies is started again after a backoff (see {@link
 *       CloneProcess}); the gateway's health checks decide when it takes traffic again. Clones read
 *       their stdin until it ends, so they exit with this process, however it ends. Clone logs go
 *       to {@code DATA/logs/clone-N.log}.
 *   <li><b>Coherence.</b> Without Redis, the gateway evicts a deleted code from every clone before
 *       it answers the delete (see {@link Gateway}).
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} stops the gateway, lets every clone shut down in order (writing
 * its counted visits), then stops the H2 server.
 */
public final class TinyUrlCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TinyUrlCluster.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  /** How the gateway balances. */
  public enum GatewayMode {
    /** Peak EWMA with health checks, outlier ejection and retries (the default). */
    PEAK_EWMA("peak-ewma"),
    /** Plain round robin, no health checks, no ejection, no retries: the "before" measurement. */
    NAIVE("naive");

    private final String optionValue;

    GatewayMode(String optionValue) {
      this.optionValue = optionValue;
    }

    /** The value of {@code --gateway} that selects it. */
    public String optionValue() {
      return optionValue;
    }

    /** The mode named {@code value} ({@code peak-ewma} or {@code naive}). */
    public static GatewayMode parse(String value) {
      for (GatewayMode mode : values()) {
        if (mode.optionValue.equals(value)) {
          return mode;
        }
      }
      throw new IllegalArgumentException(
          "--gateway must be peak-ewma or naive but was '" + Errors.printable(value) + "'");
    }
  }

  /**
   * A clone as the cluster sees it now.
   *
   * @param id {@code clone-1} ...
   * @param state {@code starting}, {@code running}, {@code restarting} or {@code stopped}
   * @param pid the running process's pid, -1 when none
   * @param port the port it serves on (loopback), -1 when not serving
   * @param restarts how often the supervisor started it again
   */
  public record CloneStatus(String id, String state, long pid, int port, int restarts) {}

  private final Undertow undertow;
  private final Gateway gateway;
  private final List<CloneProcess> clones;
  private final ScheduledExecutorService scheduler;
  private final @Nullable Server h2;
  private final URI publicUrl;
  private final int port;
  private final GatewayMode mode;
  private final @Nullable String developmentApiKey;

  private TinyUrlCluster(
      Undertow undertow,
      Gateway gateway,
      List<CloneProcess> clones,
      ScheduledExecutorService scheduler,
      @Nullable Server h2,
      URI publicUrl,
      int port,
      GatewayMode mode,
      @Nullable String developmentApiKey) {
    this.undertow = undertow;
    this.gateway = gateway;
    this.clones = clones;
    this.scheduler = scheduler;
    this.h2 = h2;
    this.publicUrl = publicUrl;
    this.port = port;
    this.mode = mode;
    this.developmentApiKey = developmentApiKey;
  }

  /** A builder: 3 clones, the peak-EWMA gateway on 127.0.0.1:8080, H2 shards under ./data. */
  public static Builder builder() {
    return new Builder();
  }

  /** The URL short links start with (the gateway's), without a trailing slash. */
  public URI publicUrl() {
    return publicUrl;
  }

  /** The gateway's port (the real one when 0 was asked for). */
  public int port() {
    return port;
  }

  /** How the gateway balances. */
  public GatewayMode gatewayMode() {
    return mode;
  }

  /** The generated API key every clone accepts when no key was configured. */
  public Optional<String> developmentApiKey() {
    return Optional.ofNullable(developmentApiKey);
  }

  /** Every clone's state now, in order. */
  public List<CloneStatus> clones() {
    List<CloneStatus> states = new ArrayList<>();
    for (CloneProcess clone : clones) {
      states.add(clone.status());
    }
    return List.copyOf(states);
  }

  /** The gateway balancer's statistics (per clone: health, ejection, calls, latency). */
  public LoadBalancerMetrics gatewayMetrics() {
    return gateway.metrics();
  }

  /** Stops the gateway, then every clone (in order, then by force), then the H2 server. */
  @Override
  public void close() {
    try {
      undertow.stop();
      gateway.close();
      List<Thread> stopping = new ArrayList<>();
      for (CloneProcess clone : clones) {
        Thread thread = new Thread(() -> clone.stop(STOP_GRACE), "tinyurl-stop-" + clone.id());
        thread.start();
        stopping.add(thread);
      }
      for (Thread thread : stopping) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    } finally {
      scheduler.shutdownNow();
      Server server = h2;
      if (server != null) {
        server.stop();
      }
    }
  }

  /** Configures and starts a {@link TinyUrlCluster}. Not thread-safe; reusable. */
  public static final class Builder {
    private int clones = 3;
    private GatewayMode mode = GatewayMode.PEAK_EWMA;
    private int port = 8080;
    private String bindAddress = "127.0.0.1";
    private Path dataDirectory = Path.of("data");
    private @Nullable URI publicUrl;
    private final List<String> cloneOptions = new ArrayList<>();
    private final List<String> cloneJvmOptions = new ArrayList<>(List.of("-Xmx512m"));
    private Duration healthInterval = Duration.ofSeconds(1);
    private Duration probeTimeout = Duration.ofMillis(500);
    private Duration ejectionTime = Duration.ofSeconds(5);
    private Duration attemptTimeout = Duration.ofSeconds(10);
    private Duration minRestartBackoff = Duration.ofMillis(200);
    private Duration maxRestartBackoff = Duration.ofSeconds(10);
    private Duration startTimeout = Duration.ofSeconds(90);
    private int workerThreads = 200;

    private Builder() {}

    /** Clone processes, 1 to 16; default 3. */
    public Builder clones(int value) {
      Checks.argument(value >= 1 && value <= 16, "--cluster needs 1 to 16 clones but was " + value);
      clones = value;
      return this;
    }

    /** How the gateway balances; default {@link GatewayMode#PEAK_EWMA}. */
    public Builder gateway(GatewayMode value) {
      mode = Checks.notNull(value, "gateway");
      return this;
    }

    /** The gateway's port, 0 for any free port; default 8080. */
    public Builder port(int value) {
      if (value < 0 || value > 65_535) {
        throw new IllegalArgumentException("port must be 0 to 65535 but was " + value);
      }
      port = value;
      return this;
    }

    /** The gateway's address; default 127.0.0.1. Clones always listen on loopback. */
    public Builder bindAddress(String value) {
      bindAddress = Checks.notNull(value, "bindAddress");
      return this;
    }

    /** The H2 shard files (without {@code --db}) and {@code logs/}; default {@code ./data}. */
    public Builder dataDirectory(Path value) {
      dataDirectory = Checks.notNull(value, "dataDirectory");
      return this;
    }

    /** What short links start with; default {@code http://localhost:<gateway port>}. */
    public Builder publicUrl(URI value) {
      publicUrl = Checks.notNull(value, "publicUrl");
      return this;
    }

    /**
     * Options of {@link Main} given to every clone (e.g. {@code --db URL}, {@code --redis URL},
     * {@code --allow-private-targets}, {@code --rate-limit N}); they are checked here. {@code
     * --port}, {@code --bind}, {@code --data} and {@code --public-url} are the cluster's own.
     */
    public Builder cloneOptions(List<String> options) {
      for (String option : options) {
        Checks.notNull(option, "clone option");
        if (List.of("--port", "--bind", "--data", "--public-url", "--cluster", "--gateway")
            .contains(option)) {
          throw new IllegalArgumentException(
              option + " is set for the whole cluster, not as a clone option");
        }
      }
      Main.parse(options, System.out); // fails fast, naming a bad option
      cloneOptions.addAll(options);
      return this;
    }

    /** JVM options of every clone process; default {@code -Xmx512m}. Replaces the list. */
    public Builder cloneJvmOptions(List<String> options) {
      cloneJvmOptions.clear();
      cloneJvmOptions.addAll(options);
      return this;
    }

    /**
     * Active health checks: a probe every {@code interval} (plus up to a fifth of it at random),
     * failed after {@code probeTimeout}; defaults 1 s and 500 ms. A dead clone is out after 2
     * failed probes, a restarted one in after 2 passed.
     */
    public Builder healthChecks(Duration interval, Duration timeout) {
      Checks.positive(interval, "health check interval");
      Checks.positive(timeout, "probe timeout");
      Checks.argument(
          timeout.compareTo(interval) <= 0,
          "probe timeout " + timeout + " must not be longer than the interval " + interval);
      healthInterval = interval;
      probeTimeout = timeout;
      return this;
    }

    /** The first ejection of a clone that failed 3 calls in a row; default 5 s. */
    public Builder ejectionTime(Duration value) {
      ejectionTime = Checks.positive(value, "ejectionTime");
      return this;
    }

    /** How long one attempt at a clone may take; default 10 s. */
    public Builder attemptTimeout(Duration value) {
      attemptTimeout = Checks.positive(value, "attemptTimeout");
      return this;
    }

    /** The supervisor's backoff before starting a dead clone again; default 200 ms to 10 s. */
    public Builder restartBackoff(Duration min, Duration max) {
      Checks.positive(min, "min restart backoff");
      Checks.positive(max, "max restart backoff");
      Checks.argument(max.compareTo(min) >= 0, "max restart backoff must not be below the min");
      minRestartBackoff = min;
      maxRestartBackoff = max;
      return this;
    }

    /** How long a clone may take to serve after its start (then it is killed); default 90 s. */
    public Builder startTimeout(Duration value) {
      startTimeout = Checks.positive(value, "startTimeout");
      return this;
    }

    /** Gateway worker threads, one per request in flight; default 200. */
    public Builder workerThreads(int value) {
      workerThreads = Checks.positive(value, "workerThreads");
      return this;
    }

    /**
     * Binds the gateway, starts the H2 server (without {@code --db}) and the clones, and returns
     * once every clone serves. Fails, with the end of the clone's log, when a clone exits before it
     * serves; stops whatever it started.
     */
    public TinyUrlCluster start() {
      SecureRandom random = new SecureRandom();
      byte[] secretBytes = new byte[32];
      random.nextBytes(secretBytes);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
      List<String> options = new ArrayList<>(cloneOptions);
      String developmentKey = null;
      if (!options.contains("--api-key-sha256")) {
        developmentKey = ApiKeys.generate(random);
        options.add("--api-key-sha256");
        options.add(ApiKeys.sha256Hex(developmentKey));
      }
      Path data = dataDirectory.toAbsolutePath().normalize();
      ScheduledExecutorService scheduler =
          Executors.newScheduledThreadPool(
              2,
              runnable -> {
                Thread thread = new Thread(runnable, "tinyurl-cluster");
                thread.setDaemon(true);
                return thread;
              });
      Server h2 = null;
      Undertow undertow = null;
      List<CloneProcess> processes = new ArrayList<>();
      try {
        Files.createDirectories(data);
        if (!options.contains("--db")) {
          h2 = startH2(data);
          for (int i = 0; i < 4; i++) {
            options.add("--db");
            options.add("jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/shard-" + i);
          }
        }
        AtomicReference<HttpHandler> handler =
            new AtomicReference<>(
                exchange -> {
                  exchange.setStatusCode(503);
                  exchange.getResponseSender().send("the clones are starting");
                });
        undertow =
            Undertow.builder()
                .addHttpListener(port, bindAddress)
                .setWorkerThreads(workerThreads)
                .setHandler(
                    exchange -> Objects.requireNonNull(handler.get()).handleRequest(exchange))
                .build();
        undertow.start();
        int boundPort =
            ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        URI url = publicUrl != null ? publicUrl : URI.create("http://localhost:" + boundPort);
        for (int i = 1; i <= clones; i++) {
          String id = "clone-" + i;
          List<String> command = new ArrayList<>();
          command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
          command.addAll(cloneJvmOptions);
          command.add("-cp");
          command.add(System.getProperty("java.class.path"));
          command.add(CloneMain.class.getName());
          command.addAll(List.of("--port", "0", "--bind", "127.0.0.1"));
          command.addAll(List.of("--public-url", url.toString()));
          command.addAll(options);
          processes.add(
              new CloneProcess(
                  id,
                  command,
                  secret,
                  data.resolve("logs").resolve(id + ".log"),
                  scheduler,
                  minRestartBackoff,
                  maxRestartBackoff,
                  startTimeout));
        }
        processes.forEach(CloneProcess::start);
        awaitReady(processes);
        Gateway gateway =
            new Gateway(
                mode,
                processes,
                secret,
                new Gateway.Settings(
                    healthInterval,
                    probeTimeout,
                    ejectionTime,
                    Duration.ofSeconds(1),
                    attemptTimeout),
                scheduler);
        handler.set(gateway);
        LOG.info(
            "gateway ({}) on port {} over {}",
            mode.optionValue(),
            boundPort,
            processes.stream().map(CloneProcess::id).toList());
        return new TinyUrlCluster(
            undertow,
            gateway,
            List.copyOf(processes),
            scheduler,
            h2,
            url,
            boundPort,
            mode,
            developmentKey);
      } catch (IOException | SQLException | RuntimeException e) {
        if (undertow != null) {
          undertow.stop();
        }
        for (CloneProcess process : processes) {
          process.stop(Duration.ofSeconds(5));
        }
        scheduler.shutdownNow();
        if (h2 != null) {
          h2.stop();
        }
        if (e instanceof IOException io) {
          throw new UncheckedIOException("cannot start the cluster: " + io.getMessage(), io);
        }
        if (e instanceof SQLException sql) {
          throw new IllegalStateException(
              "cannot start the H2 server over " + data + ": " + sql.getMessage(), sql);
        }
        throw (RuntimeException) e;
      }
    }

    private static Server startH2(Path data) throws SQLException {
      // loopback only (no -tcpAllowOthers); -ifNotExists lets clones create missing shard files
      return Server.createTcpServer(
              "-tcpPort", "0", "-baseDir", data.toString(), "-ifNotExists", "-tcpDaemon")
          .start();
    }

    private void awaitReady(List<CloneProcess> processes) {
      // fails as soon as one clone fails, or completes when all serve
      CompletableFuture<String> firstFailure = new CompletableFuture<>();
      List<CompletableFuture<Void>> ready = new ArrayList<>();
      for (CloneProcess process : processes) {
        ready.add(process.firstReady());
        var unused =
            process
                .firstReady()
                .whenComplete(
                    (@Nullable Void ok, @Nullable Throwable failure) -> {
                      if (failure != null) {
                        firstFailure.completeExceptionally(failure);
                      }
                    });
      }
      var unusedAll =
          CompletableFuture.allOf(ready.toArray(CompletableFuture<?>[]::new))
              .thenRun(() -> firstFailure.complete("ready"));
      try {
        firstFailure.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw new IllegalStateException(
            "a clone did not start: " + (cause == null ? e : cause.getMessage()), cause);
      } catch (TimeoutException e) {
        throw new IllegalStateException(
            "the clones did not all serve within " + startTimeout + ": " + processes, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the clones started", e);
      }
    }
  }
}
