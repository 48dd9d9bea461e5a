package io.github.scaleblocks.sharding.resharding;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How many keys a resharding moves, in total and per {@link ShardPair}, without the keys
 * themselves: the result of {@link ReshardingPlan.Planner#count} and {@link
 * ReshardingPlan.Planner#stream}, and the counting part of every {@link ReshardingPlan}. Immutable;
 * holds one entry per pair that moves at least one key (at most old nodes x new nodes).
 */
public final class MoveCounts {
  private final long totalKeys;
  private final long movedKeys;
  private final Map<ShardPair, Long> perPair;

  MoveCounts(long totalKeys, Map<ShardPair, Long> perPair) {
    long moved = 0;
    for (long count : perPair.values()) {
      moved += count;
    }
    this.totalKeys = totalKeys;
    this.movedKeys = moved;
    this.perPair = Collections.unmodifiableMap(new LinkedHashMap<>(perPair));
  }

  /** Every key looked at, moved or not. */
  public long totalKeys() {
    return totalKeys;
  }

  /** The keys whose owner changes. */
  public long movedKeys() {
    return movedKeys;
  }

  /** {@link #movedKeys()} / {@link #totalKeys()}, or 0 when there are no keys. */
  public double movedFraction() {
    return totalKeys == 0 ? 0 : (double) movedKeys / totalKeys;
  }

  /** Moved keys per pair, ordered by pair; pairs that move nothing are absent. */
  public Map<ShardPair, Long> perPair() {
    return perPair;
  }

  /**
   * A few lines for a log or a change ticket: the totals, then one line per pair, for example
   *
   * <pre>
   * 20000 keys, 6702 move (33.51%)
   *   a -> c: 3311
   *   b -> c: 3391
   * </pre>
   */
  public String summary() {
    StringBuilder text =
        new StringBuilder()
            .append(totalKeys)
            .append(" keys, ")
            .append(movedKeys)
            .append(" move (")
            .append(String.format(Locale.ROOT, "%.2f", movedFraction() * 100))
            .append("%)");
    perPair.forEach((pair, count) -> text.append("\n  ").append(pair).append(": ").append(count));
    return text.toString();
  }

  @Override
  public String toString() {
    return "MoveCounts[" + movedKeys + " of " + totalKeys + " keys move]";
  }
}
