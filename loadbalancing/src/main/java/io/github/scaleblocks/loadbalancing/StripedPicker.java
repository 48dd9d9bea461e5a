package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.loadbalancing.spi.Picker;
import org.jspecify.annotations.Nullable;

/**
 * A built-in {@link Picker} that keeps per-thread state in {@link ThreadStripes stripes}: the
 * balancer, which reads the calling thread's stripe once per pick anyway, passes it in. Called
 * through {@link #pick(CharSequence)} (by a user's code, say) it finds the stripe itself.
 */
interface StripedPicker extends Picker {

  /**
   * As {@link #pick(CharSequence)}, by a thread with {@code stripe} (or {@link
   * ThreadStripes#NONE}).
   */
  int pick(@Nullable CharSequence key, int stripe);

  @Override
  default int pick(@Nullable CharSequence key) {
    return pick(key, ThreadStripes.current());
  }
}
