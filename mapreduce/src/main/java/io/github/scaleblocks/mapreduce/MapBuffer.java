package io.github.scaleblocks.mapreduce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One map task's buffer: a hash table from key to the key's combined value (with a combiner), to
 * the list of its values (without), or to a primitive {@code long} (with a {@link LongCombiner}).
 * Tracks an estimate of its heap use. Not thread-safe: one per task attempt.
 *
 * <p>Design notes: why not a {@link java.util.HashMap} per reduce partition, as before? On a word
 * count almost every record hits a key that is already there, so the cost is the lookup, and the
 * lookup's cost is cache misses. This table is "compact" (as CPython's dict): an open-addressing
 * {@code long[]} of slots, each holding a key's mixed hash and its index into dense arrays of keys
 * and values kept in insertion order. A probe compares hashes inside the slot array and touches a
 * key only when its hash matches; frequent keys, which arrive first, sit together at the start of
 * the dense arrays (and the garbage collector, copying them in array order, keeps their objects
 * together too), so they stay in cache; there are no entry objects; a combined {@code long} is
 * updated in place (no boxed value per record, no {@code merge} lambda); and it is one table for
 * the whole task: the {@link Partitioner} runs once per distinct key when the buffer is flushed
 * (merged or spilled), not once per record. Linear probing, load factor at most 1/2, doubling by
 * reinserting the slots (keys are not rehashed).
 */
final class MapBuffer<K, V> {
  private static final int INITIAL_CAPACITY = 1 << 10;
  private static final Object[] NO_VALUES = {};
  private static final long[] NO_LONGS = {};

  /** How values are held: combined objects, lists of values, or combined primitive longs. */
  private enum Mode {
    COMBINED,
    LISTS,
    LONGS
  }

  private final int partitionCount;
  private final Partitioner<K> partitioner;
  private final Mode mode;
  private final @Nullable Combiner<V> combiner;
  private final @Nullable LongCombiner longCombiner;
  private final boolean longSum;

  /** 0 when empty, else {@code hash << 32 | (index + 1)}. */
  private long[] slots;

  private int mask;
  private int resizeAt;

  // Dense, in insertion order; entries [0, size) are used. NullAway does not track array elements.
  private Object[] keys;
  private Object[] values;
  private long[] longs;
  private int size;

  /** The partition of each entry's key, computed by {@link #assignPartitions()}; or null. */
  private int @Nullable [] entryPartitions;

  private int @Nullable [] partitionSizes;

  long estimatedBytes;
  long combineInput;

  MapBuffer(int partitionCount, Partitioner<K> partitioner, @Nullable Combiner<V> combiner) {
    this.partitionCount = partitionCount;
    this.partitioner = partitioner;
    this.combiner = combiner;
    if (combiner instanceof LongCombiner lc) {
      this.mode = Mode.LONGS;
      this.longCombiner = lc;
      this.longSum = lc == Combiners.longSum();
    } else {
      this.mode = combiner == null ? Mode.LISTS : Mode.COMBINED;
      this.longCombiner = null;
      this.longSum = false;
    }
    slots = new long[INITIAL_CAPACITY];
    mask = INITIAL_CAPACITY - 1;
    resizeAt = INITIAL_CAPACITY >>> 1;
    keys = new Object[resizeAt];
    values = mode == Mode.LONGS ? NO_VALUES : new Object[resizeAt];
    longs = mode == Mode.LONGS ? new long[resizeAt] : NO_LONGS;
  }

  /** Murmur3's finaliser: {@code hashCode()}s are often weak in their low bits. */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** Returns the index of {@code key}'s entry, or -1 - the empty slot where it belongs. */
  private int find(Object key, int hash) {
    long[] ss = slots;
    Object[] ks = keys;
    int m = mask;
    int i = hash & m;
    while (true) {
      long s = ss[i];
      if (s == 0) {
        return -1 - i;
      }
      if ((int) (s >>> 32) == hash) {
        int index = (int) s - 1;
        Object k = ks[index];
        if (k == key || k.equals(key)) {
          return index;
        }
      }
      i = (i + 1) & m;
    }
  }

