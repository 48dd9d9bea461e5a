package io.github.scaleblocks.loadbalancing;

import static io.github.scaleblocks.loadbalancing.TestNodes.named;
import static io.github.scaleblocks.loadbalancing.TestNodes.pickCounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipTest {

  @Test
  void addedNodesTakeTrafficAndRemovedNodesStop() {
    LoadBalancer<String> balancer = LoadBalancers.roundRobin().build(named("a", "b"));

    balancer.addNode(Node.named("c"));
    assertThat(pickCounts(balancer, 30)).containsOnlyKeys("a", "b", "c");
    balancer.removeNode("a");
    assertThat(pickCounts(balancer, 30)).containsOnlyKeys("b", "c");
    assertThat(balancer.nodes()).extracting(Node::id).containsExactly("b", "c");
  }

  @Test
  void reweightingKeepsStatisticsAndChangesShares() {
    LoadBalancer<String> balancer = LoadBalancers.weightedRoundRobin().build(named("a", "b"));
    pickCounts(balancer, 10);

    balancer.setWeight("b", 3);

    assertThat(pickCounts(balancer, 400)).containsEntry("a", 100).containsEntry("b", 300);
    assertThat(balancer.metrics().node("b").successes()).isEqualTo(305);
    assertThat(balancer.nodes()).contains(Node.of("b", 3, "b"));
  }

  @Test
  void reportingAPickOfARemovedNodeTouchesOnlyThatNodeAndTheTotals() {
    LoadBalancer<String> balancer = LoadBalancers.roundRobin().build(named("a", "b", "c"));
    List<Pick<String>> held = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      held.add(balancer.pick());
    }
    assertThat(balancer.metrics().inFlight()).isEqualTo(6);

    balancer.removeNode("b");
    for (Pick<String> pick : held) {
      balancer.report(pick, 1_000, Outcome.SUCCESS);
    }

    LoadBalancerMetrics metrics = balancer.metrics();
    assertThat(metrics.inFlight()).isZero();
    assertThat(metrics.successes()).isEqualTo(6);
    assertThat(metrics.nodes()).extracting(NodeMetrics::id).containsExactly("a", "c");
    assertThat(metrics.nodes())
        .allSatisfy(
            node -> {
              assertThat(node.inFlight()).isZero();
              assertThat(node.successes()).isEqualTo(2);
              assertThat(node.unmatchedReports()).isZero();
            });
  }

  @Test
  void aRemovedNodesStatisticsStayInTheTotalsExactlyOnce() {
    LoadBalancer<String> balancer = LoadBalancers.roundRobin().build(named("a", "b"));
    Pick<String> held = balancer.pick();
    Pick<String> other = balancer.pick();
    balancer.report(other, 2_000, Outcome.SUCCESS);
    String removed = held.node().id();

    balancer.removeNode(removed);
    assertThat(balancer.metrics().inFlight()).isOne();
    balancer.report(held, 1_000, Outcome.FAILURE);
    // Nothing in flight on the removed node any more: this snapshot folds it into the totals.
    LoadBalancerMetrics folded = balancer.metrics();
    assertThat(folded.inFlight()).isZero();
    assertThat(folded.successes()).isOne();
    assertThat(folded.failures()).isOne();
    assertThat(folded.latency().count()).isEqualTo(2);

    // A second report of the same pick (a misuse) still counts once, and snapshots do not count
    // the folded node again.
    balancer.report(held, 3_000, Outcome.SUCCESS);
    for (int i = 0; i < 3; i++) {
      LoadBalancerMetrics metrics = balancer.metrics();
      assertThat(metrics.successes()).isEqualTo(2);
      assertThat(metrics.failures()).isOne();
      assertThat(metrics.latency().count()).isEqualTo(3);
      assertThat(metrics.inFlight()).isZero();
      assertThat(metrics.nodes()).extracting(NodeMetrics::id).doesNotContain(removed);
    }
  }

  @Test
  void aNodeAddedBackUnderTheSameIdStartsFresh() {
    LoadBalancer<String> balancer = LoadBalancers.roundRobin().build(named("a", "b"));
    Pick<String> oldB = balancer.pick();
    while (!oldB.node().id().equals("b")) {
      balancer.report(oldB, 0, Outcome.SUCCESS);
      oldB = balancer.pick();
    }
    balancer.removeNode("b");
    balancer.addNode(Node.named("b"));

    balancer.report(oldB, 0, Outcome.FAILURE);

    assertThat(balancer.metrics().node("b").failures()).isZero();
    assertThat(balancer.metrics().node("b").inFlight()).isZero();
    assertThat(balancer.metrics().failures()).isEqualTo(1);
  }

  @Test
  void aDoubleReportIsCountedAndNeverDrivesInFlightNegative() {
    // Round robin reads no load (picks are counted, in flight derived); least request keeps calls
    // in flight exactly. Both must agree.
    for (LoadBalancerBuilder builder :
        List.of(LoadBalancers.roundRobin(), LoadBalancers.leastRequest())) {
      LoadBalancer<String> balancer = builder.build(named("a"));
      Pick<String> pick = balancer.pick();

      balancer.report(pick, 5, Outcome.SUCCESS);
      balancer.report(pick, 5, Outcome.SUCCESS);

      NodeMetrics a = balancer.metrics().node("a");
      assertThat(a.inFlight()).isZero();
      assertThat(a.unmatchedReports()).isEqualTo(1);
      assertThat(a.successes()).isEqualTo(2);
      assertThat(balancer.metrics().inFlight()).isZero();
      balancer.pick();
      assertThat(balancer.metrics().inFlight()).isOne();
    }
  }

  @Test
  void badInputIsRejectedWithAClearMessage() {
    assertThatThrownBy(() -> LoadBalancers.roundRobin().build(List.<Node<String>>of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the node set is empty: at least one node is required");
    assertThatThrownBy(() -> LoadBalancers.roundRobin().build(named("a", "a")))
        .hasMessageContaining("duplicate node id 'a'");

    LoadBalancer<String> balancer = LoadBalancers.roundRobin().build(named("a", "b"));
    assertThatThrownBy(() -> balancer.setWeight("a", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weight of node 'a' must be at least 1 but was -1");
    assertThatThrownBy(() -> balancer.addNode(Node.named("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node id 'a' is already a member");
    balancer.removeNode("b");
    assertThatThrownBy(() -> balancer.removeNode("b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no node with id 'b': it was never added or was removed already");
    assertThatThrownBy(() -> balancer.setWeight("zz", 2))
        .hasMessageContaining("no node with id 'zz'");
    assertThatThrownBy(() -> balancer.removeNode("a"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("it is the last node");

    Pick<String> pick = balancer.pick();
    assertThatThrownBy(() -> balancer.report(pick, -1, Outcome.SUCCESS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latencyNanos must not be negative but was -1");
    LoadBalancer<String> other = LoadBalancers.roundRobin().build(named("a"));
    assertThatThrownBy(() -> other.report(pick, 1, Outcome.SUCCESS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Pick[a] was not picked by this balancer");
  }

  @Test
  void builderSettingsAreSetOnceAndValidated() {
    LoadBalancerBuilder builder = LoadBalancers.roundRobin().panicThreshold(30);
    assertThatThrownBy(() -> builder.panicThreshold(40))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("panicThreshold was already set to 30.0");
    assertThatThrownBy(() -> LoadBalancers.roundRobin().panicThreshold(101))
        .hasMessage("panicThreshold must be between 0 and 100 percent but was 101.0");
    assertThatThrownBy(() -> LoadBalancers.leastRequest(-0.5))
        .hasMessage("activeRequestBias must be finite and not negative but was -0.5");
    assertThatThrownBy(() -> OutlierDetection.builder().maxEjectedPercent(120))
        .hasMessage("maxEjectedPercent must be between 0 and 100 but was 120");
  }
}
