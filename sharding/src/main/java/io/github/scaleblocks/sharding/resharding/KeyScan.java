package io.github.scaleblocks.sharding.resharding;

import io.github.scaleblocks.core.Node;
import java.util.function.Consumer;

/**
 * Streams the keys a node really holds, for plans made from the data rather than from a key list:
 * typically a range scan ({@code SELECT id FROM t ORDER BY id}, a Redis {@code SCAN}). Called once
 * per node of the old router, on the planning thread; the keys need not be sorted.
 *
 * @param <K> the key type
 * @param <T> the node payload type
 */
@FunctionalInterface
public interface KeyScan<K, T> {

  /** Hands every key stored on {@code node} to {@code keys}. */
  void scan(Node<T> node, Consumer<? super K> keys) throws Exception;
}
