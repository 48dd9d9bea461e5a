package io.github.scaleblocks.sharding.resharding;

import io.github.scaleblocks.core.internal.Checks;

/**
 * The direction of a move: keys go from the node with id {@code fromId} (a node of the old router)
 * to the node with id {@code toId} (a node of the new router). Ordered by {@code fromId}, then
 * {@code toId}.
 *
 * @param fromId the id of the node the keys leave
 * @param toId the id of the node the keys go to
 */
public record ShardPair(String fromId, String toId) implements Comparable<ShardPair> {

  /** Rejects null ids and a pair whose ids are equal (nothing moves there). */
  public ShardPair {
    Checks.notNull(fromId, "fromId");
    Checks.notNull(toId, "toId");
    Checks.argument(
        !fromId.equals(toId), "a move needs two nodes but both ids are '" + fromId + "'");
  }

  @Override
  public int compareTo(ShardPair other) {
    int byFrom = fromId.compareTo(other.fromId);
    return byFrom != 0 ? byFrom : toId.compareTo(other.toId);
  }

  @Override
  public String toString() {
    return fromId + " -> " + toId;
  }
}
