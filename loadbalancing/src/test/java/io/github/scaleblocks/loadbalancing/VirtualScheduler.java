package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.loadbalancing.spi.Scheduler;
import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} on virtual time: tasks run on the test thread when the test moves time past
 * them. Scheduling is thread-safe.
 */
final class VirtualScheduler implements Scheduler {
  private final ManualTicker time;
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private long sequence;

  VirtualScheduler(ManualTicker time) {
    this.time = time;
  }

  private record Task(long at, long sequence, Runnable task) implements Comparable<Task> {
    @Override
    public int compareTo(Task other) {
      int byTime = Long.compare(at, other.at);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }

  @Override
  public synchronized void schedule(Runnable task, long delayNanos) {
    tasks.add(new Task(time.read() + delayNanos, sequence++, task));
  }

  /** Moves time forward by {@code duration}, running every task that falls due, in order. */
  void advance(Duration duration) {
    long end = time.read() + duration.toNanos();
    while (true) {
      Task next;
      synchronized (this) {
        if (tasks.isEmpty() || tasks.peek().at() > end) {
          break;
        }
        next = tasks.poll();
      }
      time.advance(Duration.ofNanos(Math.max(0, next.at() - time.read())));
      next.task().run(); // outside the lock: tasks may schedule more
    }
    time.advance(Duration.ofNanos(Math.max(0, end - time.read())));
  }

  synchronized int pending() {
    return tasks.size();
  }
}
