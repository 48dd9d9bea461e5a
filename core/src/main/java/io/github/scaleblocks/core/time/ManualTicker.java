package io.github.scaleblocks.core.time;

import io.github.scaleblocks.core.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Virtual time for tests: a {@link Ticker} that moves only when told to, and a {@link Clock} view
 * of the same time line, so a block that takes both sees one consistent time. Thread-safe.
 *
 * <pre>{@code
 * ManualTicker time = ManualTicker.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
 * Cache cache = ...builder().ticker(time).clock(time.clock()).build();
 * time.advance(Duration.ofMinutes(5)); // entries written 5 minutes ago are now due
 * }</pre>
 */
public final class ManualTicker implements Ticker {
  private final AtomicLong nanos = new AtomicLong();
  private final Instant epoch;

  private ManualTicker(Instant epoch) {
    this.epoch = epoch;
  }

  /** A ticker at 0 whose clock reads 1970-01-01T00:00:00Z at that point. */
  public static ManualTicker create() {
    return new ManualTicker(Instant.EPOCH);
  }

  /** A ticker at 0 whose {@link #clock()} reads {@code epoch} at that point. */
  public static ManualTicker startingAt(Instant epoch) {
    return new ManualTicker(Checks.notNull(epoch, "epoch"));
  }

  @Override
  public long read() {
    return nanos.get();
  }

  /** Moves time forward by {@code duration}; a negative duration is rejected. */
  public ManualTicker advance(Duration duration) {
    Checks.notNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "time only moves forward: duration must not be negative but was " + duration);
    }
    nanos.addAndGet(duration.toNanos());
    return this;
  }

  /** Moves time forward by {@code amount} of {@code unit}; a negative amount is rejected. */
  public ManualTicker advance(long amount, TimeUnit unit) {
    Checks.notNull(unit, "unit");
    Checks.notNegative(amount, "amount");
    nanos.addAndGet(unit.toNanos(amount));
    return this;
  }

  /** The wall-clock instant this ticker's time line is at now. */
  public Instant instant() {
    return epoch.plusNanos(nanos.get());
  }

  /** A UTC {@link Clock} that reads {@link #instant()}: it moves when this ticker advances. */
  public Clock clock() {
    return new ManualClock(this, ZoneOffset.UTC);
  }

  @Override
  public String toString() {
    return "ManualTicker[" + instant() + "]";
  }

  private static final class ManualClock extends Clock {
    private final ManualTicker ticker;
    private final ZoneId zone;

    ManualClock(ManualTicker ticker, ZoneId zone) {
      this.ticker = ticker;
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
      return new ManualClock(ticker, Checks.notNull(newZone, "zone"));
    }

    @Override
    public Instant instant() {
      return ticker.instant();
    }
  }
}
