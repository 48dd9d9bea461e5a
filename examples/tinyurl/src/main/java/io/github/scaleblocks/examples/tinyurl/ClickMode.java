package io.github.scaleblocks.examples.tinyurl;

/**
 * How redirects record click events ({@code --clicks} and {@code --click-queue}); see the module
 * README's "Clicks" section for what each mode can lose.
 */
public enum ClickMode {
  /**
   * The default: each redirect puts one small event on an in-memory {@code WorkQueue} (no database,
   * no lock, no logging); a batching consumer writes them to the owning shards. A full queue drops
   * the click and counts it. Lost on a crash: the clicks still in memory (at most the queue's
   * capacity; normally the last batch wait). An orderly shutdown writes them all.
   */
  QUEUED,
  /**
   * As {@link #QUEUED}, but each batch the consumer gathers becomes one job per shard in a durable
   * {@code WorkQueue} (scaleblocks-queueing-jdbc), written to the shards by a second consumer. A
   * crash loses only the clicks not yet gathered into a durable job (at most one batch wait);
   * stored jobs are written after a restart, exactly once (each carries a batch id the shard
   * records in the same transaction as its clicks).
   */
  DURABLE,
  /**
   * The naive design, for measuring: each redirect writes its click to the owning shard before it
   * answers (one transaction per redirect). A failing shard fails the redirect with a 503.
   */
  SYNC,
  /** No click events: no per-day clicks, referrers or reports (the visit counts still work). */
  OFF
}
