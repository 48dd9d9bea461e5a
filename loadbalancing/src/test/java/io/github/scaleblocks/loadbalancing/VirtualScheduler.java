package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.loadbalancing.spi.Scheduler;
import java.time.Duration;
import java.util.PriorityQueue;

/** A {@link Scheduler} on virtual time: tasks run when the test moves time past them. */
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
  public void schedule(Runnable task, long delayNanos) {
    tasks.add(new Task(time.read() + delayNanos, sequence++, task));
  }

  /** Moves time forward by {@code duration}, running every task that falls due, in order. */
  void advance(Duration duration) {
    long end = time.read() + duration.toNanos();
    while (!tasks.isEmpty() && tasks.peek().at() <= end) {
      Task next = tasks.poll();
      time.advance(Duration.ofNanos(next.at() - time.read()));
      next.task().run();
    }
    time.advance(Duration.ofNanos(end - time.read()));
  }

  int pending() {
    return tasks.size();
  }
}
