package io.github.scaleblocks.sharding.resharding;

import io.github.scaleblocks.core.internal.Checks;
import java.time.Duration;

/**
 * What a {@link LiveMigration} publishes to its listeners, on the migration thread, only when a
 * listener is registered.
 */
public sealed interface MigrationEvent {

  /**
   * A batch was processed.
   *
   * @param pair the direction of every key in the batch
   * @param keys the batch size
   * @param moved keys copied, verified and deleted from the source
   * @param verifiedOnTarget keys already copied earlier, verified now, deleted from the source
   * @param alreadyMoved keys found on the target only
   * @param missing keys on neither node
   * @param failed keys that failed after all attempts
   * @param took the batch's duration on the migration's ticker
   */
  record BatchFinished(
      ShardPair pair,
      int keys,
      int moved,
      int verifiedOnTarget,
      int alreadyMoved,
      int missing,
      int failed,
      Duration took)
      implements MigrationEvent {
    /** Checks for null. */
    public BatchFinished {
      Checks.notNull(pair, "pair");
      Checks.notNull(took, "took");
    }
  }

  /**
   * A batch was skipped because the checkpoint recorded it as finished.
   *
   * @param pair the direction of every key in the batch
   * @param keys the batch size
   */
  record BatchSkipped(ShardPair pair, int keys) implements MigrationEvent {
    /** Checks for null. */
    public BatchSkipped {
      Checks.notNull(pair, "pair");
    }
  }

  /**
   * A key failed after all its attempts; the run goes on with the next key.
   *
   * @param failure the key, nodes, stage and cause
   */
  record KeyFailed(MigrationFailure failure) implements MigrationEvent {
    /** Checks for null. */
    public KeyFailed {
      Checks.notNull(failure, "failure");
    }
  }

  /**
   * The running totals, after every processed batch.
   *
   * @param soFar the counts of the run up to now
   */
  record Progress(MigrationReport soFar) implements MigrationEvent {
    /** Checks for null. */
    public Progress {
      Checks.notNull(soFar, "soFar");
    }
  }

  /**
   * The run ended (complete or with failures).
   *
   * @param report the run's counts
   */
  record Finished(MigrationReport report) implements MigrationEvent {
    /** Checks for null. */
    public Finished {
      Checks.notNull(report, "report");
    }
  }
}
