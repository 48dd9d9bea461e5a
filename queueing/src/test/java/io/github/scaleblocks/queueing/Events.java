package io.github.scaleblocks.queueing;

import io.github.scaleblocks.core.event.EventListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test listener: records every event and lets a test await one of a type. */
final class Events implements EventListener<QueueEvent> {
  private final LinkedBlockingQueue<QueueEvent> pending = new LinkedBlockingQueue<>();
  private final List<QueueEvent> all = new ArrayList<>();

  @Override
  public void onEvent(QueueEvent event) {
    synchronized (all) {
      all.add(event);
    }
    pending.add(event);
  }

  /** The next event of {@code type} (skipping others), or fails after 10 s. */
  <E extends QueueEvent> E await(Class<E> type) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      long left = end - System.nanoTime();
      QueueEvent event = pending.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (event == null) {
        throw new AssertionError("no " + type.getSimpleName() + " within 10 s; saw " + all());
      }
      if (type.isInstance(event)) {
        return type.cast(event);
      }
    }
  }

  List<QueueEvent> all() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  <E extends QueueEvent> List<E> all(Class<E> type) {
    List<E> out = new ArrayList<>();
    for (QueueEvent event : all()) {
      if (type.isInstance(event)) {
        out.add(type.cast(event));
      }
    }
    return out;
  }
}
