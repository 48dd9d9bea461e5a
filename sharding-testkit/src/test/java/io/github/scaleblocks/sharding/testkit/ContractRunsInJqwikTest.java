package io.github.scaleblocks.sharding.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs contract classes through the jqwik engine, as a user's build would, to prove that the
 * properties are discovered from the interface, that a broken router fails them with readable
 * messages, and that declarations skip properties with a reason.
 */
class ContractRunsInJqwikTest {

  @Test
  void aRouterThatIgnoresTheLastNodeFailsEveryPropertyThatCanSeeIt() {
    Run run = run(ContractSubjects.IgnoresLastNode.class);

    // replica lists as long as the node count cannot be filled, which the determinism checks hit
    assertThat(run.failed.keySet())
        .containsExactlyInAnyOrder(
            "loadIsBalanced",
            "loadFollowsWeights",
            "topologyChangesMoveOnlyTheKeysTheyMust",
            "replicasAreDistinctAndStartWithTheOwner",
            "equalNodeListsRouteEveryKeyAlike",
            "withNodesRoutesLikeARouterBuiltForThoseNodes");
    assertThat(run.failed.get("loadIsBalanced"))
        .contains("must be within a factor 1.25 of each node's fair share")
        .containsPattern("n\\d+ \\(weight 1\\) holds 0 keys");
    assertThat(run.failed.get("topologyChangesMoveOnlyTheKeysTheyMust"))
        .containsPattern("after '(add|remove|reweight) n\\d+")
        .contains("keys (100.00%) moved");
    assertThat(run.failed.get("replicasAreDistinctAndStartWithTheOwner"))
        .contains("distinct nodes after");
    assertThat(run.succeeded)
        .containsExactlyInAnyOrder(
            "routesOnlyToItsOwnNodes",
            "replicaCountsOutsideOneToTheNodeCountAreRejected",
            "keyFormsAgree",
            "nullKeysAreRejected");
  }

  @Test
  void declaredOffPropertiesAreSkippedWithTheReason() {
    Run run = run(ContractSubjects.EverythingDeclaredOff.class);

    assertThat(run.skipped)
        .containsOnly(
            Map.entry("loadIsBalanced", "EverythingDeclaredOff declares maxBalance() infinite"),
            Map.entry("loadFollowsWeights", "EverythingDeclaredOff declares maxBalance() infinite"),
            Map.entry("keyFormsAgree", "EverythingDeclaredOff declares keyFormsAgree() false"),
            Map.entry(
                "topologyChangesMoveOnlyTheKeysTheyMust",
                "EverythingDeclaredOff declares disruption() UNCHECKED"));
    assertThat(run.failed).isEmpty();
    assertThat(run.succeeded).hasSize(6);
  }

  /** The outcome of one engine run, by property method name. */
  private static final class Run implements TestExecutionListener {
    final Map<String, String> failed = new HashMap<>();
    final Map<String, String> skipped = new HashMap<>();
    final Set<String> succeeded = new HashSet<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
      if (test.isTest()) {
        skipped.put(methodName(test), reason);
      }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
      if (!test.isTest()) {
        return;
      }
      if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
        succeeded.add(methodName(test));
      } else {
        failed.put(
            methodName(test),
            result.getThrowable().map(String::valueOf).orElse(result.getStatus().toString()));
      }
    }

    private static String methodName(TestIdentifier test) {
      return test.getSource()
          .filter(MethodSource.class::isInstance)
          .map(source -> ((MethodSource) source).getMethodName())
          .orElse(test.getDisplayName());
    }
  }

  private static Run run(Class<?> contractClass) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectClass(contractClass))
            .filters(EngineFilter.includeEngines("jqwik"))
            .configurationParameter("jqwik.database", "target/jqwik-contract-runs")
            .configurationParameter("jqwik.reporting.onlyfailures", "true")
            .build();
    Run run = new Run();
    LauncherFactory.create().execute(request, run);
    return run;
  }
}
