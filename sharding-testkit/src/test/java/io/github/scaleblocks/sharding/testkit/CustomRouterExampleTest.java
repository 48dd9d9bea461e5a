package io.github.scaleblocks.sharding.testkit;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.hash.KeyHashers;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import io.github.scaleblocks.sharding.spi.HashPlacement;
import io.github.scaleblocks.sharding.spi.Mixing;
import java.util.List;

/** The README's example: a user's own placement, tested with the contract. */
class CustomRouterExampleTest implements ShardRouterContract {

  /** Highest draw wins: each node draws a number from the key hash and its id's hash. */
  static final HashPlacement HIGHEST_DRAW =
      nodes -> {
        long[] seeds = nodes.stream().mapToLong(n -> KeyHashers.xxh3().hash(n.id())).toArray();
        return hash -> {
          int best = 0;
          for (int i = 1; i < seeds.length; i++) {
            if (Mixing.next(hash ^ seeds[i]) > Mixing.next(hash ^ seeds[best])) {
              best = i;
            }
          }
          return best;
        };
      };

  @Override
  public ShardRouter<String> router(List<Node<String>> nodes) {
    return ShardRouters.custom(HIGHEST_DRAW).build(nodes);
  }

  @Override
  public boolean supportsWeights() {
    return false;
  }
}
