/**
 * Tests against real Redis servers: the shared local one (127.0.0.1:6379; skipped when unreachable,
 * failing under {@code CI=true}) and private {@code redis-server} processes the tests start, stop
 * and restart.
 */
@NullMarked
package io.github.scaleblocks.caching.redis.it;

import org.jspecify.annotations.NullMarked;
