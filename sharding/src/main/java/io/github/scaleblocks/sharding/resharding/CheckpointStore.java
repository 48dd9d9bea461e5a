package io.github.scaleblocks.sharding.resharding;

import io.github.scaleblocks.core.internal.Checks;
import java.nio.file.Path;
import java.util.Set;

/**
 * Where a {@link LiveMigration} records the batches it has finished, so a restarted migration can
 * skip them. A batch is identified by a 64-bit fingerprint of its topology, its {@link ShardPair}
 * and its keys; a batch is recorded only after every key in it was copied, verified and deleted.
 *
 * <p>The checkpoint buys speed, never correctness: the migration is idempotent, so a checkpoint
 * that is behind (the process died before recording), empty or lost only means work is redone and
 * verified again. A fingerprint matches only the same keys in the same batch, so a changed key list
 * redoes the affected batches instead of skipping them. A checkpoint belongs to one migration: the
 * migration {@link #clear() clears} it when it completes without failures.
 *
 * <p>Implementations must be safe for use by one migration thread at a time. An I/O failure is
 * thrown as an {@link java.io.UncheckedIOException} and stops the migration.
 */
public interface CheckpointStore {

  /** The fingerprints of the batches recorded as finished; empty for a fresh checkpoint. */
  Set<Long> completedBatches();

  /** Records the batch with fingerprint {@code batch} as finished, durably before returning. */
  void markCompleted(long batch);

  /** Forgets every recorded batch. */
  void clear();

  /** A checkpoint in this process's memory: resumes after a failed run, not after a crash. */
  static CheckpointStore inMemory() {
    return new InMemoryCheckpointStore();
  }

  /**
   * A checkpoint in the file at {@code path}, which survives a crash of the process. Each record
   * writes a new file beside it, forces it to disk and renames it over {@code path} atomically, so
   * a crash leaves either the old or the new content, never a torn file. Costs one file rewrite of
   * O(recorded batches) per finished batch: choose batch sizes so that a migration has at most a
   * few thousand batches. The parent directory must exist. Not safe for two processes at once.
   */
  static CheckpointStore file(Path path) {
    return new FileCheckpointStore(Checks.notNull(path, "path"));
  }
}
