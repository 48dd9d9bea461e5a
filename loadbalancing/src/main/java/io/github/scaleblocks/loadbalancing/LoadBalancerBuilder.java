package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.Nodes;
import io.github.scaleblocks.core.event.EventListener;
import io.github.scaleblocks.core.event.EventPublisher;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.core.time.Ticker;
import io.github.scaleblocks.loadbalancing.spi.BalancingPolicy;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import io.github.scaleblocks.loadbalancing.spi.Scheduler;
import io.github.scaleblocks.loadbalancing.spi.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link LoadBalancer}: obtained from {@link LoadBalancers} with its strategy chosen.
 * Every setting may be set once (a second call is rejected, naming the value already set); unset
 * settings take the defaults below. Reusable: each {@link #build} copies the settings into an
 * independent balancer.
 */
public final class LoadBalancerBuilder {
  private final String name;
  private final BalancingPolicy policy;
  private @Nullable Ticker ticker;
  private @Nullable RandomSource random;
  private final List<EventListener<? super LoadBalancerEvent>> listeners = new ArrayList<>();
  private double panicThresholdPercent = Double.NaN;
  private @Nullable SlowStart slowStart;
  private @Nullable OutlierDetection outlierDetection;
  private @Nullable Duration statsInterval;
  private @Nullable Duration latencyDecay;
  private @Nullable RetryBudget retryBudget;
  private @Nullable Backoff backoff;
  private @Nullable Sleeper sleeper;
  private @Nullable Executor hedgeExecutor;
  private @Nullable Scheduler hedgeScheduler;

  LoadBalancerBuilder(String name, BalancingPolicy policy) {
    this.name = name;
    this.policy = policy;
  }

  /** The time source for latencies, intervals and ejections (default {@link Ticker#system()}). */
  public LoadBalancerBuilder ticker(Ticker newTicker) {
    Checks.notNull(newTicker, "ticker");
    Checks.setOnce(ticker == null, "ticker", ticker);
    ticker = newTicker;
    return this;
  }

  /**
   * The randomness for random and power-of-two-choices picks and jitter (default {@link
   * RandomSource#threadLocal()}); pass {@link RandomSource#seeded} to replay runs.
   */
  public LoadBalancerBuilder random(RandomSource newRandom) {
    Checks.notNull(newRandom, "random");
    Checks.setOnce(random == null, "random", random);
    random = newRandom;
    return this;
  }

  /** Adds a listener for {@link LoadBalancerEvent}s (none by default). */
  public LoadBalancerBuilder listener(EventListener<? super LoadBalancerEvent> listener) {
    listeners.add(Checks.notNull(listener, "listener"));
    return this;
  }

  /**
   * Envoy's panic threshold, in percent (default 50): when fewer than this share of the nodes are
   * in rotation, the balancer ignores health and ejections and balances over all nodes, on the
   * grounds that overloading the few healthy nodes would be worse. 0 turns panic mode off: then a
   * pick with every node out of rotation throws {@link NoAvailableNodeException}.
   */
  public LoadBalancerBuilder panicThreshold(double percent) {
    Checks.argument(
        percent >= 0 && percent <= 100,
        "panicThreshold must be between 0 and 100 percent but was " + percent);
    if (!Double.isNaN(panicThresholdPercent)) {
      throw new IllegalStateException("panicThreshold was already set to " + panicThresholdPercent);
    }
    panicThresholdPercent = percent;
    return this;
  }

  /** Slow start for nodes added later (default none). */
  public LoadBalancerBuilder slowStart(SlowStart setting) {
    Checks.notNull(setting, "slowStart");
    Checks.setOnce(slowStart == null, "slowStart", slowStart);
    slowStart = setting;
    return this;
  }

  /** Passive outlier ejection (default none: nodes are never ejected). */
  public LoadBalancerBuilder outlierDetection(OutlierDetection setting) {
    Checks.notNull(setting, "outlierDetection");
    Checks.setOnce(outlierDetection == null, "outlierDetection", outlierDetection);
    outlierDetection = setting;
    return this;
  }

  /**
   * The statistics interval (default 10 s): windowed availability and throughput cover one
   * interval, and the success-rate ejection rule runs once per interval.
   */
  public LoadBalancerBuilder statsInterval(Duration interval) {
    Checks.setOnce(statsInterval == null, "statsInterval", statsInterval);
    statsInterval = Checks.positive(interval, "statsInterval");
    return this;
  }

  /** The peak-EWMA decay time constant (default 10 s, as Finagle's). */
  public LoadBalancerBuilder latencyDecay(Duration decay) {
    Checks.setOnce(latencyDecay == null, "latencyDecay", latencyDecay);
    latencyDecay = Checks.positive(decay, "latencyDecay");
    return this;
  }

  /**
   * The cap on retries by {@link LoadBalancer#execute} (default {@code RetryBudget.of(0.2)}: 20 %
   * of calls plus 10 per second).
   */
  public LoadBalancerBuilder retryBudget(RetryBudget budget) {
    Checks.notNull(budget, "retryBudget");
    Checks.setOnce(retryBudget == null, "retryBudget", retryBudget);
    retryBudget = budget;
    return this;
  }

  /**
   * The wait before each retry of {@link LoadBalancer#execute} (default exponential from 25 ms to
   * 250 ms with full jitter, as Envoy's).
   */
  public LoadBalancerBuilder backoff(Backoff newBackoff) {
    Checks.notNull(newBackoff, "backoff");
    Checks.setOnce(backoff == null, "backoff", backoff);
    backoff = newBackoff;
    return this;
  }

  /**
   * How {@link LoadBalancer#execute} waits out a backoff (default {@link Sleeper#system()}); tests
   * and simulations pass one that advances their virtual clock.
   */
  public LoadBalancerBuilder sleeper(Sleeper newSleeper) {
    Checks.notNull(newSleeper, "sleeper");
    Checks.setOnce(sleeper == null, "sleeper", sleeper);
    sleeper = newSleeper;
    return this;
  }

  /**
   * Enables hedged calls ({@link CallOptions#withHedgeAfter}): attempts run on {@code executor}
   * (one task per attempt; the calling thread waits for the first success) and hedge delays are
   * timed by {@code scheduler}. Without this, hedged options are rejected.
   */
  public LoadBalancerBuilder hedging(Executor executor, Scheduler scheduler) {
    Checks.notNull(executor, "executor");
    Checks.notNull(scheduler, "scheduler");
    Checks.setOnce(hedgeExecutor == null, "hedging executor", hedgeExecutor);
    hedgeExecutor = executor;
    hedgeScheduler = scheduler;
    return this;
  }

  /**
   * A balancer over {@code nodes}, in their order. Rejects an empty set, null nodes and duplicate
   * ids, naming the problem.
   */
  public <T> LoadBalancer<T> build(Collection<? extends Node<T>> nodes) {
    List<Node<T>> checked = Nodes.checkedCopy(nodes);
    Config config =
        new Config(
            name,
            policy,
            ticker == null ? Ticker.system() : ticker,
            random == null ? RandomSource.threadLocal() : random,
            EventPublisher.of(listeners),
            Double.isNaN(panicThresholdPercent) ? 50.0 : panicThresholdPercent,
            slowStart,
            outlierDetection,
            (statsInterval == null ? Duration.ofSeconds(10) : statsInterval).toNanos(),
            (latencyDecay == null ? Duration.ofSeconds(10) : latencyDecay).toNanos(),
            retryBudget == null ? RetryBudget.of(0.2) : retryBudget,
            backoff == null
                ? Backoff.exponential(Duration.ofMillis(25), Duration.ofMillis(250))
                : backoff,
            sleeper == null ? Sleeper.system() : sleeper,
            hedgeExecutor,
            hedgeScheduler);
    return new DefaultLoadBalancer<>(config, checked);
  }

  @Override
  public String toString() {
    return "LoadBalancerBuilder[" + name + "]";
  }
}
