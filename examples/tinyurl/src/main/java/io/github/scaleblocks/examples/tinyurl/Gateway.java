package io.github.scaleblocks.examples.tinyurl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.loadbalancing.Backoff;
import io.github.scaleblocks.loadbalancing.CallFailedException;
import io.github.scaleblocks.loadbalancing.CallOptions;
import io.github.scaleblocks.loadbalancing.HealthChecker;
import io.github.scaleblocks.loadbalancing.LoadBalancer;
import io.github.scaleblocks.loadbalancing.LoadBalancerMetrics;
import io.github.scaleblocks.loadbalancing.LoadBalancers;
import io.github.scaleblocks.loadbalancing.NoAvailableNodeException;
import io.github.scaleblocks.loadbalancing.NodeMetrics;
import io.github.scaleblocks.loadbalancing.OutlierDetection;
import io.github.scaleblocks.loadbalancing.RetryBudget;
import io.github.scaleblocks.loadbalancing.spi.HealthProbe;
import io.github.scaleblocks.loadbalancing.spi.Scheduler;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway of cluster mode: an Undertow handler that proxies every request to one clone chosen
 * by a {@code scaleblocks-loadbalancing} balancer, through the balancer's call wrapper ({@link
 * LoadBalancer#execute}) and {@link CloneConnections}: a small blocking HTTP/1.1 client over pooled
 * keep-alive sockets, one bounded pool of idle connections per clone, that runs on the Undertow
 * worker thread handling the request (the JDK {@code HttpClient}'s hand-offs between threads cost
 * more than the clones' work: through it the gateway served a tenth of what one clone serves).
 * Probes and evictions, which are rare, still use the JDK client.
 *
 * <p><b>Peak-EWMA mode</b> (the default): {@link LoadBalancers#peakEwma()}; active health checks
 * ({@code GET /healthz} on each clone every interval plus jitter, out after 2 failed probes in a
 * row, back after 2 passed, a probe timeout); passive outlier ejection after 3 consecutive failed
 * attempts; retries under the balancer's retry budget (20 % of calls plus 10 per second) with a
 * 5–100 ms jittered backoff, each retry on another clone. What is retried:
 *
 * <ul>
 *   <li>{@code GET} and {@code HEAD} (redirects and reads): any transport failure (refused, reset,
 *       closed before the answer, timeout), up to 3 attempts.
 *   <li>Everything else ({@code POST} creates, {@code DELETE}): only a failure that proves the
 *       request never reached a clone: the connection was refused or its connect timed out, or the
 *       clone was known to be down. (A pooled connection the clone had closed while idle is found
 *       before anything is written on it and replaced by another, on the same attempt; see {@link
 *       CloneConnections}.) A create that failed after it was sent may have created the link;
 *       sending it again could create it twice (a second random code, or a 409 for the alias the
 *       first attempt took), so the client gets a 502 and decides. A {@code DELETE} is not retried
 *       either: a second attempt after a lost answer would say 404 for a link the first one
 *       deleted.
 * </ul>
 *
 * <p>An answer from a clone, whatever its status (a 503 of a clone whose database is down
 * included), is passed through: only transport failures count against a clone; a clone whose
 * databases fail its {@code /healthz} leaves rotation through the health checks.
 *
 * <p><b>Naive mode</b> ({@code --gateway naive}), the "before" of the design doc: plain round
 * robin, no health checks, no ejection, no retries: a dead clone keeps its share of requests, which
 * fail with 502 until it serves again.
 *
 * <p><b>Proxying.</b> Method, path, query, body and headers go to the clone except hop-by-hop ones;
 * the gateway appends the client's address to {@code X-Forwarded-For} and adds its secret header,
 * so a clone rate-limits per real client; {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}
 * say what the client used. The clone's status, headers ({@code Location}, {@code Retry-After},
 * {@code RateLimit-*}, ...) and body come back unchanged. The gateway answers {@code GET /healthz}
 * itself (the clones' states) and refuses {@code /_cluster/*} with 404.
 *
 * <p><b>Cache coherence</b> (both modes): after a {@code DELETE /api/urls/{code}} answered 204, and
 * after a create of a custom alias (which may be cached as unknown elsewhere), the gateway asks
 * every serving clone to evict the code ({@code POST /_cluster/evict/{code}} with the secret) and
 * waits for them (up to 2 s) before it answers the client. So once the client sees the 204, no
 * clone redirects the code, except a clone the eviction did not reach (it keeps it for at most its
 * cache TTL, logged here) and a clone whose load of the code raced the delete (also at most the
 * TTL, as with the Redis tier).
 *
 * <p>Requests run on Undertow worker threads, one per request in flight (the call wrapper blocks
 * while the clone answers). Thread-safe.
 */
final class Gateway implements HttpHandler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final Duration EVICT_WAIT = Duration.ofSeconds(2);

  /** Idle keep-alive connections kept per clone (more in flight are opened and then closed). */
  static final int MAX_IDLE_PER_CLONE = 64;

  /** Headers the gateway never copies: hop-by-hop ones, and the ones it sets itself. */
  private static final Set<String> REQUEST_SKIPPED =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "http2-settings",
          "content-length",
          "expect",
          "host",
          "date",
          "via",
          "warning",
          "from",
          "x-forwarded-for",
          "x-forwarded-proto",
          "x-forwarded-host",
          HttpApi.GATEWAY_HEADER.toLowerCase(Locale.ROOT));

  private static final Set<String> RESPONSE_SKIPPED =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "content-length",
          "date",
          ":status");

  /** Retries of reads: any transport failure. */
  private static final CallOptions READ =
      CallOptions.idempotent()
          .withMaxAttempts(3)
          .withRetryOn(failure -> failure instanceof IOException);

  /**
   * Writes are not idempotent, but an attempt that never reached a clone did not run: retrying it
   * is as safe as the first try. So they go through the idempotent wrapper with a retry predicate
   * that accepts exactly those failures.
   */
  private static final CallOptions WRITE =
      CallOptions.idempotent().withMaxAttempts(3).withRetryOn(Gateway::provablyNotSent);

  private static final CallOptions NAIVE = CallOptions.nonIdempotent();

  private final TinyUrlCluster.GatewayMode mode;
  private final List<CloneProcess> clones;
  private final LoadBalancer<CloneProcess> balancer;
  private final @Nullable HealthChecker<CloneProcess> checker;
  private final CloneConnections connections;
  private final HttpClient client;
  private final HttpClient probeClient;
  private final String secret;
  private final Duration attemptTimeout;
  private final ObjectMapper mapper = new ObjectMapper();

  Gateway(
      TinyUrlCluster.GatewayMode mode,
      List<CloneProcess> clones,
      String secret,
      Settings settings,
      ScheduledExecutorService scheduler) {
    this.mode = mode;
    this.clones = List.copyOf(clones);
    this.secret = secret;
    this.attemptTimeout = settings.attemptTimeout();
    this.connections = new CloneConnections(MAX_IDLE_PER_CLONE, settings.connectTimeout());
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(settings.connectTimeout())
            .build();
    this.probeClient =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.probeTimeout())
            .build();
    List<Node<CloneProcess>> nodes = new ArrayList<>();
    for (CloneProcess clone : clones) {
      nodes.add(Node.of(clone.id(), clone));
    }
    if (mode == TinyUrlCluster.GatewayMode.NAIVE) {
      this.balancer = LoadBalancers.roundRobin().build(nodes);
      this.checker = null;
    } else {
      this.balancer =
          LoadBalancers.peakEwma()
              .outlierDetection(
                  OutlierDetection.builder()
                      .consecutiveFailures(3)
                      .noSuccessRate()
                      .baseEjectionTime(settings.ejectionTime())
                      .maxEjectionTime(settings.ejectionTime().multipliedBy(6))
                      .maxEjectedPercent(50)
                      .build())
              .retryBudget(RetryBudget.of(0.2))
              .backoff(Backoff.exponential(Duration.ofMillis(5), Duration.ofMillis(100)))
              .build(nodes);
      HealthProbe<CloneProcess> probe = node -> probe(node.payload(), settings.probeTimeout());
      this.checker =
          HealthChecker.builder(balancer, probe)
              .scheduler(Scheduler.of(scheduler))
              .interval(settings.healthInterval())
              .jitter(settings.healthInterval().dividedBy(5))
              .timeout(settings.probeTimeout())
              .unhealthyThreshold(2)
              .healthyThreshold(2)
              .start();
    }
  }

  /** The gateway's timing settings. */
  record Settings(
      Duration healthInterval,
      Duration probeTimeout,
      Duration ejectionTime,
      Duration connectTimeout,
      Duration attemptTimeout) {}

  LoadBalancerMetrics metrics() {
    return balancer.metrics();
  }

  private CompletableFuture<Boolean> probe(CloneProcess clone, Duration timeout) {
    URI base = clone.base();
    if (base == null) {
      connections.drain(clone.id()); // dead or restarting: its connections are useless
      return CompletableFuture.completedFuture(false);
    }
    return probeClient
        .sendAsync(
            HttpRequest.newBuilder(URI.create(base + "/healthz")).timeout(timeout).GET().build(),
            HttpResponse.BodyHandlers.discarding())
        .thenApply(response -> response.statusCode() == 200);
  }

  /** The failures after which a request certainly did not reach a clone. */
  static boolean provablyNotSent(Throwable failure) {
    // CloneConnections throws ConnectException for refused connects and connect timeouts, and
    // never after a byte of the request was written; CloneDownException is one too
    return failure instanceof ConnectException;
  }

  /** A call to a clone that is not serving now: fails before anything is sent. */
  static final class CloneDownException extends ConnectException {
    private static final long serialVersionUID = 1L;

    CloneDownException(String id) {
      super(id + " is not serving (restarting)");
    }
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws IOException {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    exchange.startBlocking();
    String path = exchange.getRequestPath();
    if (path.equals("/healthz") && exchange.getRequestMethod().equals(Methods.GET)) {
      health(exchange);
      return;
    }
    if (path.startsWith("/_cluster/")) {
      sendError(exchange, 404, "not_found", "no such path: " + Errors.printable(path));
      return;
    }
    byte[] body;
    try (InputStream in = exchange.getInputStream()) {
      body = in.readNBytes(HttpApi.MAX_BODY_BYTES + 1);
    }
    if (body.length > HttpApi.MAX_BODY_BYTES) {
      sendError(
          exchange,
          413,
          "body_too_large",
          "the body has more than "
              + HttpApi.MAX_BODY_BYTES
              + " bytes but at most "
              + HttpApi.MAX_BODY_BYTES
              + " bytes are accepted");
      return;
    }
    String target = exchange.getRequestURI();
    if (!target.startsWith("/")) {
      // absolute-form request target (http://host/path): keep the path
      URI absolute = URI.create(target);
      target =
          absolute.getRawPath() == null || absolute.getRawPath().isEmpty()
              ? "/"
              : absolute.getRawPath();
    }
    String query = exchange.getQueryString();
    String pathAndQuery = query == null || query.isEmpty() ? target : target + "?" + query;
    String method = exchange.getRequestMethod().toString();
    boolean read = method.equals("GET") || method.equals("HEAD");
    CallOptions options = mode == TinyUrlCluster.GatewayMode.NAIVE ? NAIVE : read ? READ : WRITE;
    List<String[]> headers = forwardedHeaders(exchange);
    CloneConnections.Response response;
    try {
      checkForwardable(method, pathAndQuery);
      response =
          balancer.execute(options, clone -> send(clone, method, pathAndQuery, headers, body));
    } catch (NoAvailableNodeException e) {
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
      sendError(exchange, 503, "no_clone_available", "no clone is serving; try again shortly");
      return;
    } catch (CallFailedException e) {
      LOG.debug("{} {} failed: {}", method, path, e.toString());
      sendError(
          exchange,
          502,
          "bad_gateway",
          "no clone answered ("
              + e.attempts()
              + (e.attempts() == 1 ? " attempt" : " attempts")
              + "); try again");
      return;
    } catch (IllegalArgumentException e) {
      sendError(exchange, 400, "invalid_request", "the request target cannot be forwarded");
      return;
    }
    evictIfNeeded(method, path, body, response);
    exchange.setStatusCode(response.status());
    var out = exchange.getResponseHeaders();
    for (String[] header : response.headers()) {
      if (!RESPONSE_SKIPPED.contains(header[0].toLowerCase(Locale.ROOT))) {
        out.add(HttpString.tryFromString(header[0]), header[1]);
      }
    }
    exchange.getResponseSender().send(ByteBuffer.wrap(response.body()));
  }

  private List<String[]> forwardedHeaders(HttpServerExchange exchange) {
    List<String[]> headers = new ArrayList<>();
    List<String> forwardedFor = new ArrayList<>();
    for (HeaderValues values : exchange.getRequestHeaders()) {
      String name = values.getHeaderName().toString();
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("x-forwarded-for")) {
        forwardedFor.addAll(values);
      } else if (!REQUEST_SKIPPED.contains(lower)) {
        for (String value : values) {
          if (writableValue(value)) {
            headers.add(new String[] {name, value});
          }
        }
      }
    }
    forwardedFor.add(exchange.getSourceAddress().getAddress().getHostAddress());
    String chain = String.join(", ", forwardedFor);
    if (writableValue(chain)) {
      headers.add(new String[] {"X-Forwarded-For", chain});
    }
    headers.add(new String[] {"X-Forwarded-Proto", exchange.getRequestScheme()});
    String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
    if (host != null && writableValue(host)) {
      headers.add(new String[] {"X-Forwarded-Host", host});
    }
    headers.add(new String[] {HttpApi.GATEWAY_HEADER, secret});
    return headers;
  }

  /**
   * One attempt on {@code clone}: writes the request head and body in one write on a pooled
   * connection and reads the whole answer (see {@link CloneConnections}).
   */
  private CloneConnections.Response send(
      CloneProcess clone, String method, String pathAndQuery, List<String[]> headers, byte[] body)
      throws IOException {
    URI base = clone.base();
    if (base == null) {
      connections.drain(clone.id());
      throw new CloneDownException(clone.id());
    }
    StringBuilder head = new StringBuilder(256 + pathAndQuery.length());
    head.append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
    for (String[] header : headers) {
      head.append(header[0]).append(": ").append(header[1]).append("\r\n");
    }
    if (body.length > 0
        || !(method.equals("GET") || method.equals("HEAD") || method.equals("DELETE"))) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
    System.arraycopy(body, 0, request, headBytes.length, body.length);
    return connections.send(
        clone.id(),
        base,
        request,
        method.equals("HEAD"),
        System.nanoTime() + attemptTimeout.toNanos());
  }

  /**
   * Checks the request line parts the gateway writes itself: a method token and a request target of
   * visible ASCII (Undertow already refused anything else; this keeps a request from ever being
   * split on the way to a clone).
   */
  private static void checkForwardable(String method, String pathAndQuery) {
    if (method.isEmpty() || !pathAndQuery.startsWith("/")) {
      throw new IllegalArgumentException("bad request line");
    }
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException("bad method");
      }
    }
    for (int i = 0; i < pathAndQuery.length(); i++) {
      char c = pathAndQuery.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException("bad request target");
      }
    }
  }

  /** Whether a header value can be written as it is (no line breaks or other controls). */
  private static boolean writableValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < ' ' && c != '\t') || c == 0x7f || c > 0xff) {
        return false;
      }
    }
    return true;
  }

  /** Fans an eviction out to every clone after a delete, or after a create of a custom alias. */
  private void evictIfNeeded(
      String method, String path, byte[] requestBody, CloneConnections.Response response) {
    List<String> codes = new ArrayList<>();
    int status = response.status();
    if (method.equals("DELETE") && status == 204 && path.startsWith("/api/urls/")) {
      codes.add(path.substring("/api/urls/".length()));
    } else if (method.equals("POST")
        && (status == 201 || status == 207)
        && (path.equals("/api/urls") || path.equals("/api/urls/bulk"))
        && new String(requestBody, StandardCharsets.UTF_8).contains("\"alias\"")) {
      try {
        JsonNode answer = mapper.readTree(response.body());
        if (path.equals("/api/urls")) {
          addAlias(answer, codes);
        } else {
          for (JsonNode item : answer.path("results")) {
            addAlias(item.path("created"), codes);
          }
        }
      } catch (IOException e) {
        LOG.warn("cannot read the codes of a create answer to evict them: {}", e.toString());
      }
    }
    for (String code : codes) {
      evictEverywhere(code);
    }
  }

  private static void addAlias(JsonNode created, List<String> codes) {
    if (created.path("customAlias").asBoolean(false) && created.path("code").isTextual()) {
      codes.add(created.path("code").asText());
    }
  }

  /** Asks every serving clone to drop {@code code} from its cache, waiting up to 2 s. */
  void evictEverywhere(String code) {
    Map<String, CompletableFuture<HttpResponse<Void>>> sent = new LinkedHashMap<>();
    for (CloneProcess clone : clones) {
      URI base = clone.base();
      if (base == null) {
        continue; // not serving: a clone starting again has an empty cache
      }
      sent.put(
          clone.id(),
          client.sendAsync(
              HttpRequest.newBuilder(URI.create(base + HttpApi.EVICT_PREFIX + code))
                  .timeout(EVICT_WAIT)
                  .header(HttpApi.GATEWAY_HEADER, secret)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding()));
    }
    long deadline = System.nanoTime() + EVICT_WAIT.toNanos();
    sent.forEach(
        (id, answer) -> {
          try {
            HttpResponse<Void> response =
                answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (response.statusCode() != 204) {
              LOG.warn("{} answered {} to the eviction of {}", id, response.statusCode(), code);
            }
          } catch (ExecutionException | TimeoutException e) {
            LOG.warn(
                "could not evict {} from {} ({}); it may redirect it until its cache TTL ends",
                code,
                id,
                e.toString());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  private void health(HttpServerExchange exchange) {
    LoadBalancerMetrics metrics = balancer.metrics();
    List<Map<String, @Nullable Object>> views = new ArrayList<>();
    int inRotation = 0;
    for (CloneProcess clone : clones) {
      NodeMetrics node = metrics.node(clone.id());
      TinyUrlCluster.CloneStatus status = clone.status();
      boolean serving = status.port() > 0 && node.healthy() && !node.ejected();
      if (serving) {
        inRotation++;
      }
      Map<String, @Nullable Object> view = new LinkedHashMap<>();
      view.put("id", clone.id());
      view.put("state", status.state());
      view.put("pid", status.pid());
      view.put("port", status.port() > 0 ? status.port() : null);
      view.put("restarts", status.restarts());
      view.put("healthy", node.healthy());
      view.put("ejected", node.ejected());
      view.put("inRotation", serving);
      view.put("inFlight", node.inFlight());
      view.put("successes", node.successes());
      view.put("failures", node.failures());
      view.put("peakEwmaMillis", node.peakEwmaNanos() / 1e6);
      views.add(view);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", inRotation == clones.size() ? "up" : inRotation > 0 ? "degraded" : "down");
    body.put("gateway", mode.optionValue());
    body.put("clones", views);
    body.put("retries", metrics.retries());
    body.put("retriesRejected", metrics.retriesRejected());
    body.put("ejections", metrics.ejections());
    sendJson(exchange, inRotation > 0 ? 200 : 503, body);
  }

  private void sendError(HttpServerExchange exchange, int status, String code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message);
    body.put("status", status);
    sendJson(exchange, status, body);
  }

  private void sendJson(HttpServerExchange exchange, int status, Object body) {
    HttpApi.sendJson(mapper, exchange, status, body);
  }

  /**
   * Stops the health checks and closes the pooled connections. The probe and eviction clients'
   * threads are daemons and end with their pools.
   */
  @Override
  public void close() {
    HealthChecker<CloneProcess> running = checker;
    if (running != null) {
      running.close();
    }
    connections.close();
  }
}
