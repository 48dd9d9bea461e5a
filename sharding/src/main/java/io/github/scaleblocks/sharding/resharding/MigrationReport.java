package io.github.scaleblocks.sharding.resharding;

import io.github.scaleblocks.core.internal.Checks;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one {@link LiveMigration#run} did. Keys moved before this run (by an earlier, interrupted
 * run) count as {@link #verifiedOnTarget} or {@link #alreadyMoved}, not as {@link #moved}; keys in
 * batches the checkpoint let it skip are counted in {@link #batchesSkipped} only.
 *
 * @param keysConsidered keys whose owner changes and that the run looked at, skipped batches
 *     excluded
 * @param moved keys written to their new owner, verified there and deleted from the old one
 * @param verifiedOnTarget keys whose new owner already held an equal value: verified, then deleted
 *     from the old owner
 * @param alreadyMoved keys found on the new owner only: moved and deleted earlier
 * @param missing keys on neither node (deleted by the application, or never stored)
 * @param failed keys not moved after all attempts
 * @param batchesRun batches processed
 * @param batchesSkipped batches skipped because the checkpoint recorded them as finished
 * @param movedPerPair {@link #moved} per pair, ordered by pair
 * @param failures the first {@value LiveMigrationBuilder#MAX_REPORTED_FAILURES} failures
 * @param elapsed the run's duration on the migration's ticker
 */
public record MigrationReport(
    long keysConsidered,
    long moved,
    long verifiedOnTarget,
    long alreadyMoved,
    long missing,
    long failed,
    long batchesRun,
    long batchesSkipped,
    Map<ShardPair, Long> movedPerPair,
    List<MigrationFailure> failures,
    Duration elapsed) {

  /** Copies the collections. */
  public MigrationReport {
    movedPerPair =
        Collections.unmodifiableMap(new TreeMap<>(Checks.notNull(movedPerPair, "movedPerPair")));
    failures = List.copyOf(Checks.notNull(failures, "failures"));
    Checks.notNull(elapsed, "elapsed");
  }

  /** Whether every key was moved or found moved: no failure. */
  public boolean isComplete() {
    return failed == 0;
  }

  /**
   * Throws the first failure as a {@link ReshardingException} (its message names the key and the
   * nodes, and says how many keys failed) unless the run was complete; returns this report.
   */
  public MigrationReport throwIfFailed() {
    if (failed > 0) {
      MigrationFailure first = failures.get(0);
      throw new ReshardingException(
          failed + " key(s) failed to migrate; first: " + first.message(), first.cause());
    }
    return this;
  }

  /** One line with every count. */
  public String summary() {
    return "moved "
        + moved
        + ", verified on target "
        + verifiedOnTarget
        + ", already moved "
        + alreadyMoved
        + ", missing "
        + missing
        + ", failed "
        + failed
        + " of "
        + keysConsidered
        + " keys; "
        + batchesRun
        + " batches run, "
        + batchesSkipped
        + " skipped by checkpoint, in "
        + elapsed;
  }
}
