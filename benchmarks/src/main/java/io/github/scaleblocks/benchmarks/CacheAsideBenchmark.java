package io.github.scaleblocks.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.scaleblocks.caching.CacheAside;
import io.github.scaleblocks.caching.CacheAsideBuilder;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link CacheAside} against plain Caffeine configured the same way: same maximum size, policy
 * maintenance on the same executor (Caffeine's default, the common pool, for both; the cache-aside
 * runs its loads on the caller, {@code executor(Runnable::run)}, which is a separate setting) and,
 * when {@code ttl=true}, Caffeine's {@code expireAfterWrite} of the same TTL, so both read the
 * system clock on a hit (with {@code ttl=false} neither does). Hit counting is compared like for
 * like: the default cache-aside (no hit counting) against Caffeine without stats, and {@code
 * countHits()} ({@code hitCountingHits}) against Caffeine's {@code recordStats()} ({@code
 * baseline_caffeineGetIfPresentRecordingStats}); both count a hit in a {@code LongAdder}.
 *
 * <ul>
 *   <li>{@code hit}: {@code get} of a present key (1,024 keys, all loaded), against {@code
 *       baseline_caffeineGetIfPresent} and {@code baseline_caffeineGet} ({@code get(key, fn)}).
 *   <li>{@code zipf}: keys drawn from Zipf(1.0) over 100,000 keys into a cache of 10,000 (about 20
 *       % misses), loads run on the caller ({@code executor(Runnable::run)}), against Caffeine's
 *       {@code LoadingCache.get} with the same loader ({@code baseline_caffeineZipf}).
 *   <li>{@code missStorm}: 7 threads read one key that an eighth thread invalidates in a loop; the
 *       loader burns ~1 µs. Against the same group on a Caffeine {@code LoadingCache}.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CacheAsideBenchmark {
  static final int HIT_KEYS = 1_024;
  static final int ZIPF_KEYS = 100_000;
  static final int ZIPF_CACHE = 10_000;
  static final int SAMPLES = 1 << 16;

  /** The caches under test, shared by all threads. */
  @State(Scope.Benchmark)
  public static class Caches {
    @Param({"true", "false"})
    public boolean ttl;

    CacheAside<String, String> cacheAside;
    CacheAside<String, String> cacheAsideCountingHits;
    Cache<String, String> caffeine;
    Cache<String, String> caffeineRecordingStats;
    LoadingCache<String, String> caffeineLoading;
    CacheAside<String, String> zipfCacheAside;
    LoadingCache<String, String> zipfCaffeine;
    String[] hitKeys;
    String[] zipfSamples;

    @Setup
    public void setUp() {
      Duration timeToLive = Duration.ofHours(1);
      CacheAsideBuilder<String, String> builder =
          CacheAside.<String, String>builder(key -> key).maximumSize(100_000);
      CacheAsideBuilder<String, String> counting =
          CacheAside.<String, String>builder(key -> key).maximumSize(100_000).countHits();
      // Like for like: plain Caffeine against the default cache-aside (no hit counting), and
      // Caffeine's recordStats() against countHits().
      Caffeine<Object, Object> plain = Caffeine.newBuilder().maximumSize(100_000);
      Caffeine<Object, Object> recording = Caffeine.newBuilder().maximumSize(100_000).recordStats();
      if (ttl) {
        builder.expireAfterWrite(timeToLive);
        counting.expireAfterWrite(timeToLive);
        plain.expireAfterWrite(timeToLive);
        recording.expireAfterWrite(timeToLive);
      }
      cacheAside = builder.executor(Runnable::run).build();
      cacheAsideCountingHits = counting.executor(Runnable::run).build();
      caffeine = plain.build();
      caffeineRecordingStats = recording.build();
      Caffeine<Object, Object> loading = Caffeine.newBuilder().maximumSize(100_000).recordStats();
      if (ttl) {
        loading.expireAfterWrite(timeToLive);
      }
      caffeineLoading = loading.build(key -> key);
      hitKeys = new String[HIT_KEYS];
      for (int i = 0; i < HIT_KEYS; i++) {
        hitKeys[i] = "key-" + i;
        cacheAside.get(hitKeys[i]);
        cacheAsideCountingHits.get(hitKeys[i]);
        caffeine.put(hitKeys[i], hitKeys[i]);
        caffeineRecordingStats.put(hitKeys[i], hitKeys[i]);
        var unused = caffeineLoading.get(hitKeys[i]);
      }

      CacheAsideBuilder<String, String> zipfBuilder =
          CacheAside.<String, String>builder(key -> key).maximumSize(ZIPF_CACHE);
      Caffeine<Object, Object> zipfPlain = Caffeine.newBuilder().maximumSize(ZIPF_CACHE);
      if (ttl) {
        zipfBuilder.expireAfterWrite(timeToLive);
        zipfPlain.expireAfterWrite(timeToLive);
      }
      zipfCacheAside = zipfBuilder.executor(Runnable::run).build();
      zipfCaffeine = zipfPlain.build(key -> key);
      zipfSamples = zipf(ZIPF_KEYS, 1.0, SAMPLES, new SplittableRandom(42));
    }

    @TearDown
    public void tearDown() {
      cacheAside.close();
      cacheAsideCountingHits.close();
      zipfCacheAside.close();
    }

    /** {@code count} keys drawn from Zipf({@code s}) over {@code n} keys (inverse CDF). */
    static String[] zipf(int n, double s, int count, SplittableRandom random) {
      double[] cdf = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += 1.0 / Math.pow(i + 1, s);
        cdf[i] = sum;
      }
      String[] keys = new String[n];
      for (int i = 0; i < n; i++) {
        keys[i] = "zipf-" + i;
      }
      String[] samples = new String[count];
      for (int i = 0; i < count; i++) {
        double u = random.nextDouble() * sum;
        int index = java.util.Arrays.binarySearch(cdf, u);
        samples[i] = keys[index >= 0 ? index : Math.min(n - 1, -index - 1)];
      }
      return samples;
    }
  }

  /** Each thread walks the key arrays from its own offset. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    @Setup
    public void setUp() {
      next = (int) (Thread.currentThread().getId() * 7919);
    }
  }

  @Benchmark
  public String hit(Caches caches, Cursor cursor) {
    return caches.cacheAside.get(caches.hitKeys[cursor.next++ & (HIT_KEYS - 1)]);
  }

  @Benchmark
  public String baseline_caffeineGetIfPresent(Caches caches, Cursor cursor) {
    return caches.caffeine.getIfPresent(caches.hitKeys[cursor.next++ & (HIT_KEYS - 1)]);
  }

  @Benchmark
  public String hitCountingHits(Caches caches, Cursor cursor) {
    return caches.cacheAsideCountingHits.get(caches.hitKeys[cursor.next++ & (HIT_KEYS - 1)]);
  }

  @Benchmark
  public String baseline_caffeineGetIfPresentRecordingStats(Caches caches, Cursor cursor) {
    return caches.caffeineRecordingStats.getIfPresent(
        caches.hitKeys[cursor.next++ & (HIT_KEYS - 1)]);
  }

  private static final Function<String, String> IDENTITY = key -> key;

  @Benchmark
  public String baseline_caffeineGet(Caches caches, Cursor cursor) {
    return caches.caffeine.get(caches.hitKeys[cursor.next++ & (HIT_KEYS - 1)], IDENTITY);
  }

  @Benchmark
  public String zipf(Caches caches, Cursor cursor) {
    return caches.zipfCacheAside.get(caches.zipfSamples[cursor.next++ & (SAMPLES - 1)]);
  }

  @Benchmark
  public String baseline_caffeineZipf(Caches caches, Cursor cursor) {
    return caches.zipfCaffeine.get(caches.zipfSamples[cursor.next++ & (SAMPLES - 1)]);
  }

  /** One cold key read by many threads while another keeps invalidating it. */
  @State(Scope.Group)
  public static class Storm {
    CacheAside<String, String> cacheAside;
    LoadingCache<String, String> caffeine;
    final AtomicLong loads = new AtomicLong();
    final AtomicLong invalidations = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() {
      cacheAside =
          CacheAside.<String, String>builder(
                  key -> {
                    loads.incrementAndGet();
                    Blackhole.consumeCPU(500);
                    return key;
                  })
              .executor(Runnable::run)
              .build();
      caffeine =
          Caffeine.newBuilder()
              .build(
                  key -> {
                    loads.incrementAndGet();
                    Blackhole.consumeCPU(500);
                    return key;
                  });
    }

    /** Prints loads per invalidation: at most 1 when misses of one key are single-flight. */
    @TearDown(Level.Trial)
    public void tearDown() {
      cacheAside.close();
      System.out.printf(
          "%nmiss storm: %d invalidations, %d loads, %.3f loads per invalidation%n",
          invalidations.get(), loads.get(), (double) loads.get() / invalidations.get());
    }
  }

  @Benchmark
  @Group("missStorm")
  @GroupThreads(7)
  public String missStorm_get(Storm storm) {
    return storm.cacheAside.get("cold");
  }

  @Benchmark
  @Group("missStorm")
  @GroupThreads(1)
  public void missStorm_invalidate(Storm storm) {
    storm.cacheAside.invalidate("cold");
    storm.invalidations.incrementAndGet();
  }

  @Benchmark
  @Group("baseline_caffeineMissStorm")
  @GroupThreads(7)
  public String baseline_caffeineMissStorm_get(Storm storm) {
    return storm.caffeine.get("cold");
  }

  @Benchmark
  @Group("baseline_caffeineMissStorm")
  @GroupThreads(1)
  public void baseline_caffeineMissStorm_invalidate(Storm storm) {
    storm.caffeine.invalidate("cold");
    storm.invalidations.incrementAndGet();
  }
}
