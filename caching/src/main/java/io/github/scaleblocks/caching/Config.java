package io.github.scaleblocks.caching;

import io.github.scaleblocks.caching.spi.BulkLoader;
import io.github.scaleblocks.caching.spi.CacheWriter;
import io.github.scaleblocks.caching.spi.Loader;
import io.github.scaleblocks.caching.spi.SecondLevel;
import io.github.scaleblocks.core.event.EventListener;
import io.github.scaleblocks.core.time.Ticker;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.ToIntBiFunction;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/** The immutable configuration a {@link CacheAsideBuilder} copies at build; durations in nanos. */
record Config<K, V>(
    Loader<K, V> loader,
    @Nullable BulkLoader<K, V> bulkLoader,
    long maximumSize,
    long maximumWeight,
    @Nullable ToIntBiFunction<? super K, ? super V> weigher,
    long ttlNanos,
    double ttlJitter,
    long negativeTtlNanos,
    long refreshAfterWriteNanos,
    double beta,
    long staleWhileRevalidateNanos,
    long staleIfErrorNanos,
    long loaderTimeoutNanos,
    @Nullable CacheWriter<K, V> writer,
    boolean writeBehind,
    int writeBehindBatchSize,
    @Nullable SecondLevel<K, V> secondLevel,
    Ticker ticker,
    @Nullable Executor executor,
    Executor maintenanceExecutor,
    @Nullable RandomGenerator random,
    List<EventListener<? super CacheEvent>> listeners,
    boolean countHits) {}
