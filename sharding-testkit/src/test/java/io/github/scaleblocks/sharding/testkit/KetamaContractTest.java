package io.github.scaleblocks.sharding.testkit;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import java.util.List;

class KetamaContractTest implements ShardRouterContract {
  @Override
  public ShardRouter<String> router(List<Node<String>> nodes) {
    return ShardRouters.ketama().build(nodes);
  }

  /** 160 points per server, as libketama: shares vary by up to a few tens of percent. */
  @Override
  public double maxBalance() {
    return 1.6;
  }

  @Override
  public boolean supportsWeights() {
    return false;
  }
}
