package io.github.scaleblocks.examples.tinyurl;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API on Undertow: routing, API keys, rate limits, JSON in and out, and the mapping of
 * every failure to a status with a JSON error body. A redirect of a cached, live link without a
 * visit limit is answered on the I/O thread that read it ({@link UrlService#redirectIfCached}: no
 * database, no wait); every other request runs on Undertow's worker threads (JDBC blocks). No
 * response ever carries a stack trace: unexpected failures are logged and answered with a generic
 * 500, database failures with a 503.
 *
 * <p>A redirect records its click with {@link ClickEvents#record} after the target is known: in the
 * default mode one in-memory enqueue, no database. The click endpoints ({@code /stats?days=},
 * {@code /api/top}, {@code /api/reports/{day}}) are answered by {@link ClickAnalytics}.
 *
 * <p>Rate limits apply to {@code /api/*}, keyed by the API key's hash when a valid key is sent and
 * by the client's IP address otherwise. Redirects are not limited here: they are the read path
 * meant to run at full speed (codes are random, so a client gains nothing by scanning them).
 *
 * <p>Behind the cluster gateway ({@link TinyUrlCluster}) a clone is given the gateway's secret. A
 * request carrying it in {@value #GATEWAY_HEADER} comes from the gateway: its client is the last
 * address of {@code X-Forwarded-For} (the peer the gateway saw; earlier entries are the client's
 * own claims and are ignored), and it may use {@code POST /_cluster/evict/{code}}, which drops a
 * code from this clone's cache after a delete through another clone. Without the secret that route
 * answers 404 like any unknown path, and {@code X-Forwarded-For} is ignored.
 */
final class HttpApi implements HttpHandler {
  static final int MAX_BODY_BYTES = 256 * 1024;
  static final int MAX_BULK = 100;
  static final String API_KEY_HEADER = "X-API-Key";

  /** Carries the gateway's secret from the cluster gateway to its clones. */
  static final String GATEWAY_HEADER = "X-TinyUrl-Gateway";

  /** The clones' internal route (not in the API document): {@code POST /_cluster/evict/{code}}. */
  static final String EVICT_PREFIX = "/_cluster/evict/";

  /** Every route, as {@code METHOD /path}; the OpenAPI document describes exactly these. */
  static final List<String> ROUTES =
      List.of(
          "POST /api/urls",
          "POST /api/urls/bulk",
          "GET /api/urls/{code}",
          "DELETE /api/urls/{code}",
          "GET /api/urls/{code}/stats",
          "GET /api/top",
          "GET /api/reports/{day}",
          "POST /api/reports/{day}",
          "GET /healthz",
          "GET /openapi.json",
          "GET /{code}");

  /** The web page and its files, served from resources; not part of the API document. */
  static final Map<String, String> PAGE_FILES =
      Map.of(
          "/", "web/index.html",
          "/static/app.js", "web/app.js",
          "/static/app.css", "web/app.css");

  /** Same origin only: the page loads nothing from elsewhere and runs no inline script. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
          + " frame-ancestors 'none'; form-action 'self'";

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final HttpString CSP = new HttpString("Content-Security-Policy");
  private static final HttpString RATE_LIMIT_LIMIT = new HttpString("RateLimit-Limit");
  private static final HttpString RATE_LIMIT_REMAINING = new HttpString("RateLimit-Remaining");
  private static final HttpString RATE_LIMIT_RESET = new HttpString("RateLimit-Reset");
  private static final HttpString NOSNIFF = new HttpString("X-Content-Type-Options");

  private final UrlService service;
  private final UrlStore store;
  private final ClickEvents clicks;
  private final ClickAnalytics analytics;
  private final ApiKeys keys;
  private final RateLimiter limiter;
  private final int redirectStatus;
  private final byte[] openApi;
  private final ObjectMapper mapper;
  private final Map<String, PageFile> pageFiles;
  private final byte @Nullable [] gatewaySecret;

  HttpApi(
      UrlService service,
      UrlStore store,
      ApiKeys keys,
      RateLimiter limiter,
      int redirectStatus,
      byte[] openApi,
      ClickEvents clicks,
      ClickAnalytics analytics,
      @Nullable String gatewaySecret) {
    this.gatewaySecret =
        gatewaySecret == null ? null : gatewaySecret.getBytes(StandardCharsets.UTF_8);
    this.service = service;
    this.store = store;
    this.clicks = clicks;
    this.analytics = analytics;
    this.keys = keys;
    this.limiter = limiter;
    this.redirectStatus = redirectStatus;
    this.openApi = openApi.clone();
    this.mapper =
        new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    Map<String, PageFile> files = new LinkedHashMap<>();
    PAGE_FILES.forEach((path, resource) -> files.put(path, PageFile.load(resource)));
    this.pageFiles = Map.copyOf(files);
  }

  /** A file of the web page with its media type. */
  private static final class PageFile {
    private final String contentType;
    private final byte[] bytes;

    private PageFile(String contentType, byte[] bytes) {
      this.contentType = contentType;
      this.bytes = bytes;
    }

    String contentType() {
      return contentType;
    }

    ByteBuffer bytes() {
      return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    static PageFile load(String resource) {
      try (InputStream in = HttpApi.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(resource + " is missing from the jar");
        }
        String type =
            resource.endsWith(".html")
                ? "text/html; charset=utf-8"
                : resource.endsWith(".js")
                    ? "text/javascript; charset=utf-8"
                    : "text/css; charset=utf-8";
        return new PageFile(type, in.readAllBytes());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot read " + resource, e);
      }
    }
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      if (!redirectFromCache(exchange)) {
        exchange.dispatch(this);
      }
      return;
    }
    exchange.startBlocking();
    try {
      route(exchange);
    } catch (ApiException e) {
      sendError(exchange, e);
    } catch (SQLException e) {
      LOG.warn(
          "database failure on {} {}: {}",
          exchange.getRequestMethod(),
          exchange.getRequestPath(),
          e.toString());
      sendError(
          exchange,
          new ApiException(
              503, "database_unavailable", "a database shard failed; try again later"));
    } catch (RuntimeException | IOException e) {
      LOG.error(
          "unexpected failure on {} {}", exchange.getRequestMethod(), exchange.getRequestPath(), e);
      sendError(
          exchange,
          new ApiException(
              500, "internal_error", "internal error; the server log has the details"));
    }
  }

  private void route(HttpServerExchange exchange) throws SQLException, IOException {
    String path = exchange.getRequestPath();
    PageFile page = pageFiles.get(path);
    if (page != null) {
      allow(exchange, Methods.GET);
      var headers = exchange.getResponseHeaders();
      headers.put(Headers.CONTENT_TYPE, page.contentType());
      headers.put(NOSNIFF, "nosniff");
      headers.put(CSP, CONTENT_SECURITY_POLICY);
      headers.put(Headers.CACHE_CONTROL, "no-cache");
      exchange.getResponseSender().send(page.bytes());
      return;
    }
    switch (path) {
      case "/api/urls" -> {
        allow(exchange, Methods.POST);
        create(exchange);
        return;
      }
      case "/api/urls/bulk" -> {
        allow(exchange, Methods.POST);
        bulk(exchange);
        return;
      }
      case "/api/top" -> {
        allow(exchange, Methods.GET);
        limit(exchange, authenticatedKey(exchange), 1);
        sendJson(exchange, 200, analytics.top(exchange.getQueryParameters()));
        return;
      }
      case "/healthz" -> {
        allow(exchange, Methods.GET);
        health(exchange);
        return;
      }
      case "/openapi.json" -> {
        allow(exchange, Methods.GET);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getResponseSender().send(ByteBuffer.wrap(openApi));
        return;
      }
      default -> {}
    }
    if (path.startsWith(EVICT_PREFIX) && fromGateway(exchange)) {
      allow(exchange, Methods.POST);
      service.evict(knownShape(path.substring(EVICT_PREFIX.length())));
      exchange.setStatusCode(204);
      exchange.endExchange();
      return;
    }
    String[] parts = path.split("/", -1);
    if (parts.length == 4 && parts[1].equals("api") && parts[2].equals("urls")) {
      allow(exchange, Methods.GET, Methods.DELETE);
      String code = knownShape(parts[3]);
      if (exchange.getRequestMethod().equals(Methods.GET)) {
        limit(exchange, authenticatedKey(exchange), 1);
        sendJson(exchange, 200, service.metadata(code));
      } else {
        delete(exchange, code);
      }
      return;
    }
    if (parts.length == 5
        && parts[1].equals("api")
        && parts[2].equals("urls")
        && parts[4].equals("stats")) {
      allow(exchange, Methods.GET);
      String code = knownShape(parts[3]);
      limit(exchange, authenticatedKey(exchange), 1);
      int days = analytics.days(exchange.getQueryParameters());
      sendJson(exchange, 200, analytics.stats(service.stats(code), days));
      return;
    }
    if (parts.length == 4 && parts[1].equals("api") && parts[2].equals("reports")) {
      allow(exchange, Methods.GET, Methods.POST);
      String owner = authenticatedKey(exchange);
      limit(exchange, owner, 1);
      if (exchange.getRequestMethod().equals(Methods.POST)) {
        requireKey(exchange, owner);
        sendJson(exchange, 200, analytics.runReport(parts[3], exchange.getQueryParameters()));
      } else {
        sendJson(exchange, 200, analytics.storedReport(parts[3], exchange.getQueryParameters()));
      }
      return;
    }
    if (parts.length == 2 && !parts[1].isEmpty() && !parts[1].equals("api")) {
      allow(exchange, Methods.GET);
      redirect(exchange, knownShape(parts[1]));
      return;
    }
    throw new ApiException(404, "not_found", "no such path: " + Errors.printable(path));
  }

  private void create(HttpServerExchange exchange) throws SQLException, IOException {
    String owner = authenticatedKey(exchange);
    limit(exchange, owner, 1);
    String ownerHash = requireKey(exchange, owner);
    CreateRequest request = service.validate(CreateRequest.parse(readJson(exchange), ""), "");
    UrlService.UrlView view = service.create(request, ownerHash);
    exchange
        .getResponseHeaders()
        .put(Headers.LOCATION, service.publicUrl() + "/api/urls/" + view.code());
    sendJson(exchange, 201, view);
  }

  private void bulk(HttpServerExchange exchange) throws SQLException, IOException {
    String owner = authenticatedKey(exchange);
    limit(exchange, owner, 1);
    String ownerHash = requireKey(exchange, owner);
    JsonNode body = readJson(exchange);
    if (!body.isObject()) {
      throw ApiException.badRequest("invalid_json", "the body must be a JSON object");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("urls")) {
        throw ApiException.badRequest(
            "unknown_field",
            "unknown field '" + Errors.printable(name) + "'; the only field is urls");
      }
    }
    JsonNode urls = body.get("urls");
    if (urls == null || urls.isNull()) {
      throw ApiException.badRequest("missing_urls", "field 'urls' is required");
    }
    if (!urls.isArray()) {
      throw ApiException.badRequest(
          "wrong_type", "field 'urls' must be an array but was " + CreateRequest.typeName(urls));
    }
    if (urls.isEmpty() || urls.size() > MAX_BULK) {
      throw ApiException.badRequest(
          "invalid_bulk_size",
          "field 'urls' must hold 1 to " + MAX_BULK + " items but held " + urls.size());
    }
    List<CreateRequest> requests = new ArrayList<>(urls.size());
    for (int i = 0; i < urls.size(); i++) {
      String where = "urls[" + i + "].";
      requests.add(service.validate(CreateRequest.parse(urls.get(i), where), where));
    }
    if (requests.size() > 1) {
      // each item is a create: the first token was taken above
      limit(exchange, owner, requests.size() - 1);
    }
    List<UrlService.BulkItem> results = service.createAll(requests, ownerHash);
    boolean allCreated = results.stream().allMatch(item -> item.created() != null);
    sendJson(exchange, allCreated ? 201 : 207, Map.of("results", results));
  }

  private void delete(HttpServerExchange exchange, String code) throws SQLException {
    String owner = authenticatedKey(exchange);
    limit(exchange, owner, 1);
    service.delete(code, requireKey(exchange, owner));
    exchange.setStatusCode(204);
    exchange.endExchange();
  }

  /** Answers a cached redirect on the I/O thread; {@code false} when the request needs more. */
  private boolean redirectFromCache(HttpServerExchange exchange) {
    if (!exchange.getRequestMethod().equals(Methods.GET) || clicks.mode() == ClickMode.SYNC) {
      // sync clicks write in the redirect: that blocks, so it runs on a worker thread
      return false;
    }
    String code = ShortCodes.codeOfPath(exchange.getRequestPath());
    if (code == null) {
      return false;
    }
    String target = service.redirectIfCached(code);
    if (target == null) {
      return false;
    }
    var headers = exchange.getRequestHeaders();
    clicks.enqueue(code, headers.getFirst(Headers.REFERER), headers.getFirst(Headers.USER_AGENT));
    sendRedirect(exchange, target);
    return true;
  }

  private void redirect(HttpServerExchange exchange, String code) throws SQLException {
    String target = service.redirect(code);
    recordClick(exchange, code);
    sendRedirect(exchange, target);
  }

  /** Records the click off the critical path: one in-memory enqueue (see ClickEvents). */
  private void recordClick(HttpServerExchange exchange, String code) throws SQLException {
    // headers are parsed later, by the consumer
    var headers = exchange.getRequestHeaders();
    clicks.record(code, headers.getFirst(Headers.REFERER), headers.getFirst(Headers.USER_AGENT));
  }

  private void sendRedirect(HttpServerExchange exchange, String target) {
    exchange.setStatusCode(redirectStatus);
    exchange.getResponseHeaders().put(Headers.LOCATION, target);
    if (redirectStatus == 302) {
      // every visit must come back here to be counted and to see expiry and visit limits
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "private, no-store");
    }
    exchange.endExchange();
  }

  private void health(HttpServerExchange exchange) {
    List<UrlStore.ShardHealth> shards = store.health();
    boolean up = shards.stream().allMatch(shard -> shard.problem() == null);
    List<Map<String, String>> shardViews = new ArrayList<>();
    for (UrlStore.ShardHealth shard : shards) {
      Map<String, String> view = new LinkedHashMap<>();
      view.put("id", shard.id());
      view.put("status", shard.problem() == null ? "up" : "down");
      if (shard.problem() != null) {
        view.put("problem", shard.problem());
      }
      shardViews.add(view);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "up" : "down");
    body.put("shards", shardViews);
    sendJson(exchange, up ? 200 : 503, body);
  }

  /** {@code code} when it could name a short URL; otherwise 404 without asking a database. */
  private static String knownShape(String code) {
    if (!ShortCodes.isWellFormed(code) || ShortCodes.isReserved(code)) {
      throw ApiException.notFound(Errors.printable(code));
    }
    return code;
  }

  private static void allow(HttpServerExchange exchange, HttpString... methods) {
    HttpString method = exchange.getRequestMethod();
    for (HttpString allowed : methods) {
      if (allowed.equals(method)) {
        return;
      }
    }
    List<String> names = new ArrayList<>();
    for (HttpString allowed : methods) {
      names.add(allowed.toString());
    }
    String allow = String.join(", ", names);
    throw new ApiException(
        405,
        "method_not_allowed",
        method + " is not allowed on " + exchange.getRequestPath() + "; allowed: " + allow,
        Map.of("Allow", allow));
  }

  /** The owner hash of the request's API key when the key is valid, else {@code null}. */
  private @Nullable String authenticatedKey(HttpServerExchange exchange) {
    return keys.authenticate(exchange.getRequestHeaders().getFirst(API_KEY_HEADER));
  }

  private static String requireKey(HttpServerExchange exchange, @Nullable String ownerHash) {
    if (ownerHash != null) {
      return ownerHash;
    }
    String sent = exchange.getRequestHeaders().getFirst(API_KEY_HEADER);
    if (sent == null || sent.isEmpty()) {
      throw new ApiException(
          401,
          "missing_api_key",
          "this request needs an API key in the " + API_KEY_HEADER + " header");
    }
    throw new ApiException(401, "invalid_api_key", "the API key is not valid");
  }

  /** Whether the request carries the gateway's secret (never true without one configured). */
  private boolean fromGateway(HttpServerExchange exchange) {
    byte[] secret = gatewaySecret;
    if (secret == null) {
      return false;
    }
    String sent = exchange.getRequestHeaders().getFirst(GATEWAY_HEADER);
    return sent != null && MessageDigest.isEqual(secret, sent.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The client's IP address: the last {@code X-Forwarded-For} entry on a request from the gateway
   * (the address the gateway itself saw), else the connection's peer.
   */
  private String clientAddress(HttpServerExchange exchange) {
    if (fromGateway(exchange)) {
      String forwarded = exchange.getRequestHeaders().getLast(Headers.X_FORWARDED_FOR);
      if (forwarded != null) {
        String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).strip();
        if (!last.isEmpty()) {
          return last;
        }
      }
    }
    return exchange.getSourceAddress().getAddress().getHostAddress();
  }

  private void limit(HttpServerExchange exchange, @Nullable String ownerHash, long cost) {
    String client = ownerHash != null ? "key:" + ownerHash : "ip:" + clientAddress(exchange);
    RateLimiter.Decision decision = limiter.acquire(client, cost);
    var headers = exchange.getResponseHeaders();
    headers.put(RATE_LIMIT_LIMIT, decision.limit());
    headers.put(RATE_LIMIT_REMAINING, decision.remaining());
    headers.put(RATE_LIMIT_RESET, decision.resetSeconds());
    if (!decision.allowed()) {
      throw new ApiException(
          429,
          "rate_limited",
          "too many requests; retry in " + decision.retryAfter() + " s",
          Map.of("Retry-After", Long.toString(decision.retryAfter())));
    }
  }

  private JsonNode readJson(HttpServerExchange exchange) throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/json")) {
      throw new ApiException(
          415,
          "unsupported_media_type",
          "the body must be JSON sent as Content-Type: application/json but the Content-Type was "
              + (contentType == null ? "missing" : "'" + Errors.printable(contentType) + "'"));
    }
    long declared = exchange.getRequestContentLength();
    if (declared > MAX_BODY_BYTES) {
      throw tooLarge(declared + " bytes");
    }
    byte[] body;
    try (InputStream in = exchange.getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      throw tooLarge("more than " + MAX_BODY_BYTES + " bytes");
    }
    if (body.length == 0) {
      throw ApiException.badRequest("invalid_json", "the body is empty; send a JSON object");
    }
    try {
      JsonNode node = mapper.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ApiException.badRequest("invalid_json", "the body is empty; send a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw ApiException.badRequest(
          "invalid_json",
          "malformed JSON" + where + ": " + Errors.printable(e.getOriginalMessage()));
    }
  }

  private static ApiException tooLarge(String size) {
    return new ApiException(
        413,
        "body_too_large",
        "the body has " + size + " but at most " + MAX_BODY_BYTES + " bytes are accepted");
  }

  private void sendJson(HttpServerExchange exchange, int status, Object body) {
    sendJson(mapper, exchange, status, body);
  }

  /**
   * Answers {@code status} with {@code body} as JSON, not cached and not sniffed: the one way this
   * example writes a JSON answer (the API's and the cluster gateway's alike).
   */
  static void sendJson(ObjectMapper mapper, HttpServerExchange exchange, int status, Object body) {
    byte[] json;
    try {
      json = mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a response of " + body.getClass(), e);
    }
    exchange.setStatusCode(status);
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
    headers.put(NOSNIFF, "nosniff");
    headers.put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(ByteBuffer.wrap(json));
  }

  private void sendError(HttpServerExchange exchange, ApiException error) {
    if (exchange.isResponseStarted()) {
      LOG.warn(
          "cannot answer {} after the response started: {}", error.status(), error.getMessage());
      exchange.endExchange();
      return;
    }
    exchange.getResponseHeaders().remove(Headers.LOCATION);
    for (Map.Entry<String, String> header : error.headers().entrySet()) {
      exchange.getResponseHeaders().put(new HttpString(header.getKey()), header.getValue());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error.code());
    body.put("message", error.getMessage());
    body.put("status", error.status());
    sendJson(exchange, error.status(), body);
  }
}
