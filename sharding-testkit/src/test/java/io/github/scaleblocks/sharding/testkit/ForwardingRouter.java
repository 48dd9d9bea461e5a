package io.github.scaleblocks.sharding.testkit;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.ShardRouter;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * A router that forwards to another; tests override one method to break one rule of the contract.
 * {@code withNodes} rewraps the new delegate with the same breakage.
 */
class ForwardingRouter implements ShardRouter<String> {
  final ShardRouter<String> delegate;
  private final Function<ShardRouter<String>, ShardRouter<String>> rewrap;

  ForwardingRouter(
      ShardRouter<String> delegate, Function<ShardRouter<String>, ShardRouter<String>> rewrap) {
    this.delegate = delegate;
    this.rewrap = rewrap;
  }

  @Override
  public Node<String> route(CharSequence key) {
    return delegate.route(key);
  }

  @Override
  public Node<String> route(byte[] key) {
    return delegate.route(key);
  }

  @Override
  public Node<String> route(long key) {
    return delegate.route(key);
  }

  @Override
  public List<Node<String>> route(CharSequence key, int count) {
    return delegate.route(key, count);
  }

  @Override
  public List<Node<String>> route(byte[] key, int count) {
    return delegate.route(key, count);
  }

  @Override
  public List<Node<String>> route(long key, int count) {
    return delegate.route(key, count);
  }

  @Override
  public List<Node<String>> nodes() {
    return delegate.nodes();
  }

  @Override
  public ShardRouter<String> withNodes(Collection<? extends Node<String>> nodes) {
    return rewrap.apply(delegate.withNodes(nodes));
  }
}