  @SuppressWarnings("unchecked")
  void add(K key, V value) {
    int hash = mix(key.hashCode());
    int i = find(key, hash);
    if (i >= 0) {
      switch (mode) {
        case LONGS -> {
          combineInput++;
          long v = ((Number) value).longValue();
          if (longSum) {
            longs[i] += v;
          } else {
            longs[i] = longCombiner().combineLong(longs[i], v);
          }
        }
        case COMBINED -> {
          combineInput++;
          values[i] = requireCombined(combiner().combine((V) values[i], value));
        }
        case LISTS -> {
          ((List<Object>) values[i]).add(value);
          estimatedBytes += Sizes.REFERENCE + Sizes.of(value);
        }
      }
      return;
    }
    int index = size;
    if (index == keys.length) {
      growEntries();
    }
    switch (mode) {
      case LONGS -> {
        combineInput++;
        longs[index] = ((Number) value).longValue();
        estimatedBytes += Sizes.MAP_ENTRY + Sizes.of(key) + 16;
      }
      case COMBINED -> {
        combineInput++;
        values[index] = value;
        estimatedBytes += Sizes.MAP_ENTRY + Sizes.of(key) + Sizes.of(value);
      }
      case LISTS -> {
        List<Object> list = new ArrayList<>(2);
        list.add(value);
        values[index] = list;
        estimatedBytes +=
            Sizes.MAP_ENTRY + Sizes.LIST + Sizes.of(key) + Sizes.REFERENCE + Sizes.of(value);
      }
    }
    keys[index] = key;
    slots[-1 - i] = ((long) hash << 32) | (index + 1L);
    entryPartitions = null;
    if (++size > resizeAt) {
      growSlots();
    }
  }

  private static Object requireCombined(@Nullable Object combined) {
    if (combined == null) {
      throw new NullPointerException("the combiner returned null");
    }
    return combined;
  }

  private Combiner<V> combiner() {
    Combiner<V> c = combiner;
    if (c == null) {
      throw new IllegalStateException("no combiner");
    }
    return c;
  }

  private LongCombiner longCombiner() {
    LongCombiner c = longCombiner;
    if (c == null) {
      throw new IllegalStateException("no long combiner");
    }
    return c;
  }

  private void growEntries() {
    int capacity = Math.max(16, keys.length * 2);
    keys = Arrays.copyOf(keys, capacity);
    if (mode == Mode.LONGS) {
      longs = Arrays.copyOf(longs, capacity);
    } else {
      values = Arrays.copyOf(values, capacity);
    }
  }

  private void growSlots() {
    long[] old = slots;
    long[] grown = new long[old.length * 2];
    int m = grown.length - 1;
    for (long s : old) {
      if (s != 0) {
        int i = (int) (s >>> 32) & m;
        while (grown[i] != 0) {
          i = (i + 1) & m;
        }
        grown[i] = s;
      }
    }
    slots = grown;
    mask = m;
    resizeAt = grown.length >>> 1;
  }

  /** Whether values are lists (no combiner): a pair leaves the buffer per value, not per key. */
  boolean valueLists() {
    return mode == Mode.LISTS;
  }

  int partitionCount() {
    return partitionCount;
  }

  /** Distinct keys buffered (for a combiner: pairs leaving the buffer). */
  long entries() {
    return size;
  }

  /** Distinct keys of {@code partition}. */
  int size(int partition) {
    return assignPartitions()[partition];
  }

  /**
   * Runs the partitioner once per distinct key; returns the number of keys per partition. Throws if
   * the partitioner returns a partition out of range.
   */
  private int[] assignPartitions() {
    int[] counts = partitionSizes;
    if (entryPartitions != null && counts != null) {
      return counts;
    }
    int[] parts = new int[size];
    counts = new int[partitionCount];
    for (int i = 0; i < size; i++) {
      @SuppressWarnings("unchecked")
      K key = (K) keys[i];
      int p = partitioner.partition(key, partitionCount);
      if (p < 0 || p >= partitionCount) {
        throw new IllegalStateException(
            "partitioner returned "
                + p
                + " for key "
                + key
                + "; expected [0, "
                + partitionCount
                + ")");
      }
      parts[i] = p;
      counts[p]++;
    }
    entryPartitions = parts;
    partitionSizes = counts;
    return counts;
  }

  /**
   * Calls {@code action} with each key of {@code partition} and its value, in insertion order: the
   * combined value (a {@code Long} for a {@link LongCombiner}), or the {@code List} of values
   * without a combiner.
   */
  @SuppressWarnings("unchecked")
  void forEach(int partition, BiConsumer<? super K, Object> action) {
    assignPartitions();
    int[] parts = entryPartitions;
    if (parts == null) {
      throw new IllegalStateException("partitions not assigned");
    }
    boolean boxLongs = mode == Mode.LONGS;
    for (int i = 0; i < size; i++) {
      if (parts[i] == partition) {
        action.accept((K) keys[i], boxLongs ? (Object) longs[i] : values[i]);
      }
    }
  }

  /** Forgets the contents (after a spill); objects handed out before stay intact. */
  void reset() {
    if (size > 0) {
      Arrays.fill(slots, 0);
      Arrays.fill(keys, 0, size, null);
      if (mode != Mode.LONGS) {
        Arrays.fill(values, 0, size, null);
      }
    }
    size = 0;
    entryPartitions = null;
    partitionSizes = null;
    estimatedBytes = 0;
  }
}
