package io.github.scaleblocks.caching;

import io.github.scaleblocks.caching.spi.BulkLoader;
import io.github.scaleblocks.caching.spi.CacheWriter;
import io.github.scaleblocks.caching.spi.Loader;
import io.github.scaleblocks.caching.spi.SecondLevel;
import io.github.scaleblocks.core.event.EventListener;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.core.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.ToIntBiFunction;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link CacheAside}; obtained from {@link CacheAside#builder}. Each setting may be
 * given once; a second call fails naming the value already set. {@link #build()} copies the
 * configuration, so a builder can be reused.
 *
 * <p>Defaults: unbounded, no TTL, no negative caching (absent keys are reloaded each time), no
 * refresh-ahead, no stale windows, no loader timeout, {@link Ticker#system()}, loads on a cached
 * pool of daemon threads owned (and shut down) by the cache.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class CacheAsideBuilder<K, V> {
  private final Loader<K, V> loader;
  private @Nullable BulkLoader<K, V> bulkLoader;
  private long maximumSize = -1;
  private long maximumWeight = -1;
  private @Nullable ToIntBiFunction<? super K, ? super V> weigher;
  private @Nullable Duration expireAfterWrite;
  private double ttlJitter = -1;
  private @Nullable Duration negativeTtl;
  private @Nullable Duration refreshAfterWrite;
  private double earlyRefreshBeta = -1;
  private @Nullable Duration staleWhileRevalidate;
  private @Nullable Duration staleIfError;
  private @Nullable Duration loaderTimeout;
  private @Nullable CacheWriter<K, V> writer;
  private boolean writeBehind;
  private int writeBehindBatchSize = 100;
  private @Nullable SecondLevel<K, V> secondLevel;
  private @Nullable Ticker ticker;
  private @Nullable Executor executor;
  private @Nullable Executor maintenanceExecutor;
  private @Nullable RandomGenerator random;
  private final List<EventListener<? super CacheEvent>> listeners = new ArrayList<>();
  private boolean countHits;

  CacheAsideBuilder(Loader<K, V> loader) {
    this.loader = Checks.notNull(loader, "loader");
  }

  /**
   * Loads {@link CacheAside#getAll} misses in one call instead of one {@link Loader} call per key.
   */
  public CacheAsideBuilder<K, V> bulkLoader(BulkLoader<K, V> bulkLoader) {
    Checks.notNull(bulkLoader, "bulkLoader");
    Checks.setOnce(this.bulkLoader == null, "bulkLoader", this.bulkLoader);
    this.bulkLoader = bulkLoader;
    return this;
  }

  /** Bounds the number of entries (absent markers included); Caffeine's W-TinyLFU evicts. */
  public CacheAsideBuilder<K, V> maximumSize(long maximumSize) {
    Checks.notNegative(maximumSize, "maximumSize");
    Checks.setOnce(this.maximumSize < 0, "maximumSize", this.maximumSize);
    Checks.argument(
        maximumWeight < 0, "maximumSize and maximumWeight exclude each other: weight already set");
    this.maximumSize = maximumSize;
    return this;
  }

  /**
   * Bounds the total weight of the entries; {@code weigher} gives a value's weight (an absent
   * marker weighs 1).
   */
  public CacheAsideBuilder<K, V> maximumWeight(
      long maximumWeight, ToIntBiFunction<? super K, ? super V> weigher) {
    Checks.notNegative(maximumWeight, "maximumWeight");
    Checks.notNull(weigher, "weigher");
    Checks.setOnce(this.maximumWeight < 0, "maximumWeight", this.maximumWeight);
    Checks.argument(
        maximumSize < 0, "maximumSize and maximumWeight exclude each other: size already set");
    this.maximumWeight = maximumWeight;
    this.weigher = weigher;
    return this;
  }

  /** A value is fresh for {@code ttl} after it was loaded or put. */
  public CacheAsideBuilder<K, V> expireAfterWrite(Duration ttl) {
    Checks.positive(ttl, "expireAfterWrite");
    Checks.setOnce(expireAfterWrite == null, "expireAfterWrite", expireAfterWrite);
    this.expireAfterWrite = ttl;
    return this;
  }

  /**
   * Spreads expiries: each value's TTL is drawn uniformly from {@code [ttl × (1 − jitter), ttl]},
   * so keys loaded together do not expire together. {@code jitter} is in [0, 1).
   */
  public CacheAsideBuilder<K, V> ttlJitter(double jitter) {
    Checks.argument(jitter >= 0 && jitter < 1, "ttlJitter must be in [0, 1) but was " + jitter);
    Checks.setOnce(ttlJitter < 0, "ttlJitter", ttlJitter);
    this.ttlJitter = jitter;
    return this;
  }

  /** Remembers that a key is absent for {@code ttl} (negative caching); off by default. */
  public CacheAsideBuilder<K, V> negativeTtl(Duration ttl) {
    Checks.positive(ttl, "negativeTtl");
    Checks.setOnce(negativeTtl == null, "negativeTtl", negativeTtl);
    this.negativeTtl = ttl;
    return this;
  }

  /**
   * Reloads a value in the background on the first read at least {@code interval} after it was
   * written, serving the current value meanwhile. Must be shorter than the TTL to matter.
   */
  public CacheAsideBuilder<K, V> refreshAfterWrite(Duration interval) {
    Checks.positive(interval, "refreshAfterWrite");
    Checks.setOnce(refreshAfterWrite == null, "refreshAfterWrite", refreshAfterWrite);
    this.refreshAfterWrite = interval;
    return this;
  }

  /**
   * Probabilistic early refresh (XFetch, Vattani, Chierichetti and Lowenstein, VLDB 2015): a read
   * at time {@code now} refreshes in the background when {@code now − δ·β·ln(u) ≥ expiry}, with δ
   * the duration of the value's last load and u uniform in (0, 1]. Larger β refreshes earlier; 1 is
   * the paper's optimum. Needs {@link #expireAfterWrite}. Reads more than 30·δ·β before expiry skip
   * the draw (its probability is below e⁻³⁰). A value written by {@code put} has no load time, so
   * it is not refreshed early.
   */
  public CacheAsideBuilder<K, V> earlyRefresh(double beta) {
    Checks.positiveFinite(beta, "earlyRefresh beta");
    Checks.setOnce(earlyRefreshBeta < 0, "earlyRefresh", earlyRefreshBeta);
    this.earlyRefreshBeta = beta;
    return this;
  }

  /**
   * For {@code window} after expiry, a read is answered with the stale value at once while one
   * background reload runs (RFC 5861 stale-while-revalidate).
   */
  public CacheAsideBuilder<K, V> staleWhileRevalidate(Duration window) {
    Checks.positive(window, "staleWhileRevalidate");
    Checks.setOnce(staleWhileRevalidate == null, "staleWhileRevalidate", staleWhileRevalidate);
    this.staleWhileRevalidate = window;
    return this;
  }

  /**
   * For {@code window} after expiry, a failed reload is answered with the stale value instead of
   * the failure (RFC 5861 stale-if-error). A failed background refresh keeps the last good value
   * too. The failure itself is never cached.
   */
  public CacheAsideBuilder<K, V> staleIfError(Duration window) {
    Checks.positive(window, "staleIfError");
    Checks.setOnce(staleIfError == null, "staleIfError", staleIfError);
    this.staleIfError = window;
    return this;
  }

  /**
   * Fails a load that has not finished after {@code timeout} (wall time): its waiters get a {@link
   * CacheLoadException} caused by a {@link java.util.concurrent.TimeoutException}, and its late
   * result is dropped. The loader thread is not interrupted.
   */
  public CacheAsideBuilder<K, V> loaderTimeout(Duration timeout) {
    Checks.positive(timeout, "loaderTimeout");
    Checks.setOnce(loaderTimeout == null, "loaderTimeout", loaderTimeout);
    this.loaderTimeout = timeout;
    return this;
  }

  /** Write-through: {@code put} calls {@code writer} first, then updates the cache. */
  public CacheAsideBuilder<K, V> writeThrough(CacheWriter<K, V> writer) {
    Checks.notNull(writer, "writer");
    Checks.setOnce(this.writer == null, "writer", this.writer);
    this.writer = writer;
    this.writeBehind = false;
    return this;
  }

  /**
   * Write-behind: {@code put} updates the cache and queues the write; a background task on the
   * executor writes the queue in batches of at most {@code batchSize}, the latest value per key
   * (coalesced). Until written, a miss of that key reads the queued value. {@code flush()} and
   * {@code close()} write what is queued.
   */
  public CacheAsideBuilder<K, V> writeBehind(CacheWriter<K, V> writer, int batchSize) {
    Checks.notNull(writer, "writer");
    Checks.positive(batchSize, "batchSize");
    Checks.setOnce(this.writer == null, "writer", this.writer);
    this.writer = writer;
    this.writeBehind = true;
    this.writeBehindBatchSize = batchSize;
    return this;
  }

  /**
   * A shared tier asked before the loader and kept in step by puts and invalidations (see {@link
   * SecondLevel}); the cache closes it on {@code close()}.
   */
  public CacheAsideBuilder<K, V> secondLevel(SecondLevel<K, V> secondLevel) {
    Checks.notNull(secondLevel, "secondLevel");
    Checks.setOnce(this.secondLevel == null, "secondLevel", this.secondLevel);
    this.secondLevel = secondLevel;
    return this;
  }

  /** The time source of every expiry, refresh and load-time decision. */
  public CacheAsideBuilder<K, V> ticker(Ticker ticker) {
    Checks.notNull(ticker, "ticker");
    Checks.setOnce(this.ticker == null, "ticker", this.ticker);
    this.ticker = ticker;
    return this;
  }

  /**
   * Where loads, refreshes and write-behind batches run; not shut down by the cache. {@code
   * Runnable::run} runs them on the calling thread (handy in tests; background refreshes then block
   * the read that triggered them).
   */
  public CacheAsideBuilder<K, V> executor(Executor executor) {
    Checks.notNull(executor, "executor");
    Checks.setOnce(this.executor == null, "executor", this.executor);
    this.executor = executor;
    return this;
  }

  /**
   * Where Caffeine does its policy maintenance: replaying reads and writes into the eviction policy
   * (W-TinyLFU's frequency sketch and access order), evicting over the size bound and dropping
   * expired entries. Default: {@link java.util.concurrent.ForkJoinPool#commonPool()}, Caffeine's
   * own default, so a read only records itself in a buffer and another thread applies it. {@code
   * Runnable::run} does the work on the thread whose read or write filled a buffer: eviction then
   * happens before that call returns (deterministic, handy in tests), and reads pay a share of it
   * (about 3 ns per hit in {@code CacheAsideBenchmark}). Independent of {@link #executor}, which
   * runs loads.
   */
  public CacheAsideBuilder<K, V> maintenanceExecutor(Executor executor) {
    Checks.notNull(executor, "maintenanceExecutor");
    Checks.setOnce(
        this.maintenanceExecutor == null, "maintenanceExecutor", this.maintenanceExecutor);
    this.maintenanceExecutor = executor;
    return this;
  }

  /**
   * The random source of TTL jitter and XFetch draws; must be thread-safe if the cache is shared.
   * Default: {@link java.util.concurrent.ThreadLocalRandom}. A seeded one makes tests repeatable.
   */
  public CacheAsideBuilder<K, V> random(RandomGenerator random) {
    Checks.notNull(random, "random");
    Checks.setOnce(this.random == null, "random", this.random);
    this.random = random;
    return this;
  }

  /** Adds a listener of the cache's {@link CacheEvent}s. */
  public CacheAsideBuilder<K, V> listener(EventListener<? super CacheEvent> listener) {
    listeners.add(Checks.notNull(listener, "listener"));
    return this;
  }

  /**
   * Counts hits in {@link CacheAside#stats()} (one striped-counter increment per hit, as Caffeine's
   * {@code recordStats()}). Off by default so a hit costs what Caffeine's own hit costs; misses,
   * loads, failures and stale reads are always counted (they are off the hit path). Without it,
   * {@link CacheStats#hits()} is 0 and {@link CacheStats#hitRate()} is NaN.
   */
  public CacheAsideBuilder<K, V> countHits() {
    Checks.setOnce(!countHits, "countHits", true);
    countHits = true;
    return this;
  }

  /** Validates the combination and builds the cache. */
  public CacheAside<K, V> build() {
    Checks.argument(
        earlyRefreshBeta < 0 || expireAfterWrite != null,
        "earlyRefresh("
            + earlyRefreshBeta
            + ") needs expireAfterWrite: XFetch refreshes ahead of"
            + " an expiry");
    Checks.argument(
        ttlJitter < 0 || expireAfterWrite != null,
        "ttlJitter(" + ttlJitter + ") needs expireAfterWrite");
    Checks.argument(
        (staleWhileRevalidate == null && staleIfError == null) || expireAfterWrite != null,
        "staleWhileRevalidate/staleIfError need expireAfterWrite: the windows start at expiry");
    Config<K, V> config =
        new Config<>(
            loader,
            bulkLoader,
            maximumSize,
            maximumWeight,
            weigher,
            nanos(expireAfterWrite),
            Math.max(0, ttlJitter),
            nanos(negativeTtl),
            nanos(refreshAfterWrite),
            Math.max(0, earlyRefreshBeta),
            nanos(staleWhileRevalidate),
            nanos(staleIfError),
            nanos(loaderTimeout),
            writer,
            writeBehind,
            writeBehindBatchSize,
            secondLevel,
            ticker == null ? Ticker.system() : ticker,
            executor,
            maintenanceExecutor == null ? ForkJoinPool.commonPool() : maintenanceExecutor,
            random,
            List.copyOf(listeners),
            countHits);
    return new DefaultCacheAside<>(config);
  }

  private static long nanos(@Nullable Duration duration) {
    if (duration == null) {
      return 0;
    }
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
