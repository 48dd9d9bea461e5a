package io.github.scaleblocks.loadbalancing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.HdrHistogram.Histogram;

/**
 * A latency histogram that records with one atomic increment and converts to an HdrHistogram {@link
 * Histogram} on demand.
 *
 * <p>The buckets are exactly those of {@code new Histogram(1_000, MAX_LATENCY_NANOS, 2)} (values
 * from 1 µs to one hour, 2 significant digits), so {@link #toHistogram()} gives the same histogram
 * HdrHistogram would have recorded. What it leaves out is HdrHistogram's running total, minimum and
 * maximum: those cost an extra atomic update per value in {@link org.HdrHistogram.AtomicHistogram},
 * on the path of every report. Here they are computed when someone asks (a scan of 3,456 counters),
 * which happens once per metrics snapshot or statistics interval, not once per call.
 */
final class LatencyRecorder {
  /** Latencies from 1 µs to 1 hour in nanoseconds, 2 significant digits. */
  static final long MAX_LATENCY_NANOS = 3_600_000_000_000L;

  static final long LOWEST_DISCERNIBLE_NANOS = 1_000L;
  static final int SIGNIFICANT_DIGITS = 2;

  // HdrHistogram's layout for (1_000, MAX_LATENCY_NANOS, 2): 2 digits need 200 distinct values per
  // bucket, so sub-buckets of 256 (magnitude 8, half 128); the unit is 2^9 = 512 ns, the largest
  // power of two not above 1_000; 26 buckets reach one hour.
  private static final int UNIT_MAGNITUDE = 9;
  private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = 7;
  private static final int SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
  private static final long SUB_BUCKET_MASK = (2L * SUB_BUCKET_HALF_COUNT - 1) << UNIT_MAGNITUDE;
  private static final int LEADING_ZERO_COUNT_BASE =
      64 - UNIT_MAGNITUDE - SUB_BUCKET_HALF_COUNT_MAGNITUDE - 1;
  private static final int BUCKET_COUNT = 26;
  static final int LENGTH = (BUCKET_COUNT + 1) * SUB_BUCKET_HALF_COUNT;

  /**
   * Element access to {@link #counts} (a plain array: one indirection less than AtomicLongArray).
   */
  private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

  /**
   * Where the bucket counts start in {@link #counts}: the first {@link ThreadStripes#COUNT} slots
   * hold the owning node's per-stripe pick counts (counting mode, {@link NodeCounters}), so a pick
   * writes the cache line that the report's bounds check reads anyway (the array's header) instead
   * of one more line per node.
   */
  static final int BUCKETS = ThreadStripes.COUNT;

  /**
   * The owning node's pick stripes ({@code [0, BUCKETS)}), then the bucket counts; the node records
   * into them directly ({@link #record(long[], long)}).
   */
  final long[] counts = new long[BUCKETS + LENGTH];

  /** Records one value; values above one hour count as one hour. */
  void record(long nanos) {
    record(counts, nanos);
  }

  /** Records one value into {@code counts}, the {@link #counts} of some recorder. */
  static void record(long[] counts, long nanos) {
    COUNTS.getAndAdd(counts, BUCKETS + index(Math.min(nanos, MAX_LATENCY_NANOS)), 1L);
  }

  private long count(int index) {
    return (long) COUNTS.getVolatile(counts, BUCKETS + index);
  }

  /** The number of values recorded (a scan; not for hot paths). */
  long totalCount() {
    long total = 0;
    for (int i = 0; i < LENGTH; i++) {
      total += count(i);
    }
    return total;
  }

  /** Adds every recorded value to {@code histogram} (which must cover one hour). */
  void addTo(Histogram histogram) {
    for (int i = 0; i < LENGTH; i++) {
      long count = count(i);
      if (count != 0) {
        histogram.recordValueWithCount(valueAt(i), count);
      }
    }
  }

  /** A copy as an HdrHistogram. */
  Histogram toHistogram() {
    Histogram histogram = newHistogram();
    addTo(histogram);
    return histogram;
  }

  static Histogram newHistogram() {
    return new Histogram(LOWEST_DISCERNIBLE_NANOS, MAX_LATENCY_NANOS, SIGNIFICANT_DIGITS);
  }

  static int index(long value) {
    int bucket = LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
    int subBucket = (int) (value >>> (bucket + UNIT_MAGNITUDE));
    return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (subBucket - SUB_BUCKET_HALF_COUNT);
  }

  /** The lowest value that {@link #index} maps to {@code index}. */
  static long valueAt(int index) {
    int bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
    int subBucket = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
    if (bucket < 0) {
      subBucket -= SUB_BUCKET_HALF_COUNT;
      bucket = 0;
    }
    return (long) subBucket << (bucket + UNIT_MAGNITUDE);
  }
}
