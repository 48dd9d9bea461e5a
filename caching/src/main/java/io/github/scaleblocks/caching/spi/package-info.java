/**
 * The extension points of {@link io.github.scaleblocks.caching.CacheAside}: the user's {@link
 * io.github.scaleblocks.caching.spi.Loader}, {@link io.github.scaleblocks.caching.spi.BulkLoader}
 * and {@link io.github.scaleblocks.caching.spi.CacheWriter}, and {@link
 * io.github.scaleblocks.caching.spi.SecondLevel}, the shared tier behind the in-process cache (the
 * {@code scaleblocks-caching-redis} module implements it on Redis; a user's own tier, say on
 * Memcached, implements the same interface and is passed to {@code secondLevel(...)} the same way).
 */
@NullMarked
package io.github.scaleblocks.caching.spi;

import org.jspecify.annotations.NullMarked;
