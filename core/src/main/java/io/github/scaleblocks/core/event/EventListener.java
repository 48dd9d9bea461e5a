package io.github.scaleblocks.core.event;

import io.github.scaleblocks.core.internal.Checks;
import org.slf4j.Logger;

/**
 * Receives the events a block publishes: a metrics binder, a logger, a test probe. Registered on
 * the block's builder; called synchronously on the thread that caused the event, so it must be fast
 * and thread-safe. An exception it throws is logged and swallowed: a listener never breaks the
 * block it observes.
 *
 * @param <E> the event type; each block publishes its own (sealed) family of records
 */
@FunctionalInterface
public interface EventListener<E> {

  /** Called once per published event. */
  void onEvent(E event);

  /**
   * A listener that logs each event's {@code toString()} at DEBUG on {@code logger} (and does no
   * work when DEBUG is off).
   */
  static EventListener<Object> logging(Logger logger) {
    Checks.notNull(logger, "logger");
    return event -> {
      if (logger.isDebugEnabled()) {
        logger.debug("{}", event);
      }
    };
  }
}
