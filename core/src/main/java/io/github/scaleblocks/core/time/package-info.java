/**
 * Injectable time: {@link io.github.scaleblocks.core.time.Ticker} for durations and {@link
 * io.github.scaleblocks.core.time.ManualTicker} for tests on virtual time.
 */
@NullMarked
package io.github.scaleblocks.core.time;

import org.jspecify.annotations.NullMarked;
