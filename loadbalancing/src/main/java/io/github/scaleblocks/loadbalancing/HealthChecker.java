package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.loadbalancing.spi.HealthProbe;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import io.github.scaleblocks.loadbalancing.spi.Scheduler;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Active health checking for a {@link LoadBalancer}: every interval (plus a random jitter, so many
 * clients do not probe in step) each node is probed with the user's {@link HealthProbe}; after
 * {@code unhealthyThreshold} failed probes in a row a node leaves rotation, after {@code
 * healthyThreshold} passed probes in a row it returns (in slow start, if the balancer has it).
 *
 * <p>A probe that has not finished within {@code timeout} counts as failed; its late result is
 * ignored, and a node whose previous probe is still outstanding is not probed again until it ends,
 * so a hanging probe never stalls the checker or the balancer and probes never pile up. Nodes start
 * healthy; nodes added later are probed from the next round on. Rounds and timeouts run on the
 * injected {@link Scheduler}, so tests drive the checker on virtual time.
 *
 * <p>Thread-safe. Cost per round: one probe per node; the checker holds no thread of its own.
 * {@link #close()} stops scheduling new rounds (probes already started still finish, and are
 * ignored).
 *
 * <p>When not to use it: when every call already goes through {@link LoadBalancer#report}, passive
 * {@link OutlierDetection} sees failures sooner and costs no extra requests; active checks earn
 * their keep for idle nodes and for nodes that must be proven up before taking traffic.
 *
 * @param <T> the payload type
 */
public final class HealthChecker<T> implements AutoCloseable {
  private final DefaultLoadBalancer<T> balancer;
  private final HealthProbe<T> probe;
  private final Scheduler scheduler;
  private final RandomSource random;
  private final long intervalNanos;
  private final long jitterNanos;
  private final long timeoutNanos;
  private final int healthyThreshold;
  private final int unhealthyThreshold;
  private final Map<NodeState<T>, Streak> streaks = new IdentityHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private HealthChecker(Builder<T> builder) {
    this.balancer = builder.balancer;
    this.probe = builder.probe;
    this.scheduler = Checks.notNull(builder.scheduler, "scheduler");
    this.random = builder.random;
    this.intervalNanos = builder.interval.toNanos();
    this.jitterNanos = builder.jitter.toNanos();
    this.timeoutNanos = builder.timeout.toNanos();
    this.healthyThreshold = builder.healthyThreshold;
    this.unhealthyThreshold = builder.unhealthyThreshold;
  }

  /** A builder for checking {@code balancer}'s nodes with {@code probe}. */
  public static <T> Builder<T> builder(LoadBalancer<T> balancer, HealthProbe<T> probe) {
    Checks.notNull(balancer, "balancer");
    Checks.notNull(probe, "probe");
    if (!(balancer instanceof DefaultLoadBalancer)) {
      throw new IllegalArgumentException(
          balancer + " was not built by LoadBalancers: health checks need its node states");
    }
    return new Builder<>((DefaultLoadBalancer<T>) balancer, probe);
  }

  private void round() {
    if (closed.get()) {
      return;
    }
    List<NodeState<T>> members = balancer.members();
    for (NodeState<T> node : members) {
      Streak streak;
      synchronized (streaks) {
        streak = streaks.computeIfAbsent(node, n -> new Streak());
      }
      if (streak.outstanding.compareAndSet(false, true)) {
        probe(node, streak);
      }
    }
    synchronized (streaks) {
      streaks.keySet().retainAll(new java.util.HashSet<>(members));
    }
    long jitter = jitterNanos == 0 ? 0 : (long) (random.nextDouble() * (jitterNanos + 1));
    scheduler.schedule(this::round, intervalNanos + jitter);
  }

  private void probe(NodeState<T> node, Streak streak) {
    AtomicBoolean decided = new AtomicBoolean();
    scheduler.schedule(
        () -> {
          if (decided.compareAndSet(false, true)) {
            record(node, streak, false);
          }
        },
        timeoutNanos);
    CompletionStage<Boolean> result;
    try {
      result = Checks.notNull(probe.probe(node.node()), "probe result");
    } catch (RuntimeException e) {
      if (decided.compareAndSet(false, true)) {
        record(node, streak, false);
      }
      streak.outstanding.set(false);
      return;
    }
    result.whenComplete(
        (@Nullable Boolean healthy, @Nullable Throwable failure) -> {
          streak.outstanding.set(false);
          if (decided.compareAndSet(false, true)) {
            record(node, streak, failure == null && Boolean.TRUE.equals(healthy));
          }
        });
  }

  private void record(NodeState<T> node, Streak streak, boolean passed) {
    boolean change;
    synchronized (streak) {
      if (passed) {
        streak.passes++;
        streak.failures = 0;
        change = !node.healthy && streak.passes >= healthyThreshold;
      } else {
        streak.failures++;
        streak.passes = 0;
        change = node.healthy && streak.failures >= unhealthyThreshold;
      }
    }
    if (change) {
      balancer.setHealthy(node, passed);
    }
  }

  /** Stops scheduling rounds. */
  @Override
  public void close() {
    closed.set(true);
  }

  @Override
  public String toString() {
    return "HealthChecker[every "
        + Duration.ofNanos(intervalNanos)
        + " + up to "
        + Duration.ofNanos(jitterNanos)
        + ", timeout "
        + Duration.ofNanos(timeoutNanos)
        + ", healthy after "
        + healthyThreshold
        + ", unhealthy after "
        + unhealthyThreshold
        + (closed.get() ? ", closed" : "")
        + "]";
  }

  private static final class Streak {
    final AtomicBoolean outstanding = new AtomicBoolean();
    int passes;
    int failures;
  }

  /** Builds and starts a {@link HealthChecker}. */
  public static final class Builder<T> {
    private final DefaultLoadBalancer<T> balancer;
    private final HealthProbe<T> probe;
    private @Nullable Scheduler scheduler;
    private RandomSource random = RandomSource.threadLocal();
    private Duration interval = Duration.ofSeconds(10);
    private Duration jitter = Duration.ofSeconds(1);
    private Duration timeout = Duration.ofSeconds(1);
    private int healthyThreshold = 2;
    private int unhealthyThreshold = 3;

    private Builder(DefaultLoadBalancer<T> balancer, HealthProbe<T> probe) {
      this.balancer = balancer;
      this.probe = probe;
    }

    /** Where rounds and timeouts run (required): {@code Scheduler.of(scheduledExecutor)}. */
    public Builder<T> scheduler(Scheduler newScheduler) {
      scheduler = Checks.notNull(newScheduler, "scheduler");
      return this;
    }

    /** The randomness for jitter (default {@link RandomSource#threadLocal()}). */
    public Builder<T> random(RandomSource newRandom) {
      random = Checks.notNull(newRandom, "random");
      return this;
    }

    /** The time between rounds (positive, default 10 s). */
    public Builder<T> interval(Duration newInterval) {
      interval = Checks.positive(newInterval, "interval");
      return this;
    }

    /** The most random time added to each interval (0 or more, default 1 s). */
    public Builder<T> jitter(Duration newJitter) {
      Checks.notNull(newJitter, "jitter");
      Checks.argument(!newJitter.isNegative(), "jitter must not be negative but was " + newJitter);
      jitter = newJitter;
      return this;
    }

    /** How long a probe may take before it counts as failed (positive, default 1 s). */
    public Builder<T> timeout(Duration newTimeout) {
      timeout = Checks.positive(newTimeout, "timeout");
      return this;
    }

    /** Passed probes in a row that return an unhealthy node (at least 1, default 2). */
    public Builder<T> healthyThreshold(int probes) {
      healthyThreshold = Checks.positive(probes, "healthyThreshold");
      return this;
    }

    /** Failed probes in a row that take a node out (at least 1, default 3). */
    public Builder<T> unhealthyThreshold(int probes) {
      unhealthyThreshold = Checks.positive(probes, "unhealthyThreshold");
      return this;
    }

    /**
     * Starts checking: the first round runs on the scheduler at once. Rejects a timeout longer than
     * the interval.
     */
    public HealthChecker<T> start() {
      Checks.argument(
          timeout.compareTo(interval) <= 0,
          "timeout " + timeout + " must not be longer than the interval " + interval);
      HealthChecker<T> checker = new HealthChecker<>(this);
      checker.scheduler.schedule(checker::round, 0);
      return checker;
    }
  }
}
