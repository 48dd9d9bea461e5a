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
   * {@code floorMod(spread(key.hashCode()), partitions)}, where spread mixes the high bits into the
   * low ones (as {@link java.util.HashMap} does) so keys with similar hash codes still spread.
   */
  static <K> Partitioner<K> hash() {
    return (key, partitions) -> {
      int h = key.hashCode();
      h ^= (h >>> 16);
      h *= 0x85ebca6b;
      h ^= (h >>> 13);
      return Math.floorMod(h, partitions);
    };
  }
}
