package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.event.EventListener;
import io.github.scaleblocks.core.event.EventPublisher;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.sharding.spi.DirectoryStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link DirectoryRouter}: obtained from {@link ShardRouters#directory}. Reusable: each
 * {@link #build} makes an independent router with the listeners registered so far.
 *
 * @param <T> the payload type of the nodes
 */
public final class DirectoryRouterBuilder<T> {
  private final DirectoryStore store;
  private final ShardRouter<T> fallback;
  private final List<EventListener<? super DirectoryEvent>> listeners = new ArrayList<>();

  DirectoryRouterBuilder(DirectoryStore store, ShardRouter<T> fallback) {
    this.store = store;
    this.fallback = fallback;
  }

  /** Adds a listener for key assignments and moves; listeners run in the order added. */
  public DirectoryRouterBuilder<T> listener(EventListener<? super DirectoryEvent> listener) {
    listeners.add(Checks.notNull(listener, "listener"));
    return this;
  }

  /** A router over the fallback's nodes, in their order. */
  public DirectoryRouter<T> build() {
    return new StoreDirectoryRouter<>(store, fallback, EventPublisher.of(listeners));
  }
}
