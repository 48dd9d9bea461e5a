package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.Node;
import java.time.Duration;

/**
 * What a {@link LoadBalancer} publishes to the listeners registered on its builder. Events are
 * built only when a listener is registered. {@link CallCompleted} is published on every report, on
 * the reporting thread: listeners that count calls must be cheap.
 */
public sealed interface LoadBalancerEvent {

  /** A node joined. */
  record NodeAdded(Node<?> node) implements LoadBalancerEvent {}

  /** A node left; {@code inFlight} calls on it were still unreported. */
  record NodeRemoved(Node<?> node, int inFlight) implements LoadBalancerEvent {}

  /** A node's weight changed. */
  record WeightChanged(String nodeId, int oldWeight, int newWeight) implements LoadBalancerEvent {}

  /** A picked call was reported. */
  record CallCompleted(String nodeId, long latencyNanos, Outcome outcome)
      implements LoadBalancerEvent {}

  /** Outlier detection took a node out of rotation for {@code duration}. */
  record NodeEjected(String nodeId, EjectionReason reason, Duration duration, int timesEjected)
      implements LoadBalancerEvent {}

  /** An ejection ended; the node is back in rotation (unless failing health checks). */
  record NodeReturned(String nodeId) implements LoadBalancerEvent {}

  /** Active health checking marked a node healthy or unhealthy. */
  record HealthChanged(String nodeId, boolean healthy) implements LoadBalancerEvent {}

  /**
   * The balancer entered or left panic mode: too few nodes were available, so it balances over all
   * of them.
   */
  record PanicChanged(boolean panic, int availableNodes, int totalNodes)
      implements LoadBalancerEvent {}

  /** A pick failed because no node was available. */
  record NoNodeAvailable(String message) implements LoadBalancerEvent {}

  /** The execute wrapper will retry after attempt {@code attempt} failed on {@code nodeId}. */
  record CallRetried(String nodeId, int attempt, long backoffNanos, Throwable failure)
      implements LoadBalancerEvent {}

  /** The retry budget refused a retry after attempt {@code attempt} failed. */
  record RetryRejected(String nodeId, int attempt) implements LoadBalancerEvent {}

  /** Why a node was ejected. */
  enum EjectionReason {
    /** Too many consecutive failures. */
    CONSECUTIVE_FAILURES,
    /** Success rate far below the other nodes'. */
    SUCCESS_RATE
  }
}
