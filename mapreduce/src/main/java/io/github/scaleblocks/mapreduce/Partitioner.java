package io.github.scaleblocks.mapreduce;

import java.io.Serializable;

/**
 * Chooses the reduce partition of a key. Must be deterministic and thread-safe; {@link
 * Serializable} for Spark. {@link #hash()} is the default.
 *
 * @param <K> key type
 */
@FunctionalInterface
public interface Partitioner<K> extends Serializable {

  /** Returns a partition in {@code [0, partitions)} for {@code key}. */
  int partition(K key, int partitions);

  /**
   * Mixes {@code key.hashCode()} with MurmurHash3's 32-bit finaliser and maps the result to a
   * partition by its <em>high</em> bits (multiply-shift). Using the high bits of a fully mixed hash
   * matters: a {@link java.util.HashMap} indexes by the low bits of the same hash code, and a
   * partitioner that also used low bits would leave each partition's map with correlated, crowded
   * buckets.
   */
  static <K> Partitioner<K> hash() {
    return (key, partitions) -> {
      int h = key.hashCode();
      h ^= h >>> 16;
      h *= 0x85ebca6b;
      h ^= h >>> 13;
      h *= 0xc2b2ae35;
      h ^= h >>> 16;
      return (int) (((h & 0xFFFFFFFFL) * partitions) >>> 32);
    };
  }
}
