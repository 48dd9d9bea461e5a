package io.github.scaleblocks.sharding.testkit;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import java.util.List;

class JumpBackContractTest implements ShardRouterContract {
  @Override
  public ShardRouter<String> router(List<Node<String>> nodes) {
    return ShardRouters.jumpBack().build(nodes);
  }

  @Override
  public boolean supportsWeights() {
    return false;
  }

  @Override
  public boolean changesOnlyAtEnd() {
    return true;
  }
}
