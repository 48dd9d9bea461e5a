package io.github.scaleblocks.caching;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.scaleblocks.caching.CacheEvent.StaleReason;
import io.github.scaleblocks.caching.spi.BulkLoader;
import io.github.scaleblocks.caching.spi.LocalCache;
import io.github.scaleblocks.caching.spi.SecondLevel;
import io.github.scaleblocks.core.event.EventPublisher;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.core.time.Ticker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntBiFunction;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The cache-aside implementation.
 *
 * <p>Design: Caffeine holds immutable {@link Entry} holders and does the size/weight bounding
 * (W-TinyLFU). Freshness is decided here, from the injected ticker, not by Caffeine: a hit reads
 * the ticker once and compares it with the entry's {@code refreshAt}. Entries past every window are
 * dropped when read (and, in an unbounded cache, by a Caffeine expiry policy on the same ticker; in
 * a bounded one, W-TinyLFU evicts them as they go cold).
 *
 * <p>Single-flight: {@code inFlight} maps a key to the future of its one running load. A load
 * installs its entry inside {@code inFlight.computeIfPresent} and only if its future is still the
 * registered one; {@code put} and {@code invalidate} update Caffeine inside {@code
 * inFlight.compute} and unregister any running load. Both run under the same map-bin lock, so a
 * load that started before a put can never overwrite the put's value. The loser of the race between
 * "miss" and "register a load" re-reads Caffeine after registering, so a load that finished in
 * between is not repeated.
 */
final class DefaultCacheAside<K, V> implements CacheAside<K, V>, LocalCache<K> {
  /** XFetch draws fire with probability exp(-gap/(δβ)); below e^-30 they are skipped. */
  static final double XFETCH_CUTOFF = 30.0;

  private final Config<K, V> config;

  /**
   * Holds {@link Entry} holders, or, in a cache without deadlines ({@link #bare}), the values
   * themselves.
   */
  private final Cache<K, Object> cache;

  /**
   * {@link #cache} as a map, which reads go through: Caffeine's map {@code get} is its {@code
   * getIfPresent} without the manual cache's indirection to its map and without the statistics hook
   * (Caffeine records none here; this class counts its own), so a hit does no more than a bare
   * Caffeine {@code getIfPresent}. The policy effects of a read (access order, frequency sketch,
   * expiry) are the same.
   */
  private final ConcurrentMap<K, Object> map;

  /**
   * No TTL, no refresh, no negative caching: every entry is fresh forever, so Caffeine holds the
   * bare values and a hit reads nothing but Caffeine's own node.
   */
  private final boolean bare;

  private final ConcurrentHashMap<K, CompletableFuture<Entry<V>>> inFlight =
      new ConcurrentHashMap<>();
  private final Ticker ticker;
  private final Executor executor;
  private final @Nullable ExecutorService ownedExecutor;
  private final EventPublisher<CacheEvent> events;
  private final @Nullable SecondLevel<K, V> secondLevel;
  private final @Nullable WriteBehind<K, V> writeBehind;
  private volatile boolean closed;

  private final boolean countHits;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder loads = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder staleServed = new LongAdder();
  private final LongAdder loadNanos = new LongAdder();

  DefaultCacheAside(Config<K, V> config) {
    this.config = config;
    this.ticker = config.ticker();
    this.bare =
        config.ttlNanos() <= 0
            && config.refreshAfterWriteNanos() <= 0
            && config.negativeTtlNanos() <= 0;
    this.cache = buildCaffeine(config, bare);
    this.map = cache.asMap();
    Executor configured = config.executor();
    if (configured == null) {
      ExecutorService pool = Executors.newCachedThreadPool(new LoaderThreads());
      this.ownedExecutor = pool;
      this.executor = pool;
    } else {
      this.ownedExecutor = null;
      this.executor = configured;
    }
    this.events = EventPublisher.of(config.listeners());
    this.countHits = config.countHits();
    this.secondLevel = config.secondLevel();
    this.writeBehind =
        config.writeBehind() && config.writer() != null
            ? new WriteBehind<>(config.writer(), config.writeBehindBatchSize(), executor, events)
            : null;
    if (secondLevel != null) {
      secondLevel.attach(this);
    }
  }

