package io.github.scaleblocks.queueing;

import io.github.scaleblocks.core.time.Ticker;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/** The immutable configuration of one queue, copied from its builder at build(). */
record QueueSettings(
    String name,
    int defaultMaxAttempts,
    long backoffInitialNanos,
    long backoffMaxNanos,
    Predicate<? super Throwable> retryable,
    @Nullable RandomGenerator random,
    long executionTimeoutNanos,
    long leaseNanos,
    long pollNanos,
    int claimBatchSize,
    long idempotencyWindowNanos,
    long shutdownTimeoutNanos,
    long sampleIntervalNanos,
    Ticker ticker,
    Clock clock,
    ThreadFactory threadFactory,
    @Nullable ScheduledExecutorService scheduler) {}
