package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.internal.Checks;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Builds a time-interval {@link ShardRouter} (ShardingSphere's INTERVAL), obtained from {@link
 * ShardRouters#interval(LocalDateTime, LocalDateTime, long, ChronoUnit)}. The bounds are local
 * date-times read in the {@link #zone} (default UTC). Reusable: each {@link #build} makes an
 * independent, immutable, thread-safe router. The builder itself is not thread-safe: configure it
 * on one thread.
 */
public final class IntervalRouterBuilder {
  private final LocalDateTime lower;
  private final LocalDateTime upper;
  private final long amount;
  private final ChronoUnit unit;
  private @Nullable ZoneId zone;

  IntervalRouterBuilder(LocalDateTime lower, LocalDateTime upper, long amount, ChronoUnit unit) {
    this.lower = lower;
    this.upper = upper;
    this.amount = amount;
    this.unit = unit;
  }

  /**
   * The zone the bounds, the calendar arithmetic and text keys without an offset are read in
   * (default {@link ZoneOffset#UTC}). Set it once.
   */
  public IntervalRouterBuilder zone(ZoneId zoneId) {
    Checks.notNull(zoneId, "zone");
    if (zone != null) {
      throw new IllegalStateException("zone was already set to " + zone);
    }
    zone = zoneId;
    return this;
  }

  /** The number of intervals in {@code [lower, upper]}: {@link #build} needs that many nodes. */
  public int intervalCount() {
    return partitioning().intervalCount();
  }

  /**
   * A router over {@code nodes}: node i owns interval i. Rejects an empty set, null nodes,
   * duplicate ids, weights other than 1 and a node count other than {@link #intervalCount()}.
   */
  public <T> ShardRouter<T> build(Collection<? extends Node<T>> nodes) {
    return new ValueRouter<>(partitioning(), nodes);
  }

  private IntervalPartitioning partitioning() {
    return new IntervalPartitioning(
        lower, upper, amount, unit, zone == null ? ZoneOffset.UTC : zone);
  }

  @Override
  public String toString() {
    return "IntervalRouterBuilder["
        + lower
        + ", "
        + upper
        + "] every "
        + amount
        + " "
        + unit
        + " in "
        + (zone == null ? ZoneOffset.UTC : zone);
  }
}
