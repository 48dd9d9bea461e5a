package io.github.scaleblocks.caching.redis;

import io.github.scaleblocks.core.time.Ticker;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lets one warning through per interval and counts the ones it holds back, so an outage logs a line
 * every interval instead of one per failed call. Thread-safe; the first warning passes.
 */
final class WarnLimiter {
  private final Ticker ticker;
  private final long intervalNanos;
  private final AtomicLong last;
  private final LongAdder suppressed = new LongAdder();

  WarnLimiter(Ticker ticker, long intervalNanos) {
    this.ticker = ticker;
    this.intervalNanos = intervalNanos;
    this.last = new AtomicLong(ticker.read() - intervalNanos);
  }

  /**
   * The number of warnings held back since the last one that passed, if this one may be logged now;
   * else -1 (and this one is counted as held back).
   */
  long tryPass() {
    long now = ticker.read();
    long previous = last.get();
    if (now - previous >= intervalNanos && last.compareAndSet(previous, now)) {
      return suppressed.sumThenReset();
    }
    suppressed.increment();
    return -1;
  }
}