  @SuppressWarnings("unchecked") // the cache holds V when bare, Entry<V> otherwise
  private static <K, V> Cache<K, Object> buildCaffeine(Config<K, V> config, boolean bare) {
    Caffeine<Object, Object> builder = Caffeine.newBuilder().executor(config.maintenanceExecutor());
    if (config.maximumSize() >= 0) {
      builder.maximumSize(config.maximumSize());
    } else if (config.maximumWeight() >= 0) {
      ToIntBiFunction<? super K, ? super V> weigher = Checks.notNull(config.weigher(), "weigher");
      builder
          .maximumWeight(config.maximumWeight())
          .weigher(
              (K key, Object held) -> {
                @Nullable V value = bare ? (V) held : ((Entry<V>) held).value;
                return value == null ? 1 : weigher.applyAsInt(key, value);
              });
    } else if (config.ttlNanos() > 0 || config.negativeTtlNanos() > 0) {
      // Unbounded: nothing would ever drop a dead entry that is not read again, so let Caffeine
      // expire it on the same ticker (this costs a hit one more ticker read inside Caffeine).
      Ticker ticker = config.ticker();
      builder.ticker(ticker::read).expireAfter(new DeadlineExpiry<K>());
    }
    return builder.build();
  }

  // ---------------------------------------------------------------- reads

  @Override
  @SuppressWarnings("unchecked") // a bare cache holds values
  public @Nullable V get(K key) {
    Checks.notNull(key, "key");
    if (bare) {
      Object value = map.get(key);
      if (value != null) {
        hit();
        return (V) value;
      }
      return getSlow(key, null);
    }
    Entry<V> entry = (Entry<V>) map.get(key);
    if (entry != null) {
      long refreshAt = entry.refreshAt;
      // An entry that never expires nor refreshes needs no clock read.
      if (refreshAt == Long.MAX_VALUE || ticker.read() < refreshAt) {
        hit();
        return entry.value;
      }
    }
    return getSlow(key, entry);
  }

  @SuppressWarnings("unchecked") // slow(sync = true) returns the value
  private @Nullable V getSlow(K key, @Nullable Entry<V> entry) {
    return (V) slow(key, entry, true);
  }

  @Override
  @SuppressWarnings("unchecked") // slow(sync = false) returns a future of the value
  public CompletableFuture<@Nullable V> getAsync(K key) {
    Checks.notNull(key, "key");
    Object future = Objects.requireNonNull(slow(key, null, false));
    return (CompletableFuture<@Nullable V>) future;
  }

