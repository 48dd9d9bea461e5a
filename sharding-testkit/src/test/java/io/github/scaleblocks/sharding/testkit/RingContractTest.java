package io.github.scaleblocks.sharding.testkit;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import java.util.List;

class RingContractTest implements ShardRouterContract {
  @Override
  public ShardRouter<String> router(List<Node<String>> nodes) {
    return ShardRouters.ring().build(nodes);
  }
}
