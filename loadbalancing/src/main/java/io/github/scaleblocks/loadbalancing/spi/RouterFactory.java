package io.github.scaleblocks.loadbalancing.spi;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.ShardRouter;
import java.util.List;

/**
 * Builds the {@link ShardRouter} that sticky balancing routes keys with, over the current
 * candidates. Any router of the sharding block fits; pass its builder's {@code build} method:
 *
 * <pre>{@code
 * LoadBalancer<Client> balancer =
 *     LoadBalancers.sticky(ShardRouters.rendezvous()::build).build(nodes);
 * }</pre>
 *
 * <p>The method is generic, so it is implemented by a method reference or a class, not a lambda.
 */
@FunctionalInterface
public interface RouterFactory {

  /** A router over {@code nodes} (never empty, ids unique). */
  <T> ShardRouter<T> build(List<Node<T>> nodes);
}
