package io.github.scaleblocks.mapreduce;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 *
 * <p>Keys given as bytes ({@link #addBytes}, from {@link MapContext#emitBytes}) go through a second
 * table of the same shape in front of the first: its slots hold a hash of the bytes and the offset
 * of a record in one {@code byte[]} arena, which holds the index of the key's entry in the dense
 * arrays above, the length and a copy of the bytes. A hit (almost every pair of a word count)
 * compares bytes and updates the value in place: no key object, no {@code hashCode}/{@code equals}.
 * A miss decodes the key with the job's {@link KeyDecoder} and adds it as {@link #add} would
 * (finding the entry if an equal key object, or other bytes decoding to an equal key, came first),
 * then remembers the bytes. So the key object of a byte sequence is built once per buffer, and keys
 * emitted as objects and as bytes meet in the same entries. With a {@link LongCombiner} a hit
 * combines into a pending {@code long} inside the record, next to the bytes it just compared,
 * instead of the entry's value; pending values are folded into the entries before anything reads
 * them ({@link #forEach}). A hit then touches the slot and one record, usually two cache lines: on
 * a word count with a large vocabulary the cost of a lookup is its cache misses.
 */
final class MapBuffer<K, V> {
  private static final int INITIAL_CAPACITY = 1 << 10;
  private static final Object[] NO_VALUES = {};
  private static final long[] NO_LONGS = {};
  private static final byte[] NO_BYTES = {};
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

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

  // The byte-key table (see the class notes); empty until the first addBytes. A slot is
  // hash << 32 | (record offset + 1); a record in the arena is the key entry's index (4 bytes),
  // the length (4 bytes, the sign bit flags a pending value), a pending long value (8 bytes, see
  // combinePending), then the bytes padded to 8: one cache line for most keys.
  private static final int HEADER = 16;
  private final @Nullable KeyDecoder<K> keyDecoder;
  private long[] byteSlots = NO_LONGS;
  private int byteMask = -1;
  private int byteResizeAt;
  private byte[] arena = NO_BYTES;
  private int arenaSize;
  private int byteSize;
  private boolean pending;

  long estimatedBytes;
  long combineInput;

  MapBuffer(int partitionCount, Partitioner<K> partitioner, @Nullable Combiner<V> combiner) {
    this(partitionCount, partitioner, combiner, null);
  }

  MapBuffer(
      int partitionCount,
      Partitioner<K> partitioner,
      @Nullable Combiner<V> combiner,
      @Nullable KeyDecoder<K> keyDecoder) {
    this.keyDecoder = keyDecoder;
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

  /** Adds the pair; returns the index of the key's entry. */
  int add(K key, V value) {
    int hash = mix(key.hashCode());
    int i = find(key, hash);
    if (i >= 0) {
      combineAt(i, value);
      return i;
    }
    return insert(key, value, hash, -1 - i);
  }

  /** Combines {@code value} into entry {@code i}. */
  @SuppressWarnings("unchecked")
  private void combineAt(int i, V value) {
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
  }

  /** Inserts a new entry for {@code key} at the empty slot {@code slot}; returns its index. */
  private int insert(K key, V value, int hash, int slot) {
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
    slots[slot] = ((long) hash << 32) | (index + 1L);
    entryPartitions = null;
    if (++size > resizeAt) {
      growSlots();
    }
    return index;
  }

  /**
   * Adds the pair whose key is given as {@code bytes[offset, offset + length)}, decoded by the key
   * decoder only if these bytes were not seen since the buffer was created or reset.
   */
  void addBytes(byte[] bytes, int offset, int length, V value) {
    int hash = mix(hashBytes(bytes, offset, length));
    long[] ss = byteSlots;
    int m = byteMask;
    int i = hash & m;
    if (m >= 0) {
      byte[] a = arena;
      while (true) {
        long s = ss[i];
        if (s == 0) {
          break;
        }
        if ((int) (s >>> 32) == hash) {
          int record = (int) s - 1;
          int lengthWord = (int) INTS.get(a, record + 4);
          if ((lengthWord & Integer.MAX_VALUE) == length
              && sameBytes(a, record + HEADER, bytes, offset, length)) {
            if (mode == Mode.LONGS) {
              combinePending(a, record, lengthWord, value);
            } else {
              combineAt((int) INTS.get(a, record), value);
            }
            return;
          }
        }
        i = (i + 1) & m;
      }
    }
    KeyDecoder<K> decoder = keyDecoder;
    if (decoder == null) {
      throw new IllegalStateException("no key decoder");
    }
    K key = decoder.decode(bytes, offset, length);
    if (key == null) {
      throw new NullPointerException("the key decoder " + decoder + " returned null");
    }
    int index = add(key, value);
    rememberBytes(bytes, offset, length, hash, index);
  }

  /**
   * Combines a long value into a record's pending value (with a {@link LongCombiner}): the value
   * sits next to the key's bytes, so a hit touches one record instead of the record and the key's
   * entry. {@link #foldPending()} moves pending values into the entries before they are read. For a
   * sum the pending value starts at 0; for another combiner the length word's sign bit says whether
   * there is one.
   */
  private void combinePending(byte[] a, int record, int lengthWord, V value) {
    combineInput++;
    long v = ((Number) value).longValue();
    pending = true;
    if (longSum) {
      LONGS.set(a, record + 8, (long) LONGS.get(a, record + 8) + v);
    } else if (lengthWord < 0) {
      LONGS.set(a, record + 8, longCombiner().combineLong((long) LONGS.get(a, record + 8), v));
    } else {
      LONGS.set(a, record + 8, v);
      INTS.set(a, record + 4, lengthWord | Integer.MIN_VALUE);
    }
  }

  /** Combines every record's pending value into its key's entry. */
  private void foldPending() {
    if (!pending) {
      return;
    }
    byte[] a = arena;
    int record = 0;
    while (record < arenaSize) {
      int index = (int) INTS.get(a, record);
      int lengthWord = (int) INTS.get(a, record + 4);
      long value = (long) LONGS.get(a, record + 8);
      if (longSum) {
        longs[index] += value;
        LONGS.set(a, record + 8, 0L);
      } else if (lengthWord < 0) {
        longs[index] = longCombiner().combineLong(longs[index], value);
        INTS.set(a, record + 4, lengthWord & Integer.MAX_VALUE);
      }
      record += recordSize(lengthWord & Integer.MAX_VALUE);
    }
    pending = false;
  }

  /** A record's size: the header and the bytes, padded to 8 so headers stay aligned. */
  private static int recordSize(int length) {
    return HEADER + ((length + 7) & ~7);
  }

  private void rememberBytes(byte[] bytes, int offset, int length, int hash, int index) {
    if (byteMask < 0) {
      byteSlots = new long[INITIAL_CAPACITY];
      byteMask = INITIAL_CAPACITY - 1;
      byteResizeAt = INITIAL_CAPACITY >>> 1;
      arena = new byte[INITIAL_CAPACITY * 16];
    }
    long needed = (long) arenaSize + HEADER + ((length + 7L) & ~7L);
    if (needed > arena.length) {
      long capacity = Math.max((long) arena.length * 2, needed);
      if (capacity > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("a map task's byte keys exceed 2 GB; lower the budget");
      }
      arena = Arrays.copyOf(arena, (int) capacity);
    }
    int record = arenaSize;
    INTS.set(arena, record, index);
    INTS.set(arena, record + 4, length);
    LONGS.set(arena, record + 8, 0L);
    System.arraycopy(bytes, offset, arena, record + HEADER, length);
    arenaSize = (int) needed;
    byteSize++;
    long[] ss = byteSlots;
    int m = byteMask;
    int i = hash & m;
    while (ss[i] != 0) {
      i = (i + 1) & m;
    }
    ss[i] = ((long) hash << 32) | (record + 1L);
    // The record and two slots at load 1/2.
    estimatedBytes += recordSize(length) + 16;
    if (byteSize > byteResizeAt) {
      byteSlots = grow(byteSlots);
      byteMask = byteSlots.length - 1;
      byteResizeAt = byteSlots.length >>> 1;
    }
  }

  /**
   * Whether {@code a[aFrom, aFrom + length)} equals {@code b[bFrom, bFrom + length)}: eight bytes
   * at a time (the last eight overlapping) from eight bytes on, as keys are short and a call to
   * {@code Arrays.equals} costs more than the comparison.
   */
  private static boolean sameBytes(byte[] a, int aFrom, byte[] b, int bFrom, int length) {
    if (length < 8) {
      for (int k = 0; k < length; k++) {
        if (a[aFrom + k] != b[bFrom + k]) {
          return false;
        }
      }
      return true;
    }
    int last = length - 8;
    for (int k = 0; k < last; k += 8) {
      if ((long) LONGS.get(a, aFrom + k) != (long) LONGS.get(b, bFrom + k)) {
        return false;
      }
    }
    return (long) LONGS.get(a, aFrom + last) == (long) LONGS.get(b, bFrom + last);
  }

  /** A polynomial hash of the bytes, four at a time; {@link #mix} spreads it. */
  private static int hashBytes(byte[] bytes, int offset, int length) {
    int h = length;
    int i = offset;
    int end = offset + length;
    for (; i + 4 <= end; i += 4) {
      h =
          h * 923521 // 31^4
              + bytes[i] * 29791
              + bytes[i + 1] * 961
              + bytes[i + 2] * 31
              + bytes[i + 3];
    }
    for (; i < end; i++) {
      h = 31 * h + bytes[i];
    }
    return h;
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
    slots = grow(slots);
    mask = slots.length - 1;
    resizeAt = slots.length >>> 1;
  }

  /** Twice the slots, reinserted by their stored hashes. */
  private static long[] grow(long[] old) {
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
    return grown;
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
    foldPending();
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
    if (byteSize > 0) {
      Arrays.fill(byteSlots, 0);
      byteSize = 0;
      arenaSize = 0;
      pending = false;
    }
    entryPartitions = null;
    partitionSizes = null;
    estimatedBytes = 0;
  }
}