  /**
   * A read past the fast path of {@link #get}, or any {@link #getAsync}: serves {@code entry} (the
   * entry {@code get} found, if any; {@code getAsync} passes null and the entry is read here) by
   * its windows, or joins the key's load. Returns the value when {@code sync}, a future of it
   * otherwise.
   *
   * <p>One method for both APIs on purpose, besides sharing the windows' logic: its bytecode is
   * larger than HotSpot's {@code FreqInlineSize} (325 bytes), so C2 does not inline it into {@code
   * get}. When it did (any service, or benchmark set-up, that misses more than a hundred times),
   * the compiled {@code get} grew too big to be inlined into its callers, and every hit paid a call
   * (docs/benchmarks.md, caching).
   */
  // The futures it returns (sync == false) go straight back to getAsync's caller.
  @SuppressWarnings("FutureReturnValueIgnored")
  private @Nullable Object slow(K key, @Nullable Entry<V> found, boolean sync) {
    Entry<V> entry = sync ? found : cached(key);
    long now = ticker.read();
    Entry<V> stale = null; // inside its stale-if-error window: served if the load fails
    if (entry != null) {
      if (now < entry.freshUntil()) {
        hit();
        if (now >= entry.refreshAt) {
          maybeRefresh(key, entry, now);
        }
        return sync ? entry.value : CompletableFuture.completedFuture(entry.value);
      }
      if (now < entry.staleUntil()) {
        hit();
        served(key, StaleReason.WHILE_REVALIDATE);
        refreshInBackground(key, entry);
        return sync ? entry.value : CompletableFuture.completedFuture(entry.value);
      }
      if (now < entry.errorUntil()) {
        stale = entry;
      } else {
        cache.asMap().remove(key, held(entry));
      }
    }
    CompletableFuture<Entry<V>> flight = flight(key, stale, now);
    missed(key); // after joining the flight: a listener sees only callers already waiting on it
    if (!sync) {
      if (stale == null) {
        return flight.thenApply(loaded -> loaded.value);
      }
      Entry<V> fallback = stale;
      return flight.handle(
          (loaded, failure) -> {
            if (failure == null) {
              return loaded.value;
            }
            served(key, StaleReason.IF_ERROR);
            return fallback.value;
          });
    }
    try {
      return flight.get().value;
    } catch (ExecutionException e) {
      // Any failure but an Error serves the stale value; rethrow throws unchecked causes itself.
      Throwable cause = unwrap(e.getCause());
      if (stale == null || cause instanceof Error) {
        throw rethrow("key " + key, cause);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (stale == null) {
        throw new CacheLoadException("interrupted while waiting for the load of key " + key, e);
      }
    }
    served(key, StaleReason.IF_ERROR);
    return stale.value;
  }

  @Override
  @SuppressWarnings("unchecked") // a bare cache holds values
  public @Nullable V getIfPresent(K key) {
    Checks.notNull(key, "key");
    if (bare) {
      Object value = map.get(key);
      if (value != null) {
        hit();
      }
      return (V) value;
    }
    Entry<V> entry = cached(key);
    if (entry != null && ticker.read() < entry.freshUntil()) {
      hit();
      return entry.value;
    }
    return null;
  }

  @Override
  public Map<K, V> getAll(Iterable<? extends K> keys) {
    CompletableFuture<Map<K, V>> result = getAllAsync(keys);
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw rethrow("getAll", unwrap(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheLoadException("interrupted while waiting for getAll", e);
    }
  }

  @Override
  public CompletableFuture<Map<K, V>> getAllAsync(Iterable<? extends K> keys) {
    Checks.notNull(keys, "keys");
    Set<K> requested = new LinkedHashSet<>();
    int index = 0;
    for (K key : keys) {
      requested.add(Checks.notNull(key, "keys[" + index + "]"));
      index++;
    }
    long now = ticker.read();
    Map<K, @Nullable V> served = new LinkedHashMap<>();
    Map<K, CompletableFuture<Entry<V>>> waiting = new LinkedHashMap<>();
    Map<K, Entry<V>> staleIfError = new LinkedHashMap<>();
    Map<K, CompletableFuture<Entry<V>>> owned = new LinkedHashMap<>();
    for (K key : requested) {
      Entry<V> entry = cached(key);
      if (entry != null) {
        if (now < entry.freshUntil()) {
          hit();
          maybeRefresh(key, entry, now);
          served.put(key, entry.value);
          continue;
        }
        if (now < entry.staleUntil()) {
          hit();
          served(key, StaleReason.WHILE_REVALIDATE);
          refreshInBackground(key, entry);
          served.put(key, entry.value);
          continue;
        }
        if (now < entry.errorUntil()) {
          staleIfError.put(key, entry);
        }
      }
      CompletableFuture<Entry<V>> running = inFlight.get(key);
      if (running == null) {
        CompletableFuture<Entry<V>> mine = new CompletableFuture<>();
        running = inFlight.putIfAbsent(key, mine);
        if (running == null) {
          Entry<V> installed = cached(key);
          if (installed != null && installed != entry && now < installed.freshUntil()) {
            inFlight.remove(key, mine);
            mine.complete(installed);
          } else {
            owned.put(key, mine);
            armTimeout(key, mine, entry != null);
          }
          running = mine;
        }
      }
      waiting.put(key, running);
      missed(key);
    }
    if (!owned.isEmpty()) {
      submit(() -> runBulkLoad(owned), owned);
    }
    List<K> order = new ArrayList<>(requested);
    if (waiting.isEmpty()) {
      return CompletableFuture.completedFuture(collect(order, served));
    }
    return CompletableFuture.allOf(waiting.values().toArray(new CompletableFuture<?>[0]))
        .handle(
            (ignored, anyFailure) -> {
              for (Map.Entry<K, CompletableFuture<Entry<V>>> wait : waiting.entrySet()) {
                K key = wait.getKey();
                CompletableFuture<Entry<V>> future = wait.getValue();
                if (!future.isCompletedExceptionally()) {
                  served.put(key, future.join().value);
                  continue;
                }
                Entry<V> stale = staleIfError.get(key);
                if (stale == null) {
                  try {
                    future.join();
                  } catch (CompletionException e) {
                    throw new CompletionException(unwrap(e.getCause()));
                  }
                }
                served(key, StaleReason.IF_ERROR);
                served.put(key, Checks.notNull(stale, "stale").value);
              }
              return collect(order, served);
            });
  }

  private Map<K, V> collect(List<K> order, Map<K, @Nullable V> served) {
    Map<K, V> result = new LinkedHashMap<>();
    for (K key : order) {
      V value = served.get(key);
      if (value != null) {
        result.put(key, value);
      }
    }
    return Collections.unmodifiableMap(result);
  }

  // ---------------------------------------------------------------- refresh

  private void maybeRefresh(K key, Entry<V> entry, long now) {
    if (now >= entry.refreshAfter() || xfetchFires(entry, now)) {
      refreshInBackground(key, entry);
    }
  }

  private boolean xfetchFires(Entry<V> entry, long now) {
    if (now < entry.xfetchFrom()) {
      return false;
    }
    // XFetch: refresh when now - delta * beta * ln(u) >= expiry, u uniform in (0, 1].
    double u = 1.0 - random().nextDouble();
    return -entry.loadNanos() * config.beta() * Math.log(u) >= entry.freshUntil() - now;
  }

  // Nobody waits for a background refresh: the load counts and publishes its own failure
  // (runLoad), and its result is installed in the cache, not returned.
  @SuppressWarnings("FutureReturnValueIgnored")
  private void refreshInBackground(K key, Entry<V> entry) {
    if (inFlight.get(key) == null && !closed) {
      flight(key, entry, ticker.read());
    }
  }

  // ---------------------------------------------------------------- loading

  /**
   * The running load of {@code key}, started if there is none. {@code previous} is the entry the
   * caller saw (a refresh replaces it); any other entry fresh at {@code now} found after
   * registering means a load finished meanwhile, and is used instead of loading again.
   */
  private CompletableFuture<Entry<V>> flight(K key, @Nullable Entry<V> previous, long now) {
    CompletableFuture<Entry<V>> running = inFlight.get(key);
    if (running != null) {
      return running;
    }
    CompletableFuture<Entry<V>> mine = new CompletableFuture<>();
    running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return running;
    }
    Entry<V> installed = cached(key);
    if (installed != null && installed != previous && now < installed.freshUntil()) {
      inFlight.remove(key, mine);
      mine.complete(installed);
      return mine;
    }
    boolean refresh = previous != null;
    armTimeout(key, mine, refresh);
    submit(() -> runLoad(key, mine, refresh), Map.of(key, mine));
    return mine;
  }

  // The callback is the point: it handles the timeout; the future whenComplete returns adds
  // nothing, as the callback does not throw.
  @SuppressWarnings("FutureReturnValueIgnored")
  private void armTimeout(K key, CompletableFuture<Entry<V>> mine, boolean refresh) {
    long timeout = config.loaderTimeoutNanos();
    if (timeout <= 0) {
      return;
    }
    mine.orTimeout(timeout, TimeUnit.NANOSECONDS)
        .whenComplete(
            (entry, failure) -> {
              if (failure instanceof TimeoutException) {
                inFlight.remove(key, mine);
                loadFailures.increment();
                if (events.hasListeners()) {
                  events.publish(new CacheEvent.LoadFailed(key, timeout, failure, refresh));
                }
              }
            });
  }

  private void submit(Runnable task, Map<K, CompletableFuture<Entry<V>>> futures) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      for (Map.Entry<K, CompletableFuture<Entry<V>>> future : futures.entrySet()) {
        inFlight.remove(future.getKey(), future.getValue());
        future.getValue().completeExceptionally(e);
      }
    }
  }

  private void runLoad(K key, CompletableFuture<Entry<V>> mine, boolean refresh) {
    long start = ticker.read();
    V value;
    try {
      value = loadOne(key);
    } catch (Throwable failure) {
      long nanos = ticker.read() - start;
      inFlight.remove(key, mine);
      if (!mine.isDone()) { // else it timed out, and that was counted
        loadFailures.increment();
        loadNanos.add(nanos);
        if (events.hasListeners()) {
          events.publish(new CacheEvent.LoadFailed(key, nanos, failure, refresh));
        }
      }
      mine.completeExceptionally(failure);
      return;
    }
    long now = ticker.read();
    long nanos = now - start;
    if (mine.isDone()) {
      return; // timed out: the waiters have their answer, and a late value is not installed
    }
    loads.increment();
    loadNanos.add(nanos);
    Entry<V> entry = newEntry(value, now, nanos);
    install(key, mine, entry);
    mine.complete(entry);
    if (events.hasListeners()) {
      events.publish(new CacheEvent.Loaded(key, nanos, value == null, refresh));
    }
  }

  /** Second level, then queued write-behind value, then loader; fills the second level. */
  private @Nullable V loadOne(K key) throws Exception {
    WriteBehind<K, V> queue = writeBehind;
    if (queue != null) {
      V queued = queue.queued(key);
      if (queued != null) {
        return queued;
      }
    }
    SecondLevel<K, V> level = secondLevel;
    if (level != null) {
      V shared = level.get(key);
      if (shared != null) {
        return shared;
      }
    }
    V value = config.loader().load(key);
    if (level != null && value != null) {
      level.fill(key, value);
    }
    return value;
  }

  private void runBulkLoad(Map<K, CompletableFuture<Entry<V>>> owned) {
    BulkLoader<K, V> bulk = config.bulkLoader();
    if (bulk == null) {
      for (Map.Entry<K, CompletableFuture<Entry<V>>> one : owned.entrySet()) {
        runLoad(one.getKey(), one.getValue(), false);
      }
      return;
    }
    long start = ticker.read();
    Map<K, @Nullable V> values = new LinkedHashMap<>();
    Set<K> remaining = new LinkedHashSet<>();
    try {
      WriteBehind<K, V> queue = writeBehind;
      SecondLevel<K, V> level = secondLevel;
      for (K key : owned.keySet()) {
        V known = queue == null ? null : queue.queued(key);
        if (known == null && level != null) {
          known = level.get(key);
        }
        if (known != null) {
          values.put(key, known);
        } else {
          remaining.add(key);
        }
      }
      if (!remaining.isEmpty()) {
        Map<K, V> loaded = bulk.loadAll(Collections.unmodifiableSet(remaining));
        for (K key : remaining) {
          V value = loaded == null ? null : loaded.get(key);
          values.put(key, value);
          if (level != null && value != null) {
            level.fill(key, value);
          }
        }
      }
    } catch (Throwable failure) {
      long nanos = ticker.read() - start;
      loadFailures.increment();
      loadNanos.add(nanos);
      if (events.hasListeners()) {
        K first = owned.keySet().iterator().next();
        events.publish(new CacheEvent.LoadFailed(first, nanos, failure, false));
      }
      for (Map.Entry<K, CompletableFuture<Entry<V>>> one : owned.entrySet()) {
        inFlight.remove(one.getKey(), one.getValue());
        one.getValue().completeExceptionally(failure);
      }
      return;
    }
    long now = ticker.read();
    long nanos = now - start;
    loads.increment();
    loadNanos.add(nanos);
    for (Map.Entry<K, CompletableFuture<Entry<V>>> one : owned.entrySet()) {
      CompletableFuture<Entry<V>> mine = one.getValue();
      if (mine.isDone()) {
        continue;
      }
      Entry<V> entry = newEntry(values.get(one.getKey()), now, nanos);
      install(one.getKey(), mine, entry);
      mine.complete(entry);
    }
    if (events.hasListeners()) {
      events.publish(new CacheEvent.BulkLoaded(owned.size(), nanos));
    }
  }

  /** The key's entry, or null; a bare cache's value comes back in a (fresh forever) holder. */
  @SuppressWarnings("unchecked") // a bare cache holds values, any other holds Entry<V>
  private @Nullable Entry<V> cached(K key) {
    Object held = map.get(key);
    if (held == null) {
      return null;
    }
    return bare ? Entry.of((V) held, 0, 0, NEVER, NEVER, NEVER, NEVER, NEVER) : (Entry<V>) held;
  }

  /** What the Caffeine cache holds for {@code entry}. */
  private Object held(Entry<V> entry) {
    // A bare cache never holds an absence: absences are cached only with a negative TTL.
    return bare ? Checks.notNull(entry.value, "value") : entry;
  }

  private static final long NEVER = Long.MAX_VALUE;

  /** Installs a loaded entry if {@code mine} is still the key's registered load. */
  private void install(K key, CompletableFuture<Entry<V>> mine, Entry<V> entry) {
    inFlight.computeIfPresent(
        key,
        (k, current) -> {
          if (current != mine) {
            return current;
          }
          if (cacheable(entry)) {
            cache.put(k, held(entry));
          } else {
            cache.invalidate(k);
          }
          return null;
        });
  }

  private boolean cacheable(Entry<V> entry) {
    return entry.value != null || config.negativeTtlNanos() > 0;
  }

  Entry<V> newEntry(@Nullable V value, long now, long loadTime) {
    if (value == null) {
      long until = plus(now, config.negativeTtlNanos());
      return Entry.of(null, now, loadTime, Long.MAX_VALUE, Long.MAX_VALUE, until, until, until);
    }
    long ttl = config.ttlNanos();
    long freshUntil;
    long xfetchFrom = Long.MAX_VALUE;
    if (ttl <= 0) {
      freshUntil = Long.MAX_VALUE;
    } else {
      if (config.ttlJitter() > 0) {
        ttl -= (long) (ttl * config.ttlJitter() * random().nextDouble());
      }
      freshUntil = plus(now, ttl);
      if (config.beta() > 0 && loadTime > 0) {
        double window = loadTime * config.beta() * XFETCH_CUTOFF;
        xfetchFrom = window >= ttl ? now : freshUntil - (long) window;
      }
    }
    long refreshAfter =
        config.refreshAfterWriteNanos() > 0
            ? plus(now, config.refreshAfterWriteNanos())
            : Long.MAX_VALUE;
    return Entry.of(
        value,
        now,
        loadTime,
        refreshAfter,
        xfetchFrom,
        freshUntil,
        plus(freshUntil, config.staleWhileRevalidateNanos()),
        plus(freshUntil, config.staleIfErrorNanos()));
  }

  private RandomGenerator random() {
    RandomGenerator random = config.random();
    return random == null ? ThreadLocalRandom.current() : random;
  }

  private static Throwable unwrap(@Nullable Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause == null ? new IllegalStateException("load failed without a cause") : cause;
  }

  private RuntimeException rethrow(String what, Throwable cause) {
    if (cause instanceof RuntimeException) {
      throw (RuntimeException) cause;
    }
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    if (cause instanceof TimeoutException) {
      return new CacheLoadException(
          "loading "
              + what
              + " did not finish within the loader timeout of "
              + config.loaderTimeoutNanos()
              + " ns",
          cause);
    }
    return new CacheLoadException("loading " + what + " failed: " + cause, cause);
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(K key, V value) {
    Checks.notNull(key, "key");
    Checks.notNull(value, "value (to remove a key, call invalidate(key))");
    checkOpen("put");
    WriteBehind<K, V> queue = writeBehind;
    if (config.writer() != null && queue == null) {
      try {
        config.writer().write(key, value);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new CacheWriteException("write-through of key " + key + " failed: " + e, e);
      }
    }
    // L1 (and the write-behind queue) first, so that a failing second level leaves this instance
    // consistent with what was written.
    Entry<V> entry = newEntry(value, ticker.read(), 0);
    inFlight.compute(
        key,
        (k, running) -> {
          cache.put(k, held(entry));
          return null;
        });
    if (queue != null) {
      queue.enqueue(key, value);
    }
    SecondLevel<K, V> level = secondLevel;
    if (level != null) {
      try {
        level.put(key, value);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new CacheWriteException("second-level put of key " + key + " failed: " + e, e);
      }
    }
  }

  @Override
  public void invalidate(K key) {
    Checks.notNull(key, "key");
    SecondLevel<K, V> level = secondLevel;
    if (level == null) {
      evictLocal(key);
      return;
    }
    // The second level first (a load between the two could otherwise read its old value back
    // into L1), and L1 even if the second level fails.
    try {
      level.invalidate(key);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheWriteException("second-level invalidation of key " + key + " failed: " + e, e);
    } finally {
      evictLocal(key);
    }
  }

  @Override
  public void invalidateAll() {
    SecondLevel<K, V> level = secondLevel;
    if (level == null) {
      evictAllLocal();
      return;
    }
    try {
      level.invalidateAll();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheWriteException("second-level invalidateAll failed: " + e, e);
    } finally {
      evictAllLocal();
    }
  }

  @Override
  public void evictLocal(K key) {
    Checks.notNull(key, "key");
    inFlight.compute(
        key,
        (k, running) -> {
          cache.invalidate(k);
          return null;
        });
  }

  @Override
  public void evictAllLocal() {
    inFlight.clear();
    cache.invalidateAll();
  }

  @Override
  public void flush() {
    WriteBehind<K, V> queue = writeBehind;
    if (queue != null) {
      queue.flush();
    }
  }

  @Override
  public long pendingWrites() {
    WriteBehind<K, V> queue = writeBehind;
    return queue == null ? 0 : queue.pending();
  }

  @Override
  public long estimatedSize() {
    return cache.estimatedSize();
  }

  private void hit() {
    if (countHits) {
      hits.increment();
    }
  }

  @Override
  public CacheStats stats() {
    return new CacheStats(
        hits.sum(),
        misses.sum(),
        loads.sum(),
        loadFailures.sum(),
        staleServed.sum(),
        loadNanos.sum(),
        countHits);
  }

  @Override
  public void close() {
    closed = true;
    flush();
    SecondLevel<K, V> level = secondLevel;
    if (level != null) {
      level.close();
    }
    ExecutorService pool = ownedExecutor;
    if (pool != null) {
      pool.shutdown();
    }
  }

  private void checkOpen(String operation) {
    if (closed) {
      throw new IllegalStateException(operation + " on a closed cache");
    }
  }

  private void missed(K key) {
    misses.increment();
    if (events.hasListeners()) {
      events.publish(new CacheEvent.Missed(key));
    }
  }

  private void served(K key, StaleReason reason) {
    staleServed.increment();
    if (events.hasListeners()) {
      events.publish(new CacheEvent.StaleServed(key, reason));
    }
  }

  private static long plus(long time, long duration) {
    long sum = time + duration;
    return sum < time ? Long.MAX_VALUE : sum;
  }

  @Override
  public String toString() {
    return "CacheAside[size=" + cache.estimatedSize() + ", " + stats() + "]";
  }

  /** Lets an unbounded Caffeine drop entries once every window of theirs has passed. */
  /** Caffeine's expiry of a cache of {@link Entry} holders: at the end of the last window. */
  private static final class DeadlineExpiry<K> implements Expiry<K, Object> {
    private static long remaining(Object held, long now) {
      long dead = ((Entry<?>) held).deadAt();
      return dead == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, dead - now);
    }

    @Override
    public long expireAfterCreate(K key, Object held, long currentTime) {
      return remaining(held, currentTime);
    }

    @Override
    public long expireAfterUpdate(K key, Object held, long currentTime, long currentDuration) {
      return remaining(held, currentTime);
    }

    @Override
    public long expireAfterRead(K key, Object held, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  private static final class LoaderThreads implements ThreadFactory {
    private static final AtomicInteger COUNT = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "scaleblocks-cache-loader-" + COUNT.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
