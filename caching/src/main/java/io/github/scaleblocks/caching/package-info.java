/**
 * Cache-aside over Caffeine: {@link io.github.scaleblocks.caching.CacheAside}, built by {@link
 * io.github.scaleblocks.caching.CacheAside#builder}.
 *
 * <p>A read takes the fast path while the entry is fresh and no refresh is due: one Caffeine
 * lookup, one ticker read and one comparison, no allocation. Otherwise it takes the slow path,
 * which decides, in this order: still fresh but a refresh is due (refresh after write, or XFetch's
 * probabilistic early refresh) → serve and refresh in the background; expired but inside the
 * stale-while-revalidate window → serve stale and refresh in the background; expired but inside the
 * stale-if-error window → reload and wait, serving the stale value if the reload fails; else → load
 * and wait. All loads of one key are single-flight.
 *
 * <p>Entries are small immutable holders (value or absent, and the deadlines computed from the
 * injected {@link io.github.scaleblocks.core.time.Ticker} when they were written), so every expiry
 * and refresh decision runs on the injected time and tests run on {@link
 * io.github.scaleblocks.core.time.ManualTicker}.
 *
 * <p>Extension points are in {@link io.github.scaleblocks.caching.spi}: the loader, bulk loader,
 * writer and the shared {@link io.github.scaleblocks.caching.spi.SecondLevel} (the Redis module's
 * implementation is written against it, as a user's own would be).
 */
@NullMarked
package io.github.scaleblocks.caching;

import org.jspecify.annotations.NullMarked;
