package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.hash.KeyHasher;
import io.github.scaleblocks.core.hash.KeyHashers;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.sharding.spi.HashPlacement;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Builds a hash-based {@link ShardRouter}: obtained from {@link ShardRouters} with its placement
 * chosen ({@code ShardRouters.jump()}, {@code ShardRouters.custom(placement)}, ...). Reusable: each
 * {@link #build} makes an independent router.
 */
public final class HashRouterBuilder {
  private final String name;
  private final HashPlacement placement;
  private @Nullable KeyHasher hasher;

  HashRouterBuilder(String name, HashPlacement placement, @Nullable KeyHasher presetHasher) {
    this.name = name;
    this.placement = placement;
    this.hasher = presetHasher;
  }

  /**
   * The key hash (default {@link KeyHashers#xxh3()}). Set it once; changing it later moves every
   * key, so pick {@link KeyHashers#murmur3()} only to keep placements made with Murmur3.
   */
  public HashRouterBuilder hasher(KeyHasher keyHasher) {
    Checks.notNull(keyHasher, "hasher");
    if (hasher != null) {
      throw new IllegalStateException("hasher was already set to " + hasher);
    }
    hasher = keyHasher;
    return this;
  }

  /**
   * A router over {@code nodes}, in their order. Rejects an empty set, null nodes and duplicate
   * ids, naming the problem.
   */
  public <T> ShardRouter<T> build(Collection<? extends Node<T>> nodes) {
    KeyHasher keyHasher = hasher == null ? KeyHashers.defaultHasher() : hasher;
    return new HashRouter<>(name, placement, keyHasher, nodes);
  }
}
