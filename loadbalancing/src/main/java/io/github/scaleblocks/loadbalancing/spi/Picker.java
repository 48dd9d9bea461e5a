package io.github.scaleblocks.loadbalancing.spi;

import org.jspecify.annotations.Nullable;

/**
 * Chooses one candidate per call. Created by a {@link BalancingPolicy} for one candidate set and
 * called concurrently by every thread that picks, so it must be thread-safe; it should not block
 * and should not allocate, because it sits on the balancer's hot path.
 */
@FunctionalInterface
public interface Picker {

  /**
   * The index, in {@code [0, candidates.size())}, of the candidate to use.
   *
   * @param key the routing key of a keyed pick, or null for an unkeyed pick; strategies that do not
   *     route by key ignore it
   */
  int pick(@Nullable CharSequence key);
}
