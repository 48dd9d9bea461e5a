package io.github.scaleblocks.loadbalancing;

/**
 * Thrown by a pick when no node may be used: every node is ejected or failing health checks and
 * panic mode is off (panic threshold 0). The message says how many nodes are in which state. It is
 * thrown at once; a pick never waits for a node to come back.
 */
public final class NoAvailableNodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NoAvailableNodeException(String message) {
    super(message);
  }
}
