package io.github.scaleblocks.loadbalancing;

import static io.github.scaleblocks.loadbalancing.TestNodes.named;
import static io.github.scaleblocks.loadbalancing.TestNodes.numbered;
import static io.github.scaleblocks.loadbalancing.TestNodes.pickCounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.loadbalancing.LoadBalancerEvent.EjectionReason;
import io.github.scaleblocks.loadbalancing.LoadBalancerEvent.NodeEjected;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutlierEjectionTest {
  private final ManualTicker time = ManualTicker.create();
  private final List<LoadBalancerEvent> events = new ArrayList<>();

  private LoadBalancerBuilder roundRobin(OutlierDetection outliers) {
    return LoadBalancers.roundRobin()
        .ticker(time)
        .random(RandomSource.seeded(1))
        .listener(events::add)
        .outlierDetection(outliers);
  }

  /** Picks until {@code id} comes up and reports it with {@code outcome}; others succeed. */
  private static void callOn(LoadBalancer<String> balancer, String id, Outcome outcome) {
    for (int i = 0; i < 1_000; i++) {
      Pick<String> pick = balancer.pick();
      if (pick.node().id().equals(id)) {
        balancer.report(pick, 1_000, outcome);
        return;
      }
      balancer.report(pick, 1_000, Outcome.SUCCESS);
    }
    throw new AssertionError(id + " was never picked");
  }

  @Test
  void consecutiveFailuresEjectForGrowingTimes() {
    OutlierDetection outliers =
        OutlierDetection.builder()
            .consecutiveFailures(3)
            .noSuccessRate()
            .baseEjectionTime(Duration.ofSeconds(30))
            .maxEjectionTime(Duration.ofSeconds(75))
            .maxEjectedPercent(50)
            .build();
    LoadBalancer<String> balancer = roundRobin(outliers).build(named("a", "b", "c"));

    callOn(balancer, "b", Outcome.FAILURE);
    callOn(balancer, "b", Outcome.FAILURE);
    assertThat(balancer.metrics().node("b").ejected()).isFalse();
    callOn(balancer, "b", Outcome.FAILURE);

    assertThat(balancer.metrics().node("b").ejected()).isTrue();
    assertThat(pickCounts(balancer, 100)).containsOnlyKeys("a", "c");
    assertThat(events)
        .contains(
            new NodeEjected("b", EjectionReason.CONSECUTIVE_FAILURES, Duration.ofSeconds(30), 1));

    time.advance(Duration.ofSeconds(29));
    assertThat(pickCounts(balancer, 100)).containsOnlyKeys("a", "c");
    time.advance(Duration.ofSeconds(1));
    pickCounts(balancer, 1); // a report after the deadline ends the ejection
    assertThat(pickCounts(balancer, 99)).containsKeys("a", "b", "c");
    assertThat(events).contains(new LoadBalancerEvent.NodeReturned("b"));

    // A repeat offence within the same interval lasts twice as long; the third hits the cap.
    for (int i = 0; i < 3; i++) {
      callOn(balancer, "b", Outcome.FAILURE);
    }
    assertThat(events)
        .contains(
            new NodeEjected("b", EjectionReason.CONSECUTIVE_FAILURES, Duration.ofSeconds(60), 2));
    time.advance(Duration.ofSeconds(60));
    pickCounts(balancer, 1);
    for (int i = 0; i < 3; i++) {
      callOn(balancer, "b", Outcome.FAILURE);
    }
    assertThat(events)
        .contains(
            new NodeEjected("b", EjectionReason.CONSECUTIVE_FAILURES, Duration.ofSeconds(75), 3));
    assertThat(balancer.metrics().node("b").ejections()).isEqualTo(3);
  }

  @Test
  void aSuccessBetweenFailuresResetsTheCount() {
    LoadBalancer<String> balancer =
        roundRobin(OutlierDetection.builder().consecutiveFailures(2).noSuccessRate().build())
            .build(named("a", "b", "c"));

    for (int i = 0; i < 10; i++) {
      callOn(balancer, "b", Outcome.FAILURE);
      callOn(balancer, "b", Outcome.SUCCESS);
    }

    assertThat(balancer.metrics().node("b").ejected()).isFalse();
  }

  @Test
  void noMoreThanTheMaximumShareIsEjectedButAlwaysOne() {
    OutlierDetection outliers =
        OutlierDetection.builder()
            .consecutiveFailures(1)
            .noSuccessRate()
            .maxEjectedPercent(10)
            .build();
    LoadBalancer<String> balancer = roundRobin(outliers).build(named("a", "b", "c"));

    callOn(balancer, "a", Outcome.FAILURE);
    callOn(balancer, "b", Outcome.FAILURE);
    callOn(balancer, "c", Outcome.FAILURE);

    assertThat(balancer.metrics().nodes()).filteredOn(NodeMetrics::ejected).hasSize(1);
  }

  @Test
  void successRateRuleEjectsANodeFarBelowTheOthers() {
    OutlierDetection outliers =
        OutlierDetection.builder()
            .noConsecutiveFailures()
            .successRate(5, 50, 1.9)
            .maxEjectedPercent(20)
            .build();
    LoadBalancer<String> balancer =
        roundRobin(outliers).statsInterval(Duration.ofSeconds(10)).build(numbered(6));

    // n3 fails every other one of its calls; the rest fail one call in twenty overall. (Counted
    // per node: round robin's start is random, so n3's picks could all fall on even or odd i.)
    int n3Calls = 0;
    for (int i = 0; i < 1_200; i++) {
      Pick<String> pick = balancer.pick();
      boolean fail = pick.node().id().equals("n3") ? n3Calls++ % 2 == 0 : i % 20 == 0;
      balancer.report(pick, 1_000, fail ? Outcome.FAILURE : Outcome.SUCCESS);
    }
    assertThat(balancer.metrics().node("n3").ejected()).isFalse();
    time.advance(Duration.ofSeconds(10));
    pickCounts(balancer, 1); // the report that closes the interval

    LoadBalancerMetrics metrics = balancer.metrics();
    assertThat(metrics.node("n3").ejected()).isTrue();
    assertThat(metrics.nodes()).filteredOn(NodeMetrics::ejected).hasSize(1);
    // 200 calls, plus the closing one if it landed on n3 (it counts in the interval it closes).
    assertThat(metrics.node("n3").windowCalls()).isBetween(200L, 201L);
    assertThat(events)
        .filteredOn(NodeEjected.class::isInstance)
        .extracting(e -> ((NodeEjected) e).reason())
        .containsExactly(EjectionReason.SUCCESS_RATE);
  }

  @Test
  void allNodesDownFailsFastWhenPanicModeIsOff() {
    OutlierDetection outliers =
        OutlierDetection.builder()
            .consecutiveFailures(1)
            .noSuccessRate()
            .maxEjectedPercent(100)
            .baseEjectionTime(Duration.ofSeconds(10))
            .build();
    LoadBalancer<String> balancer = roundRobin(outliers).panicThreshold(0).build(named("a", "b"));
    callOn(balancer, "a", Outcome.FAILURE);
    callOn(balancer, "b", Outcome.FAILURE);

    assertThatThrownBy(balancer::pick)
        .isInstanceOf(NoAvailableNodeException.class)
        .hasMessage(
            "no node available: all 2 nodes are out of rotation (2 ejected by outlier detection, 0"
                + " failing health checks) and panic mode is off (panic threshold 0 %)");
    assertThat(balancer.metrics().noNodeAvailable()).isEqualTo(1);

    // The failing pick itself ends expired ejections: no traffic is needed to recover.
    time.advance(Duration.ofSeconds(10));
    assertThat(balancer.pick().node().id()).isIn("a", "b");
  }

  @Test
  void panicModeBalancesOverAllNodesWhenTooFewAreHealthy() {
    OutlierDetection outliers =
        OutlierDetection.builder()
            .consecutiveFailures(1)
            .noSuccessRate()
            .maxEjectedPercent(100)
            .build();
    LoadBalancer<String> balancer =
        roundRobin(outliers).panicThreshold(50).build(named("a", "b", "c", "d"));

    callOn(balancer, "a", Outcome.FAILURE);
    callOn(balancer, "b", Outcome.FAILURE);
    assertThat(balancer.metrics().panic()).isFalse();
    assertThat(pickCounts(balancer, 40)).containsOnlyKeys("c", "d");

    callOn(balancer, "c", Outcome.FAILURE);

    assertThat(balancer.metrics().panic()).isTrue();
    assertThat(pickCounts(balancer, 40).keySet()).isEqualTo(Set.of("a", "b", "c", "d"));
    assertThat(events).contains(new LoadBalancerEvent.PanicChanged(true, 1, 4));
  }

  @Test
  void peakEwmaProbesANodeBackFromEjectionOneCallAtATime() {
    OutlierDetection outliers =
        OutlierDetection.builder()
            .consecutiveFailures(1)
            .noSuccessRate()
            .baseEjectionTime(Duration.ofSeconds(30))
            .maxEjectedPercent(50)
            .build();
    LoadBalancer<String> balancer =
        LoadBalancers.peakEwma()
            .ticker(time)
            .random(RandomSource.seeded(3))
            .outlierDetection(outliers)
            .build(named("a", "b", "c"));
    // a and c answer in 100 ms; b times out after 1 s and is ejected. (Until all three have been
    // picked: whether b comes before a and c both have answered depends on the random draws.)
    for (int i = 0;
        i < 1_000
            && !(ended(balancer, "a")
                && ended(balancer, "c")
                && balancer.metrics().node("b").ejected());
        i++) {
      Pick<String> pick = balancer.pick();
      if (pick.node().id().equals("b")) {
        balancer.report(pick, 1_000_000_000L, Outcome.FAILURE);
      } else {
        balancer.report(pick, 100_000_000L, Outcome.SUCCESS);
      }
    }
    assertThat(ended(balancer, "a") && ended(balancer, "c")).isTrue();
    assertThat(balancer.metrics().node("b").ejected()).isTrue();
    Pick<String> held = balancer.pick();

    time.advance(Duration.ofSeconds(30));
    balancer.report(held, 0, Outcome.CANCELLED); // ends the ejection
    assertThat(balancer.metrics().node("b").ejected()).isFalse();

    // Decayed over 30 s, b's old 1 s estimate would look cheap (50 ms) and draw several of these
    // calls; forgotten, b gets one probe and no more until it ends.
    Map<String, Integer> picks = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      picks.merge(balancer.pick().node().id(), 1, Integer::sum);
    }
    assertThat(picks).containsEntry("b", 1);
  }

  private static boolean ended(LoadBalancer<String> balancer, String id) {
    return balancer.metrics().node(id).successes() > 0;
  }
}
