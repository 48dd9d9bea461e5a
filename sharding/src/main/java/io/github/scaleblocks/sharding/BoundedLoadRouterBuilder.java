package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.event.EventListener;
import io.github.scaleblocks.core.event.EventPublisher;
import io.github.scaleblocks.core.hash.KeyHasher;
import io.github.scaleblocks.core.hash.KeyHashers;
import io.github.scaleblocks.core.internal.Checks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link BoundedLoadRouter}; obtained from {@link ShardRouters#boundedLoad(double)}.
 * Reusable: each {@link #build} makes an independent router with zero loads.
 */
public final class BoundedLoadRouterBuilder {
  private final double epsilon;
  private int pointsPerNode;
  private @Nullable KeyHasher hasher;
  private final List<EventListener<? super BoundedLoadEvent>> listeners = new ArrayList<>();

  BoundedLoadRouterBuilder(double epsilon) {
    this.epsilon = Checks.positiveFinite(epsilon, "epsilon");
  }

  /**
   * Virtual points per unit of weight on the ring (default {@value
   * RingPlacement#DEFAULT_POINTS_PER_NODE}, as for {@link ShardRouters#ring()}). Set it once.
   */
  public BoundedLoadRouterBuilder pointsPerNode(int points) {
    RingPlacement.checkPointsPerNode(points);
    if (pointsPerNode != 0) {
      throw new IllegalStateException("points per node was already set to " + pointsPerNode);
    }
    pointsPerNode = points;
    return this;
  }

  /** The key hash (default {@link KeyHashers#xxh3()}). Set it once. */
  public BoundedLoadRouterBuilder hasher(KeyHasher keyHasher) {
    Checks.notNull(keyHasher, "hasher");
    if (hasher != null) {
      throw new IllegalStateException("hasher was already set to " + hasher);
    }
    hasher = keyHasher;
    return this;
  }

  /**
   * Adds a listener for {@link BoundedLoadEvent}s (metrics, logs); called synchronously, in
   * registration order, by the thread that caused the event.
   */
  public BoundedLoadRouterBuilder listener(EventListener<? super BoundedLoadEvent> listener) {
    listeners.add(Checks.notNull(listener, "listener"));
    return this;
  }

  /**
   * A router over {@code nodes} with all loads zero. Rejects an empty set, null nodes and duplicate
   * ids, naming the problem.
   */
  public <T> BoundedLoadRouter<T> build(Collection<? extends Node<T>> nodes) {
    return new BoundedLoadHashRouter<>(
        epsilon,
        pointsPerNode == 0 ? RingPlacement.DEFAULT_POINTS_PER_NODE : pointsPerNode,
        hasher == null ? KeyHashers.defaultHasher() : hasher,
        EventPublisher.of(listeners),
        nodes);
  }
}
