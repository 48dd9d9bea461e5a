package io.github.scaleblocks.sharding.testkit;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import java.util.List;

/**
 * Contract classes that {@link ContractRunsInJqwikTest} runs through the jqwik engine itself. Their
 * names do not end in "Test", so the build does not run them directly.
 */
final class ContractSubjects {
  private ContractSubjects() {}

  /** A placement that never uses the last node: several properties must fail. */
  static final class IgnoresLastNode implements ShardRouterContract {
    @Override
    public ShardRouter<String> router(List<Node<String>> nodes) {
      return ShardRouters.custom(ContractCanFailTest.IGNORES_LAST_NODE).build(nodes);
    }

    @Override
    public int maxNodes() {
      return 6;
    }
  }

  /** Hash modulo with every optional property declared off: those must show as skipped. */
  static final class EverythingDeclaredOff implements ShardRouterContract {
    @Override
    public ShardRouter<String> router(List<Node<String>> nodes) {
      return ShardRouters.hashModulo().build(nodes);
    }

    @Override
    public double maxBalance() {
      return Double.POSITIVE_INFINITY;
    }

    @Override
    public Disruption disruption() {
      return Disruption.UNCHECKED;
    }

    @Override
    public boolean keyFormsAgree() {
      return false;
    }

    @Override
    public int maxNodes() {
      return 4;
    }
  }
}
