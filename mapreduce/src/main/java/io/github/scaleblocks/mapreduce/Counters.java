package io.github.scaleblocks.mapreduce;

import io.github.scaleblocks.core.internal.Checks;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable snapshot of a job's counters: the built-in {@link JobCounter}s and the user-defined
 * ones incremented through {@link MapContext#increment} and {@link ReduceContext#increment}. Only
 * successful task attempts count.
 */
public final class Counters {
  private final Map<JobCounter, Long> builtIn;
  private final Map<String, Long> user;

  Counters(Map<JobCounter, Long> builtIn, Map<String, Long> user) {
    EnumMap<JobCounter, Long> copy = new EnumMap<>(JobCounter.class);
    for (JobCounter counter : JobCounter.values()) {
      copy.put(counter, builtIn.getOrDefault(counter, 0L));
    }
    this.builtIn = copy;
    this.user = new TreeMap<>(user);
  }

  /** The value of a built-in counter. */
  public long get(JobCounter counter) {
    Checks.notNull(counter, "counter");
    return builtIn.getOrDefault(counter, 0L);
  }

  /** The value of a user-defined counter; 0 if it was never incremented. */
  public long get(String userCounter) {
    Checks.notNull(userCounter, "userCounter");
    return user.getOrDefault(userCounter, 0L);
  }

  /** The user-defined counters, sorted by name (unmodifiable). */
  public Map<String, Long> user() {
    return java.util.Collections.unmodifiableMap(user);
  }

  @Override
  public String toString() {
    return "Counters" + builtIn + (user.isEmpty() ? "" : " " + user);
  }
}
