package io.github.scaleblocks.loadbalancing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.loadbalancing.LoadBalancer;
import io.github.scaleblocks.loadbalancing.LoadBalancerEvent;
import io.github.scaleblocks.loadbalancing.LoadBalancerMetrics;
import io.github.scaleblocks.loadbalancing.NodeMetrics;
import io.github.scaleblocks.loadbalancing.Outcome;
import io.github.scaleblocks.loadbalancing.OutlierDetection;
import io.github.scaleblocks.loadbalancing.Pick;
import io.github.scaleblocks.loadbalancing.SlowStart;
import io.github.scaleblocks.loadbalancing.TestStrategies;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The contract every strategy keeps, checked by random runs of picks, reports (held and finished,
 * failing and succeeding), membership changes and virtual time: picks go only to current members in
 * rotation (or to any member in panic mode); calls in flight are counted exactly per node and in
 * total, also for picks of nodes removed since; every report is counted once.
 */
class BalancerContractTest {

  @Provide
  Arbitrary<String> strategies() {
    return Arbitraries.of(
        "roundRobin",
        "weightedRoundRobin",
        "random",
        "weightedRandom",
        "leastOutstanding",
        "leastRequest",
        "peakEwma",
        "sticky",
        "firstAvailable");
  }

  @Property(seed = "42", tries = 150)
  void picksAndAccountingStayConsistent(
      @ForAll("strategies") String strategy,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int initialNodes) {
    ManualTicker time = ManualTicker.create();
    // Which nodes are out of rotation and whether the balancer panics, as told by its events.
    Set<String> ejected = new HashSet<>();
    boolean[] panic = {false};
    LoadBalancer<String> balancer =
        TestStrategies.named(strategy)
            .ticker(time)
            .random(RandomSource.seeded(seed))
            .slowStart(SlowStart.of(Duration.ofSeconds(20)))
            .outlierDetection(
                OutlierDetection.builder()
                    .consecutiveFailures(3)
                    .successRate(2, 10, 1.0)
                    .maxEjectedPercent(50)
                    .baseEjectionTime(Duration.ofSeconds(5))
                    .build())
            .statsInterval(Duration.ofSeconds(2))
            .listener(
                event -> {
                  if (event instanceof LoadBalancerEvent.NodeEjected e) {
                    ejected.add(e.nodeId());
                  } else if (event instanceof LoadBalancerEvent.NodeReturned r) {
                    ejected.remove(r.nodeId());
                  } else if (event instanceof LoadBalancerEvent.NodeRemoved r) {
                    ejected.remove(r.node().id());
                  } else if (event instanceof LoadBalancerEvent.PanicChanged p) {
                    panic[0] = p.panic();
                  }
                })
            .build(nodes(initialNodes));
    SplittableRandom random = new SplittableRandom(seed);
    List<Pick<String>> held = new ArrayList<>();
    Map<String, Integer> expectedInFlight = new HashMap<>();
    long reports = 0;
    int nextId = initialNodes;

    for (int step = 0; step < 400; step++) {
      int action = random.nextInt(100);
      if (action < 45) {
        Pick<String> pick =
            random.nextBoolean() ? balancer.pick() : balancer.pick("key-" + random.nextInt(50));
        Set<String> members = ids(balancer);
        assertThat(members).contains(pick.node().id());
        if (!panic[0]) {
          assertThat(ejected).doesNotContain(pick.node().id());
        }
        held.add(pick);
        expectedInFlight.merge(pick.node().id(), 1, Integer::sum);
      } else if (action < 85 && !held.isEmpty()) {
        Pick<String> pick = held.remove(random.nextInt(held.size()));
        Outcome outcome = Outcome.values()[random.nextInt(3)];
        balancer.report(pick, random.nextLong(1_000_000_000L), outcome);
        expectedInFlight.merge(pick.node().id(), -1, Integer::sum);
        reports++;
      } else if (action < 90) {
        balancer.addNode(Node.of("n" + nextId++, 1 + random.nextInt(4), "payload"));
      } else if (action < 94 && balancer.nodes().size() > 1) {
        List<Node<String>> nodes = balancer.nodes();
        balancer.removeNode(nodes.get(random.nextInt(nodes.size())).id());
      } else if (action < 97) {
        List<Node<String>> nodes = balancer.nodes();
        balancer.setWeight(nodes.get(random.nextInt(nodes.size())).id(), 1 + random.nextInt(5));
      } else {
        time.advance(Duration.ofMillis(random.nextInt(3_000)));
      }
    }

    LoadBalancerMetrics metrics = balancer.metrics();
    assertThat(metrics.panic()).isEqualTo(panic[0]);
    for (NodeMetrics node : metrics.nodes()) {
      assertThat(node.ejected()).isEqualTo(ejected.contains(node.id()));
    }
    assertThat(metrics.inFlight()).isEqualTo(held.size());
    assertThat(metrics.successes() + metrics.failures() + metrics.cancelled()).isEqualTo(reports);
    for (NodeMetrics node : metrics.nodes()) {
      assertThat(node.inFlight())
          .as("in flight on %s", node.id())
          .isEqualTo(expectedInFlight.getOrDefault(node.id(), 0));
      assertThat(node.unmatchedReports()).isZero();
      assertThat(node.effectiveWeight()).isBetween(0.0, (double) node.weight());
    }
  }

  private static Set<String> ids(LoadBalancer<String> balancer) {
    Set<String> ids = new HashSet<>();
    balancer.nodes().forEach(node -> ids.add(node.id()));
    return ids;
  }

  private static List<Node<String>> nodes(int count) {
    List<Node<String>> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(Node.of("n" + i, 1 + i % 3, "payload"));
    }
    return nodes;
  }
}
