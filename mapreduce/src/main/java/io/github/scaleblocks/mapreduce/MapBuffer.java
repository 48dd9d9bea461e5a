package io.github.scaleblocks.mapreduce;

import io.github.scaleblocks.core.internal.Checks;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 * open-addressing table in front of the first, laid out so that a hit touches one cache line: a
 * 32-byte slot holds a tag (a hash of the bytes and their length), the key's first 16 bytes (a
 * longer key's first 8 and the offset of its copy in a side arena), and a pending {@code long}
 * value. Slots start at 32-byte boundaries of the array, so one whose array is line-aligned (G1
 * allocates large arrays at a region's start) never straddles two lines. A hit (almost every pair
 * of a word count) compares the tag and two words and updates the value in place: no key object, no
 * {@code hashCode}/{@code equals}, no byte loop for keys up to 16 bytes. A miss decodes the key
 * with the job's {@link KeyDecoder} and adds it as {@link #add} would (finding the entry if an
 * equal key object, or other bytes decoding to an equal key, came first), then remembers the bytes
 * and the entry's index (in a parallel {@code int[]}, read only when folding). So the key object of
 * a byte sequence is built once per buffer, and keys emitted as objects and as bytes meet in the
 * same entries. With a {@link LongCombiner} a hit combines into the slot's pending {@code long};
 * pending values are folded into the entries before anything reads them ({@link #forEach}); other
 * combiners combine into the entry. On a word count with a large vocabulary the cost of a lookup is
 * its cache misses, and the earlier layout (a slot of hash and record offset, the record in an
 * arena) took two dependent ones per rare word where this takes one.
 */
final class MapBuffer<K, V> {
  private static final int INITIAL_CAPACITY = 1 << 10;
  private static final Object[] NO_VALUES = {};
  private static final long[] NO_LONGS = {};
  private static final byte[] NO_BYTES = {};
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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

  /**
   * For each entry, a byte-table slot that maps to it or -1, computed by the first {@link
   * #mergeInto} of a finished buffer for the others (one per partition); null when stale.
   */
  private int @Nullable [] entrySlots;

  /** The partition of each entry's key, computed by {@link #assignPartitions()}; or null. */
  private int @Nullable [] entryPartitions;

  private int @Nullable [] partitionSizes;

  // The byte-key table (see the class notes); empty until the first addBytes. Slot i is
  // byteTable[BASE + 4 * i ...]: the tag (hash << 32 | length + 1, bit 31 flags a pending value of
  // a combiner other than a sum; 0 when the slot is empty), the first eight key bytes (little
  // endian, zero padded), the next eight or, for a key longer than 16 bytes, the offset of its
  // bytes in longKeys, and the pending long value. BASE puts the slots of a line-aligned array's
  // data (which starts 16 bytes in) on 32-byte boundaries.
  private static final int BASE = 2;
  private static final int SHORT_KEY = 16;
  private static final long PENDING = 1L << 31;
  private static final long TAG_MASK = ~PENDING;
  private static final int[] NO_INTS = {};
  private final @Nullable KeyDecoder<K> keyDecoder;
  private long[] byteTable = NO_LONGS;
  private int[] byteEntries = NO_INTS;
  private int byteMask = -1;
  private int byteResizeAt;
  private int byteSize;
  private byte[] longKeys = NO_BYTES;
  private int longKeysSize;
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
    this(partitionCount, partitioner, combiner, keyDecoder, 0);
  }

  /**
   * A buffer whose tables start large enough for {@code expectedKeys} keys (0: the smallest
   * tables), so a task that sees as many keys as an earlier one neither rehashes nor leaves the
   * smaller tables it grew through as garbage: for 100,000 keys that is about 8 MiB less allocation
   * per task, in arrays large enough for G1 to allocate outside the young generation.
   */
  MapBuffer(
      int partitionCount,
      Partitioner<K> partitioner,
      @Nullable Combiner<V> combiner,
      @Nullable KeyDecoder<K> keyDecoder,
      int expectedKeys) {
    Checks.argument(expectedKeys >= 0, "expectedKeys must not be negative but was " + expectedKeys);
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
    int capacity = INITIAL_CAPACITY;
    while (capacity >>> 1 < expectedKeys && capacity < MAX_HINTED_CAPACITY) {
      capacity <<= 1;
    }
    slots = new long[capacity];
    mask = capacity - 1;
    resizeAt = capacity >>> 1;
    keys = new Object[resizeAt];
    values = mode == Mode.LONGS ? NO_VALUES : new Object[resizeAt];
    longs = mode == Mode.LONGS ? new long[resizeAt] : NO_LONGS;
    int byteCapacity = INITIAL_CAPACITY;
    while (byteLimit(byteCapacity) < expectedKeys && byteCapacity < MAX_HINTED_CAPACITY) {
      byteCapacity <<= 1;
    }
    this.byteInitialCapacity = byteCapacity;
  }

  /** The largest table a hint starts with (2^22 slots); tables grow past it as they fill. */
  private static final int MAX_HINTED_CAPACITY = 1 << 22;

  /** The byte table's capacity when the first byte key arrives (after a reset too). */
  private final int byteInitialCapacity;

  /** The most entries this buffer held before any {@link #reset()}. */
  private int mostEntries;

  /** The most entries the buffer held at once: what a later buffer can be sized for. */
  int mostEntries() {
    return Math.max(mostEntries, size);
  }

  /** The byte table's slots (0 before the first byte key; for tests). */
  int byteCapacity() {
    return byteEntries.length;
  }

  /** The object table's slots (for tests). */
  int slotCapacity() {
    return slots.length;
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
        mergeValueAt(i, ((Number) value).longValue(), null);
      }
      case COMBINED -> {
        combineInput++;
        mergeValueAt(i, 0, value);
      }
      case LISTS -> {
        ((List<Object>) values[i]).add(value);
        estimatedBytes += Sizes.REFERENCE + Sizes.of(value);
      }
    }
  }

  /** Inserts a new entry for {@code key} at the empty slot {@code slot}; returns its index. */
  private int insert(K key, V value, int hash, int slot) {
    switch (mode) {
      case LONGS -> {
        combineInput++;
        return place(key, hash, slot, ((Number) value).longValue(), null);
      }
      case COMBINED -> {
        combineInput++;
        return place(key, hash, slot, 0, value);
      }
      default -> {
        List<Object> list = new ArrayList<>(2);
        list.add(value);
        estimatedBytes += Sizes.REFERENCE + Sizes.of(value);
        return place(key, hash, slot, 0, list);
      }
    }
  }

  /**
   * Puts a new entry for {@code key} at the empty slot {@code slot} with its whole value: the long
   * (with a {@link LongCombiner}), the combined value, or the list of values, which it takes over.
   * Counts the entry, but not a list's values, in the estimate. Returns the entry's index.
   */
  private int place(K key, int hash, int slot, long longValue, @Nullable Object value) {
    int index = size;
    if (index == keys.length) {
      growEntries();
    }
    switch (mode) {
      case LONGS -> {
        longs[index] = longValue;
        estimatedBytes += Sizes.MAP_ENTRY + Sizes.of(key) + 16;
      }
      case COMBINED -> {
        Object combined = requireCombined(value);
        values[index] = combined;
        estimatedBytes += Sizes.MAP_ENTRY + Sizes.of(key) + Sizes.of(combined);
      }
      case LISTS -> {
        values[index] = requireCombined(value);
        estimatedBytes += Sizes.MAP_ENTRY + Sizes.LIST + Sizes.of(key);
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
    long first;
    long second;
    int hash;
    if (length <= SHORT_KEY) {
      if (length <= 8) {
        first = word(bytes, offset, length);
        second = 0;
      } else {
        first = word(bytes, offset, 8);
        second = word(bytes, offset + 8, length - 8);
      }
      hash = hash(first, second, length);
    } else {
      first = (long) LONGS.get(bytes, offset);
      second = 0;
      hash = hashLong(bytes, offset, length);
    }
    long tag = ((long) hash << 32) | (length + 1L);
    int i = 0; // where a new key goes; rememberBytes places the first key itself
    if (byteMask >= 0) {
      int found = probe(tag, first, second, bytes, offset, length);
      if (found >= 0) {
        int at = BASE + (found << 2);
        if (mode == Mode.LONGS) {
          combinePending(byteTable, at, byteTable[at], value);
        } else {
          combineAt(byteEntries[found], value);
        }
        return;
      }
      i = -1 - found;
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
    if (length > SHORT_KEY) {
      second = copyLongKey(bytes, offset, length);
    }
    rememberBytes(i, tag, first, second, index);
  }

  /**
   * The byte-table slot holding the key with {@code tag} and first words {@code first} and {@code
   * second}, or -1 - the empty slot where it belongs. A key longer than 16 bytes is compared in
   * full: its bytes are {@code keyBytes[keyOffset, keyOffset + length)}. The table must exist.
   */
  private int probe(long tag, long first, long second, byte[] keyBytes, int keyOffset, int length) {
    long[] t = byteTable;
    int m = byteMask;
    int i = (int) (tag >>> 32) & m;
    while (true) {
      int at = BASE + (i << 2);
      long s = t[at];
      if (s == 0) {
        return -1 - i;
      }
      if ((s & TAG_MASK) == tag
          && t[at + 1] == first
          && (length <= SHORT_KEY
              ? t[at + 2] == second
              : sameBytes(longKeys, (int) t[at + 2], keyBytes, keyOffset, length))) {
        return i;
      }
      i = (i + 1) & m;
    }
  }

  /**
   * Combines a long value into a slot's pending value (with a {@link LongCombiner}): the value sits
   * next to the key's bytes, so a hit touches one slot instead of the slot and the key's entry.
   * {@link #foldPending()} moves pending values into the entries before they are read. For a sum
   * the pending value starts at 0; for another combiner the tag's {@link #PENDING} bit says whether
   * there is one.
   */
  private void combinePending(long[] t, int at, long tag, V value) {
    combineInput++;
    combinePendingLong(t, at, tag, ((Number) value).longValue());
  }

  /** {@link #combinePending} of a primitive long, not counted as combiner input. */
  private void combinePendingLong(long[] t, int at, long tag, long v) {
    pending = true;
    if (longSum) {
      t[at + 3] += v;
    } else if ((tag & PENDING) != 0) {
      t[at + 3] = longCombiner().combineLong(t[at + 3], v);
    } else {
      t[at + 3] = v;
      t[at] = tag | PENDING;
    }
  }

  /** Combines every slot's pending value into its key's entry. */
  private void foldPending() {
    if (!pending) {
      return;
    }
    long[] t = byteTable;
    int[] entries = byteEntries;
    for (int i = 0; i < entries.length; i++) {
      int at = BASE + (i << 2);
      long tag = t[at];
      if (tag == 0) {
        continue;
      }
      int index = entries[i];
      if (longSum) {
        longs[index] += t[at + 3];
        t[at + 3] = 0;
      } else if ((tag & PENDING) != 0) {
        longs[index] = longCombiner().combineLong(longs[index], t[at + 3]);
        t[at] = tag & TAG_MASK;
      }
    }
    pending = false;
  }

  /** Copies a key longer than 16 bytes to {@link #longKeys}; returns its offset there. */
  private long copyLongKey(byte[] bytes, int offset, int length) {
    long needed = (long) longKeysSize + length;
    if (needed > longKeys.length) {
      long capacity = Math.max(Math.max((long) longKeys.length * 2, needed), 1024);
      if (capacity > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("a map task's byte keys exceed 2 GB; lower the budget");
      }
      estimatedBytes += capacity - longKeys.length;
      longKeys = Arrays.copyOf(longKeys, (int) capacity);
    }
    int at = longKeysSize;
    System.arraycopy(bytes, offset, longKeys, at, length);
    longKeysSize = (int) needed;
    return at;
  }

  /** Fills the empty slot {@code i} (found by the probe that missed), growing the table if due. */
  private void rememberBytes(int i, long tag, long first, long second, int index) {
    if (byteMask < 0) {
      int capacity = byteInitialCapacity;
      byteTable = new long[BASE + 4 * capacity];
      byteEntries = new int[capacity];
      byteMask = capacity - 1;
      byteResizeAt = byteLimit(capacity);
      estimatedBytes += tableBytes(capacity);
      i = (int) (tag >>> 32) & byteMask;
    }
    long[] t = byteTable;
    int at = BASE + (i << 2);
    t[at] = tag;
    t[at + 1] = first;
    t[at + 2] = second;
    t[at + 3] = 0;
    byteEntries[i] = index;
    entrySlots = null;
    byteSize++;
    if (byteSize > byteResizeAt) {
      growByteTable();
    }
  }

  /** Twice the slots, reinserted by the hashes in their tags. */
  private void growByteTable() {
    int capacity = byteEntries.length * 2;
    long[] t = new long[BASE + 4 * capacity];
    int[] entries = new int[capacity];
    int m = capacity - 1;
    long[] old = byteTable;
    for (int j = 0; j < byteEntries.length; j++) {
      int from = BASE + (j << 2);
      long tag = old[from];
      if (tag == 0) {
        continue;
      }
      int i = (int) (tag >>> 32) & m;
      while (t[BASE + (i << 2)] != 0) {
        i = (i + 1) & m;
      }
      System.arraycopy(old, from, t, BASE + (i << 2), 4);
      entries[i] = byteEntries[j];
    }
    byteTable = t;
    byteEntries = entries;
    entrySlots = null;
    byteMask = m;
    byteResizeAt = byteLimit(capacity);
    estimatedBytes += tableBytes(capacity) - tableBytes(capacity >>> 1);
  }

  /**
   * The most keys a byte table of {@code capacity} slots holds before it doubles: 13/16 of it (the
   * object table stops at 1/2). A rare word's probe lands on a random slot, so its cost is a cache
   * miss and, in a table of megabytes, a TLB miss (with transparent huge pages the same run took a
   * fifth less time); a fuller table touches fewer lines and pages. Frequent keys arrive first and
   * stay at or next to their home slot, so the longer probe runs of a full linear-probing table
   * fall on rare keys, and mostly within the line or page the probe reads anyway. For 100,000 words
   * this is a 4 MiB table instead of 8: 12 % less time on one thread, 7 % on two.
   */
  private static int byteLimit(int capacity) {
    return capacity - (capacity >>> 2) + (capacity >>> 4);
  }

  /**
   * The heap a byte table of {@code capacity} slots takes (32 bytes and an entry index per slot):
   * the table counts against the budget at its real size, not per key, as up to half of it is
   * empty.
   */
  private static long tableBytes(int capacity) {
    return 36L * capacity;
  }

  /**
   * The {@code n} (0 to 8) bytes at {@code a[from]} as a little-endian long, zero padded: one
   * unaligned read when eight bytes fit in the array from {@code from} or end at {@code from + n}.
   */
  private static long word(byte[] a, int from, int n) {
    if (n == 0) {
      return 0;
    }
    if (from + 8 <= a.length) {
      long w = (long) LONGS.get(a, from);
      return n == 8 ? w : w & ((1L << (n << 3)) - 1);
    }
    int start = from + n - 8;
    if (start >= 0) {
      return (long) LONGS.get(a, start) >>> ((8 - n) << 3);
    }
    long w = 0;
    for (int k = n - 1; k >= 0; k--) {
      w = (w << 8) | (a[from + k] & 0xFF);
    }
    return w;
  }

  /**
   * A hash of a key of up to 16 bytes given as two words: two rounds of multiply, with the high
   * half folded into the low half (the probe uses the low bits).
   */
  private static int hash(long first, long second, int length) {
    long h = (first * 0x9E3779B97F4A7C15L) ^ second ^ length;
    h *= 0xC2B2AE3D27D4EB4FL;
    return (int) (h ^ (h >>> 32));
  }

  /** The same kind of hash over all the bytes of a longer key, eight at a time. */
  private static int hashLong(byte[] bytes, int offset, int length) {
    long h = length;
    int end = offset + length;
    int i = offset;
    for (; i + 8 <= end; i += 8) {
      h = (h ^ (long) LONGS.get(bytes, i)) * 0x9E3779B97F4A7C15L;
    }
    h ^= word(bytes, i, end - i);
    h *= 0xC2B2AE3D27D4EB4FL;
    return (int) (h ^ (h >>> 32));
  }

  /**
   * Whether {@code a[aFrom, aFrom + length)} equals {@code b[bFrom, bFrom + length)} for a length
   * of at least eight: eight bytes at a time, the last eight overlapping.
   */
  private static boolean sameBytes(byte[] a, int aFrom, byte[] b, int bFrom, int length) {
    int last = length - 8;
    for (int k = 0; k < last; k += 8) {
      if ((long) LONGS.get(a, aFrom + k) != (long) LONGS.get(b, bFrom + k)) {
        return false;
      }
    }
    return (long) LONGS.get(a, aFrom + last) == (long) LONGS.get(b, bFrom + last);
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

  /**
   * Merges this finished buffer's entries of {@code partition} into {@code into}, a buffer of the
   * same job that holds one partition's keys across finished tasks (see {@link JobRun}). A key this
   * buffer saw as bytes is looked up in {@code into} by those bytes, as {@link #addBytes} looks it
   * up: one probe of the byte table, no {@code hashCode} or {@code equals}, and with a {@link
   * LongCombiner} the long is combined into the slot. So merging a word count task's 100,000 words
   * boxes no value and stores no reference into {@code into} (by then in the old generation, where
   * every such store is work for the garbage collector's remembered sets) except for a new key.
   * Other keys are looked up as {@link #add} does. Whole values are merged: longs and combined
   * values by the combiner, lists of values appended (the list of a key new to {@code into} is
   * taken over, so this buffer must not be used afterwards). Keeps insertion order: keys new to
   * {@code into} are appended in this buffer's order.
   */
  @SuppressWarnings("unchecked")
  void mergeInto(MapBuffer<K, V> into, int partition) {
    Checks.argument(into != this, "a buffer cannot be merged into itself");
    Checks.argument(into.mode == mode, "buffers of different combiners cannot be merged");
    foldPending();
    assignPartitions();
    int[] parts = entryPartitions;
    if (parts == null) {
      throw new IllegalStateException("partitions not assigned");
    }
    int[] slotOf = entrySlots;
    if (slotOf == null || slotOf.length != size) {
      slotOf = slotsOfEntries();
      entrySlots = slotOf;
    }
    long[] t = byteTable;
    for (int e = 0; e < size; e++) {
      if (parts[e] != partition) {
        continue;
      }
      K key = (K) keys[e];
      long longValue = mode == Mode.LONGS ? longs[e] : 0;
      Object value = mode == Mode.LONGS ? null : values[e];
      int j = slotOf[e];
      if (j < 0) {
        into.mergeByKey(key, longValue, value);
      } else {
        int at = BASE + (j << 2);
        into.mergeByBytes(key, t[at] & TAG_MASK, t[at + 1], t[at + 2], longKeys, longValue, value);
      }
    }
  }

  /** For each entry, a byte-table slot that maps to it, or -1 when its key never came as bytes. */
  private int[] slotsOfEntries() {
    int[] slotOf = new int[size];
    Arrays.fill(slotOf, -1);
    long[] t = byteTable;
    int[] entries = byteEntries;
    for (int j = 0; j < entries.length; j++) {
      if (t[BASE + (j << 2)] != 0) {
        slotOf[entries[j]] = j;
      }
    }
    return slotOf;
  }

  /**
   * Merges a whole entry of another buffer whose key came as bytes: {@code tag}, {@code first} and
   * {@code second} as that buffer's slot held them (for a key longer than 16 bytes, {@code second}
   * is the offset of its bytes in {@code fromLongKeys}).
   */
  private void mergeByBytes(
      K key,
      long tag,
      long first,
      long second,
      byte[] fromLongKeys,
      long longValue,
      @Nullable Object value) {
    int length = (int) (tag & 0x7FFF_FFFFL) - 1;
    int i = 0; // where a new key goes; rememberBytes places the first key itself
    if (byteMask >= 0) {
      int found = probe(tag, first, second, fromLongKeys, (int) second, length);
      if (found >= 0) {
        int at = BASE + (found << 2);
        if (mode == Mode.LONGS) {
          combinePendingLong(byteTable, at, byteTable[at], longValue);
        } else {
          mergeValueAt(byteEntries[found], longValue, value);
        }
        return;
      }
      i = -1 - found;
    }
    int index = mergeByKey(key, longValue, value);
    long stored = length > SHORT_KEY ? copyLongKey(fromLongKeys, (int) second, length) : second;
    rememberBytes(i, tag, first, stored, index);
  }

  /** Merges a whole entry of another buffer by its key object; returns the entry's index here. */
  private int mergeByKey(K key, long longValue, @Nullable Object value) {
    int hash = mix(key.hashCode());
    int i = find(key, hash);
    if (i >= 0) {
      mergeValueAt(i, longValue, value);
      return i;
    }
    int index = place(key, hash, -1 - i, longValue, value);
    if (mode == Mode.LISTS) {
      estimatedBytes += listBytes((List<?>) requireCombined(value));
    }
    return index;
  }

  /** Combines another buffer's whole value of a key into entry {@code i}. */
  @SuppressWarnings("unchecked")
  private void mergeValueAt(int i, long longValue, @Nullable Object value) {
    switch (mode) {
      case LONGS ->
          longs[i] =
              longSum ? longs[i] + longValue : longCombiner().combineLong(longs[i], longValue);
      case COMBINED ->
          values[i] =
              requireCombined(combiner().combine((V) values[i], (V) requireCombined(value)));
      case LISTS -> {
        List<Object> more = (List<Object>) requireCombined(value);
        ((List<Object>) values[i]).addAll(more);
        estimatedBytes += listBytes(more);
      }
    }
  }

  /** The estimate of a list's values, as {@link #combineAt} counts them. */
  private static long listBytes(List<?> values) {
    long bytes = 0;
    for (Object v : values) {
      bytes += Sizes.REFERENCE + Sizes.of(v);
    }
    return bytes;
  }

  /**
   * The entries' indexes in insertion order, or sorted by {@code keyOrder}; brings the values up to
   * date, so {@link #keyAt} and {@link #valueAt} may be read after it.
   */
  @SuppressWarnings("unchecked")
  int[] entryOrder(@Nullable Comparator<? super K> keyOrder) {
    foldPending();
    if (keyOrder == null) {
      int[] order = new int[size];
      Arrays.setAll(order, i -> i);
      return order;
    }
    Integer[] sorted = new Integer[size];
    Arrays.setAll(sorted, i -> i);
    Arrays.sort(sorted, (a, b) -> keyOrder.compare((K) keys[a], (K) keys[b]));
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = sorted[i];
    }
    return order;
  }

  /** The key of entry {@code i}. */
  @SuppressWarnings("unchecked")
  K keyAt(int i) {
    return (K) keys[i];
  }

  /**
   * The value of entry {@code i} as {@link #forEach} gives it (after {@link #entryOrder}): a {@code
   * Long}, the combined value or the list of values.
   */
  Object valueAt(int i) {
    return mode == Mode.LONGS ? (Object) longs[i] : requireCombined(values[i]);
  }

  /** Calls {@code action} with every entry, whatever its partition, in insertion order. */
  void forEachEntry(BiConsumer<? super K, Object> action) {
    for (int i : entryOrder(null)) {
      action.accept(keyAt(i), valueAt(i));
    }
  }

  /** Forgets the contents (after a spill); objects handed out before stay intact. */
  void reset() {
    mostEntries = Math.max(mostEntries, size);
    if (size > 0) {
      Arrays.fill(slots, 0);
      Arrays.fill(keys, 0, size, null);
      if (mode != Mode.LONGS) {
        Arrays.fill(values, 0, size, null);
      }
    }
    size = 0;
    // The byte table is dropped, not cleared: after a spill it would otherwise hold its largest
    // size outside the budget (estimatedBytes starts again from 0).
    byteTable = NO_LONGS;
    byteEntries = NO_INTS;
    byteMask = -1;
    byteSize = 0;
    longKeys = NO_BYTES;
    longKeysSize = 0;
    pending = false;
    entryPartitions = null;
    partitionSizes = null;
    entrySlots = null;
    estimatedBytes = 0;
  }
}
