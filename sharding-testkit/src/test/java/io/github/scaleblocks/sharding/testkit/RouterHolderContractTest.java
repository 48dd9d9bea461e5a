package io.github.scaleblocks.sharding.testkit;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.RouterHolder;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import java.util.List;

/** A holder routes exactly like the router it holds: here, rendezvous. */
class RouterHolderContractTest implements ShardRouterContract {
  @Override
  public ShardRouter<String> router(List<Node<String>> nodes) {
    return RouterHolder.builder(ShardRouters.rendezvous().build(nodes)).build();
  }
}
