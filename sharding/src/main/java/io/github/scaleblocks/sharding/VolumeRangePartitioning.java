package io.github.scaleblocks.sharding;

/**
 * Equal-width ranges between a lower and an upper bound (ShardingSphere's VOLUME_RANGE): with
 * {@code m = ceil((upper - lower) / volume)} there are m + 2 partitions: {@code (-inf, lower)},
 * then {@code [lower + i*volume, min(lower + (i+1)*volume, upper))} for i in 0..m-1, then {@code
 * [upper, +inf)}. The last bounded range is shorter when the span is not a multiple of the volume.
 * Immutable and thread-safe; a lookup is two comparisons and one division.
 *
 * <p>When not to use it: when the key distribution is skewed (equal-width ranges then hold unequal
 * data: use boundaries chosen from the data), or when keys outgrow {@code upper} (they all land in
 * the last range).
 */
final class VolumeRangePartitioning implements ValueRouter.Partitioning {
  /** The most partitions accepted: one node each, so more would be a configuration mistake. */
  static final int MAX_PARTITIONS = 1 << 20;

  private final long lower;
  private final long upper;
  private final long volume;
  private final int partitions;

  private VolumeRangePartitioning(long lower, long upper, long volume, int partitions) {
    this.lower = lower;
    this.upper = upper;
    this.volume = volume;
    this.partitions = partitions;
  }

  static VolumeRangePartitioning of(long lower, long upper, long volume) {
    if (volume <= 0) {
      throw new IllegalArgumentException("volume must be positive but was " + volume);
    }
    if (lower >= upper) {
      throw new IllegalArgumentException(
          "lower must be less than upper but lower = " + lower + " and upper = " + upper);
    }
    long span = upper - lower; // may overflow: compare unsigned, since upper > lower
    if (Long.compareUnsigned(span, volume) < 0) {
      throw new IllegalArgumentException(
          "the range [" + lower + ", " + upper + ") is smaller than the volume " + volume);
    }
    long bounded =
        Long.divideUnsigned(span, volume) + (Long.remainderUnsigned(span, volume) == 0 ? 0 : 1);
    if (bounded > MAX_PARTITIONS - 2) {
      throw new IllegalArgumentException(
          "volumeRange ["
              + lower
              + ", "
              + upper
              + ") by "
              + volume
              + " makes "
              + bounded
              + " ranges; at most "
              + (MAX_PARTITIONS - 2)
              + " are supported (use a larger volume)");
    }
    return new VolumeRangePartitioning(lower, upper, volume, (int) bounded + 2);
  }

  @Override
  public void checkNodeCount(int nodeCount) {
    if (nodeCount != partitions) {
      throw new IllegalArgumentException(
          "volumeRange ["
              + lower
              + ", "
              + upper
              + ") by "
              + volume
              + " has "
              + partitions
              + " ranges (below lower, "
              + (partitions - 2)
              + " of the volume, from upper on) and needs exactly "
              + partitions
              + " nodes, one per range, but got "
              + nodeCount);
    }
  }

  @Override
  public int partition(long key, int nodeCount) {
    if (key < lower) {
      return 0;
    }
    if (key >= upper) {
      return partitions - 1;
    }
    return 1 + (int) Long.divideUnsigned(key - lower, volume);
  }

  @Override
  public int partition(CharSequence key, int nodeCount) {
    return partition(ValueKeys.parseLong(key), nodeCount);
  }

  @Override
  public String toString() {
    return "volumeRange[" + lower + ", " + upper + ") by " + volume;
  }
}
