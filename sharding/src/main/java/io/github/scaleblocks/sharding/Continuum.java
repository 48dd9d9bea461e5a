package io.github.scaleblocks.sharding;

import java.util.Arrays;
import java.util.function.IntBinaryOperator;

/**
 * A hash ring: points at unsigned 64-bit positions, each owned by a node index, searched for the
 * first point at or after a position (wrapping past the largest to the smallest). Shared by the
 * ring, Ketama and bounded-load strategies.
 *
 * <p>Design: a plain sorted array searched by binary search costs about log2(points) dependent,
 * cache-missing loads (14 for 16,000 points), which is what makes {@code TreeMap.ceilingEntry}
 * rings slow. Here the top bits of the position index a bucket table ({@code bucketStart}) with
 * about one bucket per point, so a lookup reads one bucket bound, then scans the one or two points
 * of that bucket: two or three loads and no division, whatever the ring size. Positions are stored
 * with the sign bit flipped so that signed comparison gives unsigned order.
 *
 * <p>Immutable and thread-safe once built; lookups allocate nothing. Memory: 12 bytes per point
 * plus 4 bytes per bucket (at most 2 buckets per point).
 */
final class Continuum {
  /** The largest number of points a continuum may hold. */
  static final int MAX_POINTS = 1 << 24;

  private final long[] flipped;
  private final int[] owners;
  private final int[] bucketStart;
  private final int shift;

  private Continuum(long[] flipped, int[] owners, int[] bucketStart, int shift) {
    this.flipped = flipped;
    this.owners = owners;
    this.bucketStart = bucketStart;
    this.shift = shift;
  }

  /**
   * Builds a continuum from {@code positions} (unsigned) and their {@code owners}, consuming both
   * arrays. Where two points share a position only one survives: {@code tieWinner} gets the two
   * owner indexes, the lower first, and returns the one that keeps the position.
   */
  static Continuum build(long[] positions, int[] owners, IntBinaryOperator tieWinner) {
    int n = positions.length;
    if (n == 0 || n != owners.length) {
      throw new IllegalArgumentException("a continuum needs 1 or more points, one owner each");
    }
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = positions[i] ^ Long.MIN_VALUE;
    }
    sort(keys, owners.clone(), owners);
    int size = 0;
    for (int i = 0; i < n; i++) {
      if (size > 0 && keys[size - 1] == keys[i]) {
        owners[size - 1] = tieWinner.applyAsInt(owners[size - 1], owners[i]);
      } else {
        keys[size] = keys[i];
        owners[size] = owners[i];
        size++;
      }
    }
    long[] flipped = Arrays.copyOf(keys, size);
    int[] pointOwners = Arrays.copyOf(owners, size);
    int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(size - 1));
    bits = Math.min(bits, 24);
    int buckets = 1 << bits;
    int shift = 64 - bits;
    int[] bucketStart = new int[buckets + 1];
    int point = 0;
    for (int b = 0; b <= buckets; b++) {
      while (point < size && (int) ((flipped[point] ^ Long.MIN_VALUE) >>> shift) < b) {
        point++;
      }
      bucketStart[b] = point;
    }
    return new Continuum(flipped, pointOwners, bucketStart, shift);
  }

  /** The number of points after ties were merged. */
  int size() {
    return flipped.length;
  }

  /** The index of the first point at or after {@code position}, wrapping to 0 past the end. */
  int pointAtOrAfter(long position) {
    int bucket = (int) (position >>> shift);
    int i = bucketStart[bucket];
    int end = bucketStart[bucket + 1];
    long key = position ^ Long.MIN_VALUE;
    while (i < end && flipped[i] < key) {
      i++;
    }
    // Either a point of this bucket at or after the position, or the first point of a later
    // bucket, which is larger; past the last point the ring wraps to the first.
    return i == flipped.length ? 0 : i;
  }

  /** The owner of the point at {@code pointIndex}. */
  int owner(int pointIndex) {
    return owners[pointIndex];
  }

  /** The unsigned position of the point at {@code pointIndex}. */
  long position(int pointIndex) {
    return flipped[pointIndex] ^ Long.MIN_VALUE;
  }

  /** The owner of the first point at or after {@code position}. */
  int nodeIndex(long position) {
    return owners[pointAtOrAfter(position)];
  }

  /**
   * Writes the owners met walking clockwise from {@code position}, skipping owners already written,
   * until {@code out} is full. {@code out.length} must not exceed the number of distinct owners.
   */
  void nodeIndexes(long position, int[] out) {
    int i = pointAtOrAfter(position);
    int found = 0;
    for (int steps = 0; found < out.length && steps < flipped.length; steps++) {
      int owner = owners[i];
      boolean seen = false;
      for (int k = 0; k < found; k++) {
        if (out[k] == owner) {
          seen = true;
          break;
        }
      }
      if (!seen) {
        out[found++] = owner;
      }
      i = i + 1 == flipped.length ? 0 : i + 1;
    }
    if (found < out.length) {
      throw new IllegalStateException(
          "the ring has only " + found + " distinct owners but " + out.length + " were asked for");
    }
  }

  /**
   * Sorts {@code keys} ascending (signed), ties by {@code values} ascending, moving {@code values}
   * along; the result is written to {@code keys} and {@code valuesOut}. A bottom-up merge sort on
   * parallel arrays: build-time only, O(n log n), stable.
   */
  private static void sort(long[] keys, int[] values, int[] valuesOut) {
    int n = keys.length;
    long[] k1 = keys;
    int[] v1 = values;
    long[] k2 = new long[n];
    int[] v2 = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int a = lo;
        int b = mid;
        for (int o = lo; o < hi; o++) {
          boolean takeA =
              b >= hi || (a < mid && (k1[a] < k1[b] || (k1[a] == k1[b] && v1[a] <= v1[b])));
          if (takeA) {
            k2[o] = k1[a];
            v2[o] = v1[a++];
          } else {
            k2[o] = k1[b];
            v2[o] = v1[b++];
          }
        }
      }
      long[] tk = k1;
      k1 = k2;
      k2 = tk;
      int[] tv = v1;
      v1 = v2;
      v2 = tv;
    }
    if (k1 != keys) {
      System.arraycopy(k1, 0, keys, 0, n);
    }
    System.arraycopy(v1, 0, valuesOut, 0, n);
  }
}
