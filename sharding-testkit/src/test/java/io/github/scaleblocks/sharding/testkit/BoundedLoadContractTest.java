package io.github.scaleblocks.sharding.testkit;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import java.util.List;

class BoundedLoadContractTest implements ShardRouterContract {
  @Override
  public ShardRouter<String> router(List<Node<String>> nodes) {
    return ShardRouters.boundedLoad(0.25).build(nodes);
  }

  // With no load acquired, route(key) is the underlying ring's owner: the contract checks that.
}
