package io.github.scaleblocks.mapreduce;

import io.github.scaleblocks.core.event.EventPublisher;
import io.github.scaleblocks.core.time.Ticker;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/** The engine's immutable settings. */
record EngineConfig(
    @Nullable Executor executor,
    int parallelism,
    long memoryBudgetBytes,
    Path tempDirectory,
    int maxAttempts,
    Ticker ticker,
    EventPublisher<MapReduceEvent> events) {}
