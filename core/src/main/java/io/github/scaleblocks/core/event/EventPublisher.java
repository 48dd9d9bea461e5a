package io.github.scaleblocks.core.event;

import io.github.scaleblocks.core.internal.Checks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a block's events to its listeners. Immutable: the listeners are fixed when the block is
 * built. Blocks guard event construction with {@link #hasListeners()}, so a block nobody listens to
 * allocates nothing and pays one field read per would-be event:
 *
 * <pre>{@code
 * if (events.hasListeners()) {
 *   events.publish(new RouteChanged(oldTopology, newTopology));
 * }
 * }</pre>
 *
 * <p>Listeners run in registration order on the publishing thread. A listener's {@link
 * RuntimeException} is logged at WARN and the remaining listeners still run; an {@link Error}
 * propagates.
 *
 * @param <E> the event type
 */
public final class EventPublisher<E> {
  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
  private static final EventPublisher<Object> NOOP = new EventPublisher<>(List.of());

  private final List<EventListener<? super E>> listeners;
  private final boolean hasListeners;

  private EventPublisher(List<EventListener<? super E>> listeners) {
    this.listeners = listeners;
    this.hasListeners = !listeners.isEmpty();
  }

  /**
   * A publisher with no listeners: {@link #hasListeners()} is false and publishing does nothing.
   */
  @SuppressWarnings("unchecked") // holds no listener, so it serves every event type
  public static <E> EventPublisher<E> noop() {
    return (EventPublisher<E>) NOOP;
  }

  /** A publisher to {@code listeners}, in their order; no listener may be null. */
  public static <E> EventPublisher<E> of(Collection<? extends EventListener<? super E>> listeners) {
    Checks.notNull(listeners, "listeners");
    if (listeners.isEmpty()) {
      return noop();
    }
    List<EventListener<? super E>> copy = new ArrayList<>(listeners.size());
    int index = 0;
    for (EventListener<? super E> listener : listeners) {
      copy.add(Checks.notNull(listener, "listener at index " + index++));
    }
    return new EventPublisher<E>(List.copyOf(copy));
  }

  /** Whether any listener is registered; when false, callers skip building the event. */
  public boolean hasListeners() {
    return hasListeners;
  }

  /** Delivers {@code event} to every listener. */
  public void publish(E event) {
    for (int i = 0; i < listeners.size(); i++) {
      EventListener<? super E> listener = listeners.get(i);
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("event listener {} failed on {}; continuing", listener, event, e);
      }
    }
  }

  @Override
  public String toString() {
    return "EventPublisher[" + listeners.size() + " listeners]";
  }
}
