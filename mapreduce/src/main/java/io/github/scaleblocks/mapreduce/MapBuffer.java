package io.github.scaleblocks.mapreduce;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * One map task's buffer: a hash map per reduce partition. With a combiner each key holds one value,
 * merged eagerly on emit; without, each key holds the list of its values. Tracks an estimate of its
 * heap use. Not thread-safe: one per task attempt.
 */
final class MapBuffer<K, V> {
  private final HashMap<K, Object>[] partitions;
  private final Partitioner<K> partitioner;
  private final @Nullable BiFunction<Object, Object, Object> combine;
  long estimatedBytes;
  long combineInput;

  @SuppressWarnings("unchecked")
  MapBuffer(int partitionCount, Partitioner<K> partitioner, @Nullable Combiner<V> combiner) {
    this.partitions = new HashMap[partitionCount];
    for (int i = 0; i < partitionCount; i++) {
      partitions[i] = new HashMap<>();
    }
    this.partitioner = partitioner;
    this.combine = combiner == null ? null : (a, b) -> combiner.combine((V) a, (V) b);
  }

  @SuppressWarnings("unchecked")
  void add(K key, V value) {
    int p = partitioner.partition(key, partitions.length);
    if (p < 0 || p >= partitions.length) {
      throw new IllegalStateException(
          "partitioner returned "
              + p
              + " for key "
              + key
              + "; expected [0, "
              + partitions.length
              + ")");
    }
    HashMap<K, Object> map = partitions[p];
    if (combine != null) {
      combineInput++;
      int before = map.size();
      map.merge(key, value, combine);
      if (map.size() != before) {
        estimatedBytes += Sizes.MAP_ENTRY + Sizes.of(key) + Sizes.of(value);
      }
    } else {
      List<Object> values = (List<Object>) map.get(key);
      if (values == null) {
        values = new ArrayList<>(2);
        map.put(key, values);
        estimatedBytes += Sizes.MAP_ENTRY + Sizes.LIST + Sizes.of(key);
      }
      values.add(value);
      estimatedBytes += Sizes.REFERENCE + Sizes.of(value);
    }
  }

  boolean valueLists() {
    return combine == null;
  }

  int partitionCount() {
    return partitions.length;
  }

  HashMap<K, Object> partition(int p) {
    return partitions[p];
  }

  /** Entries across partitions (for a combiner: pairs leaving the buffer). */
  long entries() {
    long n = 0;
    for (HashMap<K, Object> map : partitions) {
      n += map.size();
    }
    return n;
  }

  /** Forgets the contents (after a spill); the maps handed out before stay intact. */
  void reset() {
    for (int i = 0; i < partitions.length; i++) {
      partitions[i] = new HashMap<>();
    }
    estimatedBytes = 0;
  }
}
