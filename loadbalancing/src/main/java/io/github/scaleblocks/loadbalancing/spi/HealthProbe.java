package io.github.scaleblocks.loadbalancing.spi;

import io.github.scaleblocks.core.Node;
import java.util.concurrent.CompletionStage;

/**
 * Probes one node for active health checking: an HTTP {@code GET /health}, a JDBC {@code SELECT 1},
 * a TCP connect. Asynchronous, so a probe that hangs costs nothing but its timeout: the health
 * checker counts a probe unfinished by then as failed and moves on. Completing with {@code false}
 * or exceptionally is a failed probe.
 *
 * <p>A blocking check is wrapped on the user's own executor: {@code node ->
 * CompletableFuture.supplyAsync(() -> ping(node.payload()), probeExecutor)}.
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface HealthProbe<T> {

  /** Starts probing {@code node}; must return promptly, never block. */
  CompletionStage<Boolean> probe(Node<T> node);
}
