package io.github.scaleblocks.sharding.resharding;

import java.util.HashSet;
import java.util.Set;

/** {@link CheckpointStore#inMemory()}: a synchronized set. */
final class InMemoryCheckpointStore implements CheckpointStore {
  private final Set<Long> completed = new HashSet<>();

  @Override
  public synchronized Set<Long> completedBatches() {
    return Set.copyOf(completed);
  }

  @Override
  public synchronized void markCompleted(long batch) {
    completed.add(batch);
  }

  @Override
  public synchronized void clear() {
    completed.clear();
  }

  @Override
  public synchronized String toString() {
    return "CheckpointStore.inMemory()[" + completed.size() + " batches]";
  }
}
