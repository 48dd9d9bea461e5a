package io.github.scaleblocks.queueing;

import java.util.List;

/**
 * Processes jobs in batches: up to the configured batch size, or whatever arrived within the
 * configured wait after the first one (the "queued writes" pattern: one multi-row write for many
 * jobs). The whole batch succeeds or fails together: if the handler throws, every job in the batch
 * has failed this attempt and is retried or dead-lettered on its own.
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface BatchHandler<T> {

  /** Processes {@code jobs} (never empty, unmodifiable); any throwable fails every one of them. */
  void handle(List<Job<T>> jobs) throws Exception;
}
