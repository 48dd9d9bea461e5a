package io.github.scaleblocks.sharding;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;

/**
 * Fixed time intervals (ShardingSphere's INTERVAL): interval k starts at {@code lower + k * amount
 * unit}, computed in the zone with {@link ZonedDateTime#plus(long,
 * java.time.temporal.TemporalUnit)} (calendar units follow the local calendar, so "1 MONTHS" is one
 * calendar month in that zone; time units are exact durations), for every start not after {@code
 * upper}. Keys are instants; only keys in {@code [lower, upper]} (both inclusive) are accepted, any
 * other is rejected naming the key and the bounds. Immutable and thread-safe; a lookup is a binary
 * search over the interval starts, precomputed at build time (O(intervals) memory); text keys also
 * cost a date-time parse.
 *
 * <p>When not to use it: for keys that are not times, or when the time range is open-ended (a new
 * period needs a new router with one more node).
 */
final class IntervalPartitioning implements ValueRouter.Partitioning {
  /** The most intervals accepted: one node each, so more would be a configuration mistake. */
  static final int MAX_INTERVALS = 1 << 20;

  private final LocalDateTime lower;
  private final LocalDateTime upper;
  private final long amount;
  private final ChronoUnit unit;
  private final ZoneId zone;
  private final long lowerMillis;
  private final long upperMillis;
  private final long[] startMillis;

  IntervalPartitioning(
      LocalDateTime lower, LocalDateTime upper, long amount, ChronoUnit unit, ZoneId zone) {
    this.lower = lower;
    this.upper = upper;
    this.amount = amount;
    this.unit = unit;
    this.zone = zone;
    this.lowerMillis = lower.atZone(zone).toInstant().toEpochMilli();
    this.upperMillis = upper.atZone(zone).toInstant().toEpochMilli();
    if (lowerMillis >= upperMillis) {
      throw new IllegalArgumentException(
          "lower "
              + lower
              + " must be before upper "
              + upper
              + " in zone "
              + zone
              + " but they are the instants "
              + Instant.ofEpochMilli(lowerMillis)
              + " and "
              + Instant.ofEpochMilli(upperMillis));
    }
    this.startMillis = starts();
  }

  private long[] starts() {
    ZonedDateTime base = lower.atZone(zone);
    long[] starts = new long[16];
    int count = 0;
    while (true) {
      long start =
          base.plus(Math.multiplyExact(amount, (long) count), unit).toInstant().toEpochMilli();
      if (start > upperMillis) {
        break;
      }
      if (count == MAX_INTERVALS) {
        throw new IllegalArgumentException(
            this + " has more than " + MAX_INTERVALS + " intervals; use a longer interval");
      }
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
      }
      starts[count++] = start;
    }
    return Arrays.copyOf(starts, count);
  }

  /** The number of intervals, hence of nodes. */
  int intervalCount() {
    return startMillis.length;
  }

  @Override
  public void checkNodeCount(int nodeCount) {
    if (nodeCount != startMillis.length) {
      throw new IllegalArgumentException(
          this
              + " has "
              + startMillis.length
              + " intervals and needs exactly "
              + startMillis.length
              + " nodes, one per interval, but got "
              + nodeCount);
    }
  }

  @Override
  public int partition(long key, int nodeCount) {
    if (key < lowerMillis || key > upperMillis) {
      throw outside(Long.toString(key), key);
    }
    return indexOf(key);
  }

  @Override
  public int partition(CharSequence key, int nodeCount) {
    long millis = epochMillis(key);
    if (millis < lowerMillis || millis > upperMillis) {
      throw outside(ValueKeys.quote(key), millis);
    }
    return indexOf(millis);
  }

  private int indexOf(long millis) {
    int index = Arrays.binarySearch(startMillis, millis);
    return index >= 0 ? index : -index - 2; // the last start <= millis; starts[0] == lowerMillis
  }

  private IllegalArgumentException outside(String describedKey, long millis) {
    return new IllegalArgumentException(
        "key "
            + describedKey
            + " = "
            + Instant.ofEpochMilli(millis)
            + " is outside the range ["
            + Instant.ofEpochMilli(lowerMillis)
            + ", "
            + Instant.ofEpochMilli(upperMillis)
            + "] of "
            + this);
  }

  /** The instant of a text key in epoch milliseconds; see {@link ShardRouters#interval}. */
  private long epochMillis(CharSequence key) {
    if (ValueKeys.isDecimal(key)) {
      return ValueKeys.parseLong(key);
    }
    try {
      return instant(key).toEpochMilli();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "key " + ValueKeys.quote(key) + " is not an instant in the epoch millisecond range", e);
    }
  }

  private Instant instant(CharSequence key) {
    try {
      TemporalAccessor parsed =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(key, ZonedDateTime::from, LocalDateTime::from);
      if (parsed instanceof ZonedDateTime withZone) {
        return withZone.toInstant();
      }
      return ((LocalDateTime) parsed).atZone(zone).toInstant();
    } catch (DateTimeParseException notADateTime) {
      try {
        return LocalDate.parse(key).atStartOfDay(zone).toInstant();
      } catch (DateTimeParseException notADate) {
        throw new IllegalArgumentException(
            "key "
                + ValueKeys.quote(key)
                + " is neither epoch milliseconds (decimal digits) nor an ISO-8601 date-time"
                + " (2026-03-01T10:15:30, optionally with an offset such as Z or +01:00 and then a"
                + " [region]) nor an ISO-8601 date (2026-03-01)",
            notADateTime);
      }
    }
  }

  @Override
  public String toString() {
    return "interval[" + lower + ", " + upper + "] every " + amount + " " + unit + " in " + zone;
  }
}
