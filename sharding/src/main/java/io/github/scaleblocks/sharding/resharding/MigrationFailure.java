package io.github.scaleblocks.sharding.resharding;

import io.github.scaleblocks.core.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * One key a {@link LiveMigration} could not move after all its attempts. The key stays readable (it
 * is still on its source, or on both nodes) and a later run retries it.
 *
 * @param key the key, as {@link KeyRouting#describe} renders it
 * @param pair the move that failed
 * @param stage the step that failed last
 * @param attempts how many times the key was tried
 * @param message what went wrong, naming the key and both nodes
 * @param cause the callback's exception; null when a verification found different values
 */
public record MigrationFailure(
    String key,
    ShardPair pair,
    Stage stage,
    int attempts,
    String message,
    @Nullable Throwable cause) {

  /** Checks the components for null. */
  public MigrationFailure {
    Checks.notNull(key, "key");
    Checks.notNull(pair, "pair");
    Checks.notNull(stage, "stage");
    Checks.notNull(message, "message");
  }

  /** The steps of moving one key, in order. */
  public enum Stage {
    /** Reading the key on the node it leaves. */
    READ_SOURCE,
    /** Reading the key on the node it goes to. */
    READ_TARGET,
    /** Writing the key to the node it goes to. */
    WRITE,
    /** Comparing the target's value with the source's. */
    VERIFY,
    /** Deleting the key from the node it left. */
    DELETE
  }

  /** This failure as an exception, with the callback's exception as its cause. */
  public ReshardingException toException() {
    return new ReshardingException(message, cause);
  }
}
