package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.event.EventPublisher;
import io.github.scaleblocks.core.time.Ticker;
import io.github.scaleblocks.loadbalancing.spi.BalancingPolicy;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import io.github.scaleblocks.loadbalancing.spi.Scheduler;
import io.github.scaleblocks.loadbalancing.spi.Sleeper;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/** A balancer's settings, copied from its builder at {@code build()}. */
record Config(
    String name,
    BalancingPolicy policy,
    Ticker ticker,
    RandomSource random,
    EventPublisher<LoadBalancerEvent> events,
    double panicThresholdPercent,
    @Nullable SlowStart slowStart,
    @Nullable OutlierDetection outlierDetection,
    long statsIntervalNanos,
    double latencyDecayNanos,
    RetryBudget retryBudget,
    Backoff backoff,
    Sleeper sleeper,
    @Nullable Executor hedgeExecutor,
    @Nullable Scheduler hedgeScheduler) {}
