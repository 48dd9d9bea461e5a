/**
 * A TinyURL service wired from the scaleblocks blocks: URL records sharded over N databases by
 * short code ({@code ShardRouters.jumpBack()}), served as a JSON API on Undertow with a small web
 * page at {@code /}. Redirects read links cache-aside ({@code scaleblocks-caching}, with negative
 * caching of unknown codes and an optional Redis second level from {@code caching-redis}). Every
 * redirect records a click event off its critical path ({@link
 * io.github.scaleblocks.examples.tinyurl.ClickMode}: one in-memory enqueue on a {@code
 * scaleblocks-queueing} {@code WorkQueue}, durable on {@code queueing-jdbc} when configured),
 * written in batches to a click log in the shard that owns the code with per-day counts; daily
 * reports (top codes, top referrers) are computed from that log with {@code scaleblocks-mapreduce},
 * reading every shard through a custom MapReduce input, on a schedule and on demand.
 *
 * <p>Start it with {@link io.github.scaleblocks.examples.tinyurl.Main} ({@code java -jar
 * tinyurl.jar}) or embed it with {@link io.github.scaleblocks.examples.tinyurl.TinyUrlServer}'s
 * builder, which takes the injected pieces: a {@link java.time.Clock} for expiry, a core {@code
 * Ticker} for rate limits and the cache's TTLs, and a {@link
 * io.github.scaleblocks.examples.tinyurl.HostResolver} (the one plug-in interface) for the
 * private-address check of targets. Everything else is package-private.
 */
@NullMarked
package io.github.scaleblocks.examples.tinyurl;

import org.jspecify.annotations.NullMarked;
