package io.github.scaleblocks.loadbalancing.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.loadbalancing.Backoff;
import io.github.scaleblocks.loadbalancing.CallOptions;
import io.github.scaleblocks.loadbalancing.HealthChecker;
import io.github.scaleblocks.loadbalancing.LoadBalancer;
import io.github.scaleblocks.loadbalancing.LoadBalancerBuilder;
import io.github.scaleblocks.loadbalancing.LoadBalancerEvent;
import io.github.scaleblocks.loadbalancing.LoadBalancerMetrics;
import io.github.scaleblocks.loadbalancing.LoadBalancers;
import io.github.scaleblocks.loadbalancing.NodeMetrics;
import io.github.scaleblocks.loadbalancing.OutlierDetection;
import io.github.scaleblocks.loadbalancing.RetryBudget;
import io.github.scaleblocks.loadbalancing.spi.HealthProbe;
import io.github.scaleblocks.loadbalancing.spi.Scheduler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three real HTTP servers on 127.0.0.1 behind a balancer used through {@link LoadBalancer#execute}
 * with {@link HttpClient}: one server is stopped under load and started again on its port. Every
 * request must succeed (failed attempts on the stopped server are retried elsewhere under the retry
 * budget), the stopped server must get no attempts once health checks took it out, and the
 * restarted one must get traffic again only after answering health probes.
 *
 * <p>It runs behind peak EWMA and behind round robin. Round robin keeps sending a third of the
 * picks to the stopped server, so its fast failures (connection refused) reach outlier detection's
 * three consecutive failures long before the second failed health probe: the run must show an
 * ejection. Peak EWMA steers picks away after the first failures, so whether three arrive before
 * the health checks is a race; its run asserts everything else.
 *
 * <p>Timing is real (the system ticker, a {@link ScheduledExecutorService} for health checks, real
 * backoff sleeps inside the balancer); the test only waits on conditions with deadlines.
 */
class HttpFailoverTest {
  static {
    // The JDK server writes headers and body separately: without TCP_NODELAY, Nagle's algorithm
    // and delayed ACKs hold each response about 40 ms. Read once, when the server classes load.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final List<String> NAMES = List.of("a", "b", "c");
  private static final String STOPPED = "c";
  private static final int CLIENT_THREADS = 4;
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(500);
  private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration LOAD_LIMIT = Duration.ofSeconds(25);
  private static final int HEALTHY_THRESHOLD = 2;

  private static final CallOptions IDEMPOTENT_GET =
      CallOptions.idempotent().withMaxAttempts(3).withRetryOn(e -> e instanceof IOException);

  private final long startNanos = System.nanoTime();
  private final Map<String, LocalServer> servers = new LinkedHashMap<>();
  private final Map<URI, LongAdder> attempts = new ConcurrentHashMap<>();
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();
  private final Queue<String> events = new ConcurrentLinkedQueue<>();
  private final LongAdder sent = new LongAdder();
  private final LongAdder succeeded = new LongAdder();
  private final AtomicBoolean stopLoad = new AtomicBoolean();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"peakEwma", "roundRobin"})
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void noRequestFailsWhileAServerIsStoppedAndItGetsTrafficAgainAfterRestartAndPassingHealthChecks(
      String strategy) throws Exception {
    List<Node<URI>> nodes = new ArrayList<>();
    for (String name : NAMES) {
      LocalServer server = new LocalServer(name);
      server.start();
      servers.put(name, server);
      attempts.put(server.uri(), new LongAdder());
      nodes.add(Node.of(name, server.uri()));
    }
    LoadBalancer<URI> balancer =
        builder(strategy)
            .outlierDetection(
                OutlierDetection.builder()
                    .consecutiveFailures(3)
                    .noSuccessRate()
                    .baseEjectionTime(Duration.ofSeconds(1))
                    .maxEjectionTime(Duration.ofSeconds(2))
                    .maxEjectedPercent(34)
                    .build())
            .retryBudget(RetryBudget.of(0.2))
            .backoff(Backoff.exponential(Duration.ofMillis(5), Duration.ofMillis(50)))
            .listener(this::recordEvent)
            .build(nodes);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ATTEMPT_TIMEOUT)
            .build();
    HttpClient probeClient =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(PROBE_INTERVAL)
            .build();
    HealthProbe<URI> probe =
        node ->
            probeClient
                .sendAsync(
                    HttpRequest.newBuilder(node.payload().resolve("/health"))
                        .timeout(PROBE_INTERVAL)
                        .GET()
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> response.statusCode() == 200);
    ScheduledExecutorService scheduled =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "health-checks");
              thread.setDaemon(true);
              return thread;
            });
    HealthChecker<URI> checks =
        HealthChecker.builder(balancer, probe)
            .scheduler(Scheduler.of(scheduled))
            .interval(PROBE_INTERVAL)
            .jitter(Duration.ofMillis(20))
            .timeout(PROBE_INTERVAL)
            .unhealthyThreshold(2)
            .healthyThreshold(HEALTHY_THRESHOLD)
            .start();
    List<LoadThread> load = new ArrayList<>();
    try {
      long loadDeadline = System.nanoTime() + LOAD_LIMIT.toNanos();
      for (int i = 0; i < CLIENT_THREADS; i++) {
        LoadThread thread = new LoadThread(i, balancer, client, loadDeadline);
        load.add(thread);
        thread.start();
      }
      LocalServer stopped = server(STOPPED);
      URI stoppedUri = stopped.uri();
      Supplier<String> state = () -> state(balancer);

      // Before: every server takes traffic.
      await("every server answered 100 requests", () -> minWork() >= 100, state);
      long attemptsAtStop = attemptsOn(stoppedUri);
      long sentAtStop = sent.sum();
      stopped.stop();
      // After stop() returns: it waits for exchanges already running, which still count as before.
      Map<String, Long> atStop = work();

      // During: health checks take it out; after every thread finished two more requests (so
      // no call picked before that is still running) it gets no attempt at all.
      await(
          "health checks marked " + STOPPED + " unhealthy", () -> !node(balancer).healthy(), state);
      long attemptsAtDetection = attemptsOn(stoppedUri);
      long[] doneAtDetection = completed(load);
      await(
          "every client thread finished two requests after detection",
          () -> finishedSince(load, doneAtDetection, 2),
          state);
      long attemptsSettled = attemptsOn(stoppedUri);
      long sentSettled = sent.sum();
      await(
          "the ejection of "
              + STOPPED
              + " ended while health checks keep it out and 500 more"
              + " requests were sent",
          () -> {
            NodeMetrics node = node(balancer);
            return !node.ejected() && !node.healthy() && sent.sum() >= sentSettled + 500;
          },
          state);
      long attemptsBeforeRestart = attemptsOn(stoppedUri);
      Map<String, Long> atRestart = work();
      long stoppedWorkAtRestart = stopped.work.get();
      long sentAtRestart = sent.sum();
      NodeMetrics whileDown = node(balancer);

      // After: started again on its port, it returns once its probes pass.
      stopped.start();
      assertThat(stopped.uri()).isEqualTo(stoppedUri);
      await(
          "health checks marked the restarted " + STOPPED + " healthy",
          () -> node(balancer).healthy(),
          state);
      await(
          "the restarted " + STOPPED + " answered 100 requests",
          () -> stopped.work.get() >= stoppedWorkAtRestart + 100,
          state);
      stopLoad.set(true);
      for (LoadThread thread : load) {
        thread.join(WAIT.toMillis());
        assertThat(thread.isAlive()).as("%s still running", thread.getName()).isFalse();
      }
      Map<String, Long> atEnd = work();
      LoadBalancerMetrics metrics = balancer.metrics();
      NodeMetrics restarted = metrics.node(STOPPED);

      String report =
          String.format(
              "requests sent %d, succeeded %d, failed %d; attempts on %s: %d before the stop, %d"
                  + " between stop and detection, %d after detection, %d more while it was out;"
                  + " /work answered before/during/after the stop: %s / %s / %s;"
                  + " balancer: %d attempt failures, %d retries, %d retries rejected, %d ejections;"
                  + " restarted %s answered its first /work after %d health probes%n events: %s",
              sent.sum(),
              succeeded.sum(),
              failures.size(),
              STOPPED,
              attemptsAtStop,
              attemptsAtDetection - attemptsAtStop,
              attemptsSettled - attemptsAtDetection,
              attemptsBeforeRestart - attemptsSettled,
              atStop,
              delta(atStop, atRestart),
              delta(atRestart, atEnd),
              metrics.failures(),
              metrics.retries(),
              metrics.retriesRejected(),
              metrics.ejections(),
              STOPPED,
              stopped.healthProbesBeforeFirstWork(),
              events);
      System.out.println("HttpFailoverTest[" + strategy + "]: " + report);

      // No request failed: every failed attempt was retried on another server.
      assertThat(failures).as(report).isEmpty();
      assertThat(succeeded.sum()).as(report).isEqualTo(sent.sum());
      assertThat(sentAtRestart - sentAtStop).as(report).isGreaterThanOrEqualTo(500);
      assertThat(metrics.failures()).as("attempts failed on the stopped server").isPositive();
      assertThat(metrics.retries()).as(report).isGreaterThanOrEqualTo(metrics.failures());
      assertThat(metrics.retriesRejected()).as(report).isZero();
      if (strategy.equals("roundRobin")) {
        // Outlier detection ejected it at once; health checks kept it out after the ejection ended.
        assertThat(whileDown.ejections()).as(report).isPositive();
      }
      // Once detected, the stopped server got no attempt.
      assertThat(attemptsBeforeRestart).as(report).isEqualTo(attemptsSettled);
      Map<String, Long> during = delta(atStop, atRestart);
      assertThat(during.get(STOPPED)).as(report).isZero();
      assertThat(during.get("a")).as(report).isPositive();
      assertThat(during.get("b")).as(report).isPositive();
      // After restart: traffic again, only after passing health checks, and reported healthy.
      assertThat(delta(atRestart, atEnd).get(STOPPED)).as(report).isGreaterThanOrEqualTo(100);
      assertThat(stopped.healthProbesBeforeFirstWork())
          .as(report)
          .isGreaterThanOrEqualTo(HEALTHY_THRESHOLD);
      assertThat(restarted.healthy()).as(report).isTrue();
      assertThat(restarted.ejected()).as(report).isFalse();
    } finally {
      stopLoad.set(true);
      for (LoadThread thread : load) {
        thread.join(WAIT.toMillis());
      }
      checks.close();
      scheduled.shutdownNow();
      for (LocalServer server : servers.values()) {
        server.stop();
      }
    }
  }

  private static LoadBalancerBuilder builder(String strategy) {
    return switch (strategy) {
      case "peakEwma" -> LoadBalancers.peakEwma().latencyDecay(Duration.ofSeconds(1));
      case "roundRobin" -> LoadBalancers.roundRobin();
      default -> throw new IllegalArgumentException("no strategy " + strategy);
    };
  }

  /** Sends GET /work through the balancer until told to stop or the load limit passes. */
  private final class LoadThread extends Thread {
    final AtomicLong completed = new AtomicLong();
    private final LoadBalancer<URI> balancer;
    private final HttpClient client;
    private final long deadline;

    LoadThread(int index, LoadBalancer<URI> balancer, HttpClient client, long deadline) {
      super("load-" + index);
      setDaemon(true);
      this.balancer = balancer;
      this.client = client;
      this.deadline = deadline;
    }

    @Override
    public void run() {
      while (!stopLoad.get() && System.nanoTime() - deadline < 0) {
        sent.increment();
        try {
          String body =
              balancer.execute(
                  IDEMPOTENT_GET,
                  base -> {
                    LongAdder counter = attempts.get(base);
                    if (counter != null) {
                      counter.increment();
                    }
                    return get(client, base.resolve("/work"));
                  });
          if (NAMES.contains(body)) {
            succeeded.increment();
          } else {
            failures.add("unexpected body '" + body + "'");
          }
        } catch (RuntimeException e) {
          failures.add(describe(e));
        }
        completed.incrementAndGet();
      }
    }
  }

  private static String get(HttpClient client, URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri).timeout(ATTEMPT_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(uri + " answered " + response.statusCode());
    }
    return response.body();
  }

  /** One named server: GET /work answers its name, GET /health 200; restarts on its old port. */
  private static final class LocalServer {
    final String name;
    final AtomicLong work = new AtomicLong();
    private final AtomicLong healthSinceStart = new AtomicLong();
    private final AtomicLong healthBeforeFirstWork = new AtomicLong(-1);
    private @Nullable HttpServer server;
    private int port;

    LocalServer(String name) {
      this.name = name;
    }

    /** Binds 127.0.0.1 on an OS-chosen port the first time, on that same port afterwards. */
    synchronized void start() throws IOException {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      HttpServer created;
      try {
        created = HttpServer.create(address, 64);
      } catch (BindException e) {
        throw new IllegalStateException(
            "cannot start server " + name + " again on its port " + port + ": it is taken", e);
      }
      healthSinceStart.set(0);
      healthBeforeFirstWork.set(-1);
      created.createContext(
          "/work",
          exchange -> {
            work.incrementAndGet();
            healthBeforeFirstWork.compareAndSet(-1, healthSinceStart.get());
            respond(exchange, name);
          });
      created.createContext(
          "/health",
          exchange -> {
            healthSinceStart.incrementAndGet();
            respond(exchange, "ok");
          });
      created.start();
      port = created.getAddress().getPort();
      server = created;
    }

    synchronized void stop() {
      HttpServer running = server;
      if (running != null) {
        // Closes the listener at once, then waits (up to 1 s) for exchanges already running.
        running.stop(1);
        server = null;
      }
    }

    synchronized URI uri() {
      return URI.create("http://127.0.0.1:" + port);
    }

    /** Health probes this server instance answered before its first /work; -1 before any. */
    long healthProbesBeforeFirstWork() {
      return healthBeforeFirstWork.get();
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
      try (exchange) {
        if (!"GET".equals(exchange.getRequestMethod())) {
          exchange.sendResponseHeaders(405, -1);
          return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  private void recordEvent(LoadBalancerEvent event) {
    if (event instanceof LoadBalancerEvent.CallCompleted
        || event instanceof LoadBalancerEvent.CallRetried) {
      return;
    }
    events.add(elapsedMillis() + " ms " + event);
  }

  private long elapsedMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private LocalServer server(String name) {
    LocalServer server = servers.get(name);
    if (server == null) {
      throw new IllegalArgumentException("no server " + name);
    }
    return server;
  }

  private long attemptsOn(URI base) {
    LongAdder counter = attempts.get(base);
    return counter == null ? 0 : counter.sum();
  }

  private static NodeMetrics node(LoadBalancer<URI> balancer) {
    return balancer.metrics().node(STOPPED);
  }

  private Map<String, Long> work() {
    Map<String, Long> counts = new LinkedHashMap<>();
    servers.forEach((name, server) -> counts.put(name, server.work.get()));
    return counts;
  }

  private long minWork() {
    return servers.values().stream().mapToLong(server -> server.work.get()).min().orElse(0);
  }

  private static Map<String, Long> delta(Map<String, Long> from, Map<String, Long> to) {
    Map<String, Long> delta = new LinkedHashMap<>();
    to.forEach((name, count) -> delta.put(name, count - from.getOrDefault(name, 0L)));
    return delta;
  }

  private static long[] completed(List<LoadThread> load) {
    long[] done = new long[load.size()];
    for (int i = 0; i < done.length; i++) {
      done[i] = load.get(i).completed.get();
    }
    return done;
  }

  private static boolean finishedSince(List<LoadThread> load, long[] before, int more) {
    for (int i = 0; i < before.length; i++) {
      if (load.get(i).completed.get() < before[i] + more) {
        return false;
      }
    }
    return true;
  }

  private String state(LoadBalancer<URI> balancer) {
    return "at "
        + elapsedMillis()
        + " ms: sent "
        + sent.sum()
        + ", failures "
        + failures.size()
        + " "
        + failures.stream().limit(3).toList()
        + ", /work "
        + work()
        + ", "
        + balancer.metrics().nodes()
        + ", events "
        + events;
  }

  private static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder(failure.toString());
    for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
      text.append(" <- ").append(cause);
    }
    for (Throwable earlier : failure.getSuppressed()) {
      text.append("; earlier: ").append(earlier);
    }
    return text.toString();
  }

  /** Polls {@code condition} every 5 ms until it holds, failing with {@code state} at the limit. */
  private static void await(String what, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("waited " + WAIT + " in vain until " + what + "; " + state.get());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
