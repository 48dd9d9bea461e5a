package io.github.scaleblocks.examples.tinyurl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.scaleblocks.caching.CacheAside;
import io.github.scaleblocks.caching.CacheAsideBuilder;
import io.github.scaleblocks.caching.CacheStats;
import io.github.scaleblocks.caching.redis.KeyCodec;
import io.github.scaleblocks.caching.redis.RedisSecondLevel;
import io.github.scaleblocks.caching.redis.ValueCodec;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.core.time.Ticker;
import io.github.scaleblocks.mapreduce.MapReduceEngine;
import io.lettuce.core.RedisURI;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.ResponseCodeHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running TinyURL service: the JSON API and the web page on Undertow, redirects read cache-aside
 * over URL records sharded across N databases.
 *
 * <pre>{@code
 * try (TinyUrlServer server = TinyUrlServer.builder().port(8080).dataDirectory(Path.of("data")).start()) {
 *   System.out.println(server.publicUrl() + " key " + server.developmentApiKey().orElseThrow());
 * }
 * }</pre>
 *
 * <p>Every redirect records a click event ({@link ClickEvents}: by default one in-memory enqueue,
 * written in batches by a consumer; see {@link ClickMode}); daily reports are computed from the
 * click log with MapReduce ({@link DailyReports}) on a schedule and on demand.
 *
 * <p>Thread-safe. {@link #close()} stops the listener, writes the queued clicks and the visits
 * counted in memory, and closes the cache and every database pool. Several servers over the same
 * databases behind a gateway: {@link TinyUrlCluster}. Its load generator is {@code
 * io.github.scaleblocks.examples.tinyurl.loadtest.LoadTest}.
 */
public final class TinyUrlServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TinyUrlServer.class);

  private final Undertow undertow;
  private final UrlStore store;
  private final CacheAside<String, CachedUrl> cache;
  private final VisitCounter visits;
  private final ScheduledExecutorService flusher;
  private final ClickEvents clicks;
  private final DailyReports reports;
  private final ClickStore clickStore;
  private final URI publicUrl;
  private final int port;
  private final @Nullable String developmentApiKey;

  private TinyUrlServer(
      Undertow undertow,
      UrlStore store,
      CacheAside<String, CachedUrl> cache,
      VisitCounter visits,
      ScheduledExecutorService flusher,
      ClickPipeline pipeline,
      URI publicUrl,
      int port,
      @Nullable String developmentApiKey) {
    this.undertow = undertow;
    this.store = store;
    this.cache = cache;
    this.visits = visits;
    this.flusher = flusher;
    this.clicks = pipeline.events();
    this.reports = pipeline.reports();
    this.clickStore = pipeline.store();
    this.publicUrl = publicUrl;
    this.port = port;
    this.developmentApiKey = developmentApiKey;
  }

  /** A builder with the embedded defaults: port 8080 on 127.0.0.1, 4 H2 shards under ./data. */
  public static Builder builder() {
    return new Builder();
  }

  /** The URL short links start with, without a trailing slash. */
  public URI publicUrl() {
    return publicUrl;
  }

  /** The port the server listens on (the real one when 0 was asked for). */
  public int port() {
    return port;
  }

  /** The generated API key when no key was configured; never stored anywhere but here. */
  public Optional<String> developmentApiKey() {
    return Optional.ofNullable(developmentApiKey);
  }

  /** The shard ids, in order ({@code shard-0} ...). */
  public List<String> shardIds() {
    return store.shards().stream().map(shard -> shard.id()).toList();
  }

  /** Statements sent to the databases so far (tests use it to see what a request cost). */
  long databaseStatements() {
    return store.statements();
  }

  /** Writes the visits counted in memory now, instead of at the next flush interval. */
  void flushVisits() throws java.sql.SQLException {
    visits.flush();
  }

  /**
   * Waits until every click recorded so far is written (in durable mode: and every durable batch
   * this process stored), up to {@code timeout}; whether it got there. Deterministic: woken by the
   * consumer, not polling.
   */
  boolean drainClicks(Duration timeout) throws InterruptedException {
    return clicks.drain(timeout);
  }

  /** Starts the click consumers left off by {@link Builder#startClickWriters}. */
  void startClickWriters() {
    clicks.startWriters();
  }

  /** Clicks dropped because the click queue was full. */
  long clicksDropped() {
    return clicks.dropped();
  }

  ClickStore clickStore() {
    return clickStore;
  }

  ClickEvents clickEvents() {
    return clicks;
  }

  DailyReports reports() {
    return reports;
  }

  /** The click store, its events and the daily reports, as started together. */
  record ClickPipeline(ClickStore store, ClickEvents events, DailyReports reports) {}

  /** The redirect cache's counters. */
  CacheStats cacheStats() {
    return cache.stats();
  }

  /**
   * Stops serving, writes the visits counted in memory, then closes the cache (and its Redis
   * connections) and every database pool. A failure to write the visits is logged at ERROR with
   * their number; they are then lost, as the database that should hold them is not answering.
   */
  @Override
  public void close() {
    try {
      undertow.stop();
      try {
        reports.close();
      } finally {
        clicks.close(); // writes (or, durable, stores) every queued click
      }
      flusher.shutdown();
      try {
        if (!flusher.awaitTermination(10, TimeUnit.SECONDS)) {
          LOG.warn("the visit flush did not finish within 10 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        visits.flush();
      } catch (java.sql.SQLException | RuntimeException e) {
        LOG.error(
            "could not write {} visits counted in memory at shutdown: {}",
            visits.pendingTotal(),
            e.toString());
      }
    } finally {
      try {
        cache.close();
      } finally {
        store.close();
      }
    }
  }

  /** Configures and starts a {@link TinyUrlServer}. Not thread-safe; reusable. */
  public static final class Builder {
    private int port = 8080;
    private String bindAddress = "127.0.0.1";
    private Path dataDirectory = Path.of("data");
    private int embeddedShards = 4;
    private final List<String> databases = new ArrayList<>();
    private int redirectStatus = 302;
    private @Nullable URI publicUrl;
    private boolean allowPrivateTargets;
    private final Set<String> apiKeyHashes = new LinkedHashSet<>();
    private long rateLimitBurst = 100;
    private double rateLimitPerSecond = 20;
    private int poolSizePerShard = 8;
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.system();
    private HostResolver hostResolver = HostResolver.system();
    private @Nullable URI redis;
    private String redisKeyPrefix = "tinyurl:urls:";
    private Duration cacheTtl = Duration.ofMinutes(1);
    private Duration negativeCacheTtl = Duration.ofSeconds(5);
    private long cacheSize = 100_000;
    private Duration visitFlushInterval = Duration.ofSeconds(5);
    private boolean redirectCache = true;
    private @Nullable String gatewaySecret;
    private ClickMode clickMode = ClickMode.QUEUED;
    private int clickQueueCapacity = 100_000;
    private int clickBatchSize = 1_000;
    private Duration clickBatchWait = Duration.ofMillis(200);
    private Duration clickFoldInterval = Duration.ofSeconds(5);
    private Duration reportInterval = Duration.ofMinutes(10);
    private boolean startClickEventWriter = true;
    private boolean startStoredClickWriter = true;

    private Builder() {}

    /** The port to listen on, 0 for any free port; default 8080. */
    public Builder port(int value) {
      if (value < 0 || value > 65_535) {
        throw new IllegalArgumentException("port must be 0 to 65535 but was " + value);
      }
      port = value;
      return this;
    }

    /** The address to listen on; default 127.0.0.1 (use 0.0.0.0 to serve other machines). */
    public Builder bindAddress(String value) {
      bindAddress = Checks.notNull(value, "bindAddress");
      return this;
    }

    /** Where the embedded H2 shard files go when no database is given; default {@code ./data}. */
    public Builder dataDirectory(Path value) {
      dataDirectory = Checks.notNull(value, "dataDirectory");
      return this;
    }

    /**
     * Adds a database shard by JDBC URL (PostgreSQL or H2), in order: the order decides which codes
     * live where, so keep it fixed. Without any, the embedded H2 shards are used.
     */
    public Builder database(String jdbcUrl) {
      Checks.notNull(jdbcUrl, "jdbcUrl");
      if (!jdbcUrl.startsWith("jdbc:")) {
        throw new IllegalArgumentException(
            "database must be a JDBC URL starting with jdbc: but was '"
                + UrlStore.redact(jdbcUrl)
                + "'");
      }
      if (databases.contains(jdbcUrl)) {
        throw new IllegalArgumentException(
            "database " + UrlStore.redact(jdbcUrl) + " was given twice");
      }
      databases.add(jdbcUrl);
      return this;
    }

    /** {@code 302} (default: every visit is counted) or {@code 301} (browsers cache it). */
    public Builder redirectStatus(int value) {
      if (value != 301 && value != 302) {
        throw new IllegalArgumentException("redirect status must be 301 or 302 but was " + value);
      }
      redirectStatus = value;
      return this;
    }

    /**
     * The URL short links start with, such as {@code https://sho.rt}; default {@code
     * http://localhost:<port>}. An http or https URL with no path, query or fragment.
     */
    public Builder publicUrl(URI value) {
      Checks.notNull(value, "publicUrl");
      String scheme = value.getScheme() == null ? "" : value.getScheme().toLowerCase(Locale.ROOT);
      String path = value.getRawPath() == null ? "" : value.getRawPath();
      if (!(scheme.equals("http") || scheme.equals("https"))
          || value.getHost() == null
          || !(path.isEmpty() || path.equals("/"))
          || value.getRawQuery() != null
          || value.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "public URL must be http(s)://host[:port] with no path but was " + value);
      }
      publicUrl = URI.create(value.toString().replaceAll("/$", ""));
      return this;
    }

    /** Accepts targets on private, loopback and link-local addresses (local testing only). */
    public Builder allowPrivateTargets(boolean value) {
      allowPrivateTargets = value;
      return this;
    }

    /** Accepts {@code key}; only its SHA-256 is kept. */
    public Builder apiKey(String key) {
      Checks.notNull(key, "apiKey");
      if (key.length() < 16) {
        throw new IllegalArgumentException(
            "an API key must have at least 16 characters but had " + key.length());
      }
      apiKeyHashes.add(ApiKeys.sha256Hex(key));
      return this;
    }

    /** Accepts the key whose SHA-256 (64 hex digits) is {@code sha256Hex}. */
    public Builder apiKeyHash(String sha256Hex) {
      Checks.notNull(sha256Hex, "apiKeyHash");
      if (!ApiKeys.isSha256Hex(sha256Hex)) {
        throw new IllegalArgumentException(
            "an API key hash must be 64 hex digits (SHA-256) but was '"
                + Errors.printable(sha256Hex)
                + "'");
      }
      apiKeyHashes.add(sha256Hex.toLowerCase(Locale.ROOT));
      return this;
    }

    /**
     * Per-client token bucket for {@code /api/*}: {@code burst} requests at once, refilled at
     * {@code perSecond}; default 100 and 20/s.
     */
    public Builder rateLimit(long burst, double perSecond) {
      Checks.positive(burst, "rate limit burst");
      Checks.positiveFinite(perSecond, "rate limit per second");
      rateLimitBurst = burst;
      rateLimitPerSecond = perSecond;
      return this;
    }

    /** Connections per database pool; default 8. */
    public Builder poolSizePerShard(int value) {
      poolSizePerShard = Checks.positive(value, "pool size per shard");
      return this;
    }

    /** Wall-clock time for creation and expiry; default UTC system clock. */
    public Builder clock(Clock value) {
      clock = Checks.notNull(value, "clock");
      return this;
    }

    /** Monotonic time for rate limits; default {@link Ticker#system()}. */
    public Builder ticker(Ticker value) {
      ticker = Checks.notNull(value, "ticker");
      return this;
    }

    /** Resolves target hosts for the private-address check; default the JVM's resolver. */
    public Builder hostResolver(HostResolver value) {
      hostResolver = Checks.notNull(value, "hostResolver");
      return this;
    }

    /**
     * A Redis server ({@code redis://host:port}) shared by every clone as the redirect cache's
     * second level: a delete on one clone evicts the code from the others' in-process caches.
     * Without it each clone caches alone and sees another clone's delete after {@link #cacheTtl}.
     */
    public Builder redis(URI value) {
      Checks.notNull(value, "redis");
      String scheme = value.getScheme() == null ? "" : value.getScheme();
      if (!(scheme.equals("redis") || scheme.equals("rediss")) || value.getHost() == null) {
        throw new IllegalArgumentException(
            "redis must be a redis://host:port or rediss://host:port URI but was " + value);
      }
      redis = value;
      return this;
    }

    /**
     * The prefix of this service's Redis keys and invalidation channel; default {@code
     * tinyurl:urls:}. Clones sharing a cache tier must use the same.
     */
    public Builder redisKeyPrefix(String value) {
      Checks.notNull(value, "redisKeyPrefix");
      Checks.argument(!value.isEmpty(), "redisKeyPrefix must not be empty");
      redisKeyPrefix = value;
      return this;
    }

    /**
     * How long a clone serves a link from its in-process cache before reading it again; default 1
     * minute. Expiry is checked on every redirect regardless; this bounds how long a link deleted
     * through another clone keeps redirecting here when no Redis tier spreads the invalidation.
     */
    public Builder cacheTtl(Duration value) {
      cacheTtl = Checks.positive(value, "cacheTtl");
      return this;
    }

    /**
     * How long an unknown code is remembered as unknown; default 5 seconds. A flood of unknown
     * codes then reaches the databases once per code per period. Creating the code clears it.
     */
    public Builder negativeCacheTtl(Duration value) {
      negativeCacheTtl = Checks.positive(value, "negativeCacheTtl");
      return this;
    }

    /** Links (and unknown codes) held in each clone's in-process cache; default 100,000. */
    public Builder cacheSize(long value) {
      cacheSize = Checks.positive(value, "cacheSize");
      return this;
    }

    /**
     * How often visits of links without a visit limit, counted in memory, are written to the
     * databases; default 5 seconds (each flush updates one row per code visited since the last, so
     * a longer interval merges a busy code's visits into one update; a crash loses up to this
     * interval's visits). {@code close()} writes the rest.
     */
    public Builder visitFlushInterval(Duration value) {
      visitFlushInterval = Checks.positive(value, "visitFlushInterval");
      return this;
    }

    /**
     * Whether redirects read links through the cache (default {@code true}). {@code false} makes
     * every redirect read its shard, the database read path before the cache, so a load test can
     * compare the two; creates, deletes and visit counting are unchanged.
     */
    public Builder redirectCache(boolean value) {
      redirectCache = value;
      return this;
    }

    /**
     * How redirects record clicks; default {@link ClickMode#QUEUED}. {@link ClickMode#DURABLE}
     * keeps the durable queue in {@code <data>/click-queue.mv.db} with the embedded shards, or in
     * the first database given with {@link #database}.
     */
    public Builder clickMode(ClickMode value) {
      clickMode = Checks.notNull(value, "clickMode");
      return this;
    }

    /**
     * Makes this server a clone behind the cluster gateway: requests carrying {@code secret} in the
     * gateway header are trusted for {@code X-Forwarded-For} (rate limits per real client) and may
     * evict a code from the cache (see {@link HttpApi}). Set by {@link CloneMain} only.
     */
    Builder gatewaySecret(String secret) {
      Checks.notNull(secret, "gatewaySecret");
      Checks.argument(secret.length() >= 16, "the gateway secret must have 16 characters or more");
      gatewaySecret = secret;
      return this;
    }

    /**
     * Clicks that may wait in memory to be written; past it a redirect drops its click (counted)
     * instead of waiting; default 100,000.
     */
    public Builder clickQueueCapacity(int value) {
      clickQueueCapacity = Checks.positive(value, "clickQueueCapacity");
      return this;
    }

    /**
     * The click consumer's batches: up to {@code size} clicks, or those that arrived within {@code
     * wait} after the first; default 1,000 and 200 ms.
     */
    public Builder clickBatch(int size, Duration wait) {
      clickBatchSize = Checks.positive(size, "click batch size");
      clickBatchWait = Checks.notNegative(wait, "click batch wait");
      return this;
    }

    /**
     * How often the per-day click counts (what the stats read) are folded from the click log;
     * default 5 seconds. Longer folds merge more batches of a busy code into one counts update
     * (less database work per click) and make the stats lag the redirects by that much more.
     */
    public Builder clickFoldInterval(Duration value) {
      clickFoldInterval = Checks.positive(value, "clickFoldInterval");
      return this;
    }

    /**
     * How often the daily report of today is computed (and yesterday's once after midnight);
     * default 10 minutes; {@link Duration#ZERO} turns the schedule off (reports still run on
     * demand).
     */
    public Builder reportInterval(Duration value) {
      reportInterval = Checks.notNegative(value, "reportInterval");
      return this;
    }

    /**
     * Whether the click consumers start with the server (default true for both): tests leave the
     * in-memory one ({@code events}) or the durable one ({@code stored}) off to see what waits.
     */
    Builder startClickWriters(boolean events, boolean stored) {
      startClickEventWriter = events;
      startStoredClickWriter = stored;
      return this;
    }

    /**
     * Opens (and creates where missing) the databases, binds the port and starts serving. Fails
     * with the reason when a database cannot be opened or the port is taken.
     */
    public TinyUrlServer start() {
      List<String> urls = databases.isEmpty() ? embeddedUrls() : List.copyOf(databases);
      SecureRandom random = new SecureRandom();
      String developmentKey = null;
      Set<String> hashes = new LinkedHashSet<>(apiKeyHashes);
      if (hashes.isEmpty()) {
        developmentKey = ApiKeys.generate(random);
        hashes.add(ApiKeys.sha256Hex(developmentKey));
      }
      UrlStore store = UrlStore.open(urls, poolSizePerShard);
      CacheAside<String, CachedUrl> cache;
      try {
        cache = cache(store);
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
      ClickPipeline pipeline;
      try {
        pipeline = clickPipeline(store);
      } catch (RuntimeException e) {
        cache.close();
        store.close();
        throw e;
      }
      VisitCounter visits = new VisitCounter(store);
      ScheduledExecutorService flusher =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "tinyurl-visit-flush");
                thread.setDaemon(true);
                return thread;
              });
      long flushMillis = Math.max(1, visitFlushInterval.toMillis());
      var unused =
          flusher.scheduleWithFixedDelay(
              visits::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
      AtomicReference<HttpHandler> handler = new AtomicReference<>(ResponseCodeHandler.HANDLE_404);
      Undertow undertow =
          Undertow.builder()
              .addHttpListener(port, bindAddress)
              .setHandler(
                  exchange ->
                      java.util.Objects.requireNonNull(handler.get()).handleRequest(exchange))
              .build();
      try {
        undertow.start();
        int boundPort =
            ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        URI url = publicUrl != null ? publicUrl : URI.create("http://localhost:" + boundPort);
        TargetPolicy targets = new TargetPolicy(url, boundPort, allowPrivateTargets, hostResolver);
        UrlService service =
            new UrlService(
                store, cache, visits, new ShortCodes(random), targets, clock, url, redirectCache);
        handler.set(
            new HttpApi(
                service,
                store,
                new ApiKeys(hashes),
                new RateLimiter(rateLimitBurst, rateLimitPerSecond, ticker),
                redirectStatus,
                openApiDocument(url),
                pipeline.events(),
                new ClickAnalytics(pipeline.store(), pipeline.reports()),
                gatewaySecret));
        return new TinyUrlServer(
            undertow, store, cache, visits, flusher, pipeline, url, boundPort, developmentKey);
      } catch (RuntimeException e) {
        undertow.stop();
        flusher.shutdownNow();
        pipeline.reports().close();
        pipeline.events().close();
        cache.close();
        store.close();
        throw e;
      }
    }

    private ClickPipeline clickPipeline(UrlStore store) {
      ClickStore clickStore = ClickStore.open(store);
      Path durableFile =
          databases.isEmpty()
              ? dataDirectory.toAbsolutePath().normalize().resolve("click-queue")
              : null;
      ClickEvents events =
          ClickEvents.open(
              clickMode,
              clickStore,
              clock,
              clickQueueCapacity,
              clickBatchSize,
              clickBatchWait,
              clickFoldInterval,
              durableFile,
              store.shards().get(0).payload());
      DailyReports reports;
      try {
        reports =
            new DailyReports(
                clickStore,
                clock,
                MapReduceEngine.builder().parallelism(2).maxAttempts(2).build(),
                reportInterval);
      } catch (RuntimeException e) {
        events.close();
        throw e;
      }
      events.startWriters(startClickEventWriter, startStoredClickWriter);
      return new ClickPipeline(clickStore, events, reports);
    }

    private CacheAside<String, CachedUrl> cache(UrlStore store) {
      CacheAsideBuilder<String, CachedUrl> builder =
          CacheAside.<String, CachedUrl>builder(
                  code -> store.find(code).map(CachedUrl::of).orElse(null))
              .maximumSize(cacheSize)
              .expireAfterWrite(cacheTtl)
              // links created (or first followed) together would otherwise expire together, and
              // their reloads arrive as one burst of misses: spread them over the last 20 %
              .ttlJitter(0.2)
              .negativeTtl(negativeCacheTtl)
              .ticker(ticker);
      URI redisUri = redis;
      if (redisUri != null) {
        builder.secondLevel(
            RedisSecondLevel.builder(
                    KeyCodec.strings(), ValueCodec.text(CachedUrl::encode, CachedUrl::decode))
                .redis(RedisURI.create(redisUri.toString()))
                .keyPrefix(redisKeyPrefix)
                // a load racing a delete elsewhere can refill Redis with the deleted link: the
                // same TTL as in process bounds that window
                .ttl(cacheTtl)
                .build());
      }
      return builder.build();
    }

    private List<String> embeddedUrls() {
      Path directory = dataDirectory.toAbsolutePath().normalize();
      try {
        Files.createDirectories(directory);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the data directory " + directory, e);
      }
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < embeddedShards; i++) {
        // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the database under ours,
        // which still writes queued clicks and counted visits (closing the pools closes it)
        urls.add("jdbc:h2:file:" + directory.resolve("shard-" + i) + ";DB_CLOSE_ON_EXIT=FALSE");
      }
      return urls;
    }

    private static byte[] openApiDocument(URI publicUrl) {
      try (InputStream in = TinyUrlServer.class.getResourceAsStream("openapi.json")) {
        if (in == null) {
          throw new IllegalStateException("openapi.json is missing from the jar");
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode document = (ObjectNode) mapper.readTree(in);
        document.putArray("servers").addObject().put("url", publicUrl.toString());
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read openapi.json", e);
      }
    }
  }
}
