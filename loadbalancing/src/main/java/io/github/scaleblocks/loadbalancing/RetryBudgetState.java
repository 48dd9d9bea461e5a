package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.time.Ticker;

/**
 * A {@link RetryBudget} at work: calls and retries counted in ten buckets that slide over the
 * window on the injected ticker. Synchronized; one instance per balancer.
 */
final class RetryBudgetState {
  private static final int BUCKETS = 10;

  private final RetryBudget budget;
  private final Ticker ticker;
  private final long bucketNanos;
  private final long[] calls = new long[BUCKETS];
  private final long[] retries = new long[BUCKETS];
  private long bucketIndex;

  RetryBudgetState(RetryBudget budget, Ticker ticker) {
    this.budget = budget;
    this.ticker = ticker;
    this.bucketNanos = Math.max(1, budget.window().toNanos() / BUCKETS);
    this.bucketIndex = Math.floorDiv(ticker.read(), bucketNanos);
  }

  /** Counts one first attempt. */
  synchronized void recordCall() {
    advance();
    calls[slot()]++;
  }

  /** Takes one retry from the budget if there is room; false when the budget is spent. */
  synchronized boolean tryRetry() {
    advance();
    long callSum = 0;
    long retrySum = 0;
    for (int i = 0; i < BUCKETS; i++) {
      callSum += calls[i];
      retrySum += retries[i];
    }
    double allowed =
        budget.ratio() * callSum + budget.minRetriesPerSecond() * (budget.window().toNanos() / 1e9);
    if (retrySum + 1 > allowed) {
      return false;
    }
    retries[slot()]++;
    return true;
  }

  private int slot() {
    return (int) Math.floorMod(bucketIndex, (long) BUCKETS);
  }

  private void advance() {
    long now = Math.floorDiv(ticker.read(), bucketNanos);
    long steps = Math.min(BUCKETS, now - bucketIndex);
    for (long i = 1; i <= steps; i++) {
      int slot = (int) Math.floorMod(bucketIndex + i, (long) BUCKETS);
      calls[slot] = 0;
      retries[slot] = 0;
    }
    if (now > bucketIndex) {
      bucketIndex = now;
    }
  }
}
