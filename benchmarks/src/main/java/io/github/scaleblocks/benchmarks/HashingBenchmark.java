package io.github.scaleblocks.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.google.common.hash.HashFunction;
import io.github.scaleblocks.core.hash.KeyHasher;
import io.github.scaleblocks.core.hash.KeyHashers;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * scaleblocks key hashing against the hashes routers commonly use. Keys are ASCII strings (ids,
 * URLs, user keys), drawn from a pool of 1,024 so the branch predictor cannot learn one key.
 *
 * <p>All methods hash the key's UTF-8 bytes except {@link #baseline_hash4jXxh3}, which hashes the
 * UTF-16 chars (hash4j's allocation-free string path): it does the same work with twice the input.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HashingBenchmark {
  private static final int KEYS = 1024;

  @Param({"16", "64"})
  public int keyLength;

  private final String[] keys = new String[KEYS];
  private int next;

  private final KeyHasher xxh3 = KeyHashers.xxh3();
  private final KeyHasher murmur3 = KeyHashers.murmur3();

  @SuppressWarnings("deprecation") // murmur3_128 is the baseline the issue names
  private final HashFunction guavaMurmur3 = com.google.common.hash.Hashing.murmur3_128();

  private final Hasher64 hash4jXxh3 = com.dynatrace.hash4j.hashing.Hashing.xxh3_64();

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:/-_";
    for (int i = 0; i < KEYS; i++) {
      StringBuilder key = new StringBuilder(keyLength);
      for (int c = 0; c < keyLength; c++) {
        key.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      keys[i] = key.toString();
    }
  }

  private String nextKey() {
    String key = keys[next];
    next = (next + 1) & (KEYS - 1);
    return key;
  }

  /** scaleblocks' default: XXH3-64 of the UTF-8 bytes, read straight from the string. */
  @Benchmark
  public long hashString() {
    return xxh3.hash(nextKey());
  }

  /** scaleblocks' Murmur3, bit-compatible with the Guava baseline below. */
  @Benchmark
  public long hashStringMurmur3() {
    return murmur3.hash(nextKey());
  }

  @Benchmark
  public long baseline_guavaMurmur3() {
    return guavaMurmur3.hashString(nextKey(), UTF_8).asLong();
  }

  @Benchmark
  public long baseline_hash4jXxh3() {
    return hash4jXxh3.hashCharsToLong(nextKey());
  }
}
