package io.github.scaleblocks.sharding.testkit;

import java.util.function.Predicate;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.MethodLifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips the properties of {@link ShardRouterContract} that a test class's declarations switch off,
 * so they show as skipped, with the reason, rather than as passed. The declarations are read from
 * the test instance jqwik created for the property.
 */
final class ContractSkips {
  private ContractSkips() {}

  private static SkipExecutionHook.SkipResult skipIf(
      LifecycleContext context, Predicate<ShardRouterContract> off, String why) {
    if (context instanceof MethodLifecycleContext method
        && method.testInstance() instanceof ShardRouterContract contract
        && off.test(contract)) {
      return SkipExecutionHook.SkipResult.skip(
          method.containerClass().getSimpleName() + " declares " + why);
    }
    return SkipExecutionHook.SkipResult.doNotSkip();
  }

  /** Skips unless the router declares weight support and a finite balance bound. */
  static final class UnlessWeighted implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      SkipResult noWeights = skipIf(context, c -> !c.supportsWeights(), "supportsWeights() false");
      return noWeights.isSkipped() ? noWeights : new UnlessBalanced().shouldBeSkipped(context);
    }
  }

  /** Skips when the router declares no balance bound. */
  static final class UnlessBalanced implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      return skipIf(
          context, c -> c.maxBalance() == Double.POSITIVE_INFINITY, "maxBalance() infinite");
    }
  }

  /** Skips when the router declares that its key forms do not agree. */
  static final class UnlessKeyFormsAgree implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      return skipIf(context, c -> !c.keyFormsAgree(), "keyFormsAgree() false");
    }
  }

  /** Skips when the router declares it is not consistent. */
  static final class UnlessConsistent implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      return skipIf(
          context,
          c -> c.disruption() == ShardRouterContract.Disruption.UNCHECKED,
          "disruption() UNCHECKED");
    }
  }
}
