package io.github.scaleblocks.loadbalancing;

import static io.github.scaleblocks.loadbalancing.TestNodes.named;
import static io.github.scaleblocks.loadbalancing.TestNodes.numbered;
import static io.github.scaleblocks.loadbalancing.TestNodes.pickCounts;
import static io.github.scaleblocks.loadbalancing.TestNodes.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.core.time.Ticker;
import io.github.scaleblocks.loadbalancing.spi.BalancingPolicy;
import io.github.scaleblocks.loadbalancing.spi.Candidates;
import io.github.scaleblocks.loadbalancing.spi.LoadInput;
import io.github.scaleblocks.loadbalancing.spi.Picker;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import io.github.scaleblocks.sharding.ShardRouters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StrategiesTest {

  @Test
  void smoothWeightedRoundRobinInterleavesWithoutBursts() {
    LoadBalancer<String> balancer =
        LoadBalancers.weightedRoundRobin()
            .build(List.of(Node.of("a", 5, "a"), Node.of("b", 1, "b"), Node.of("c", 1, "c")));

    assertThat(sequence(balancer, 14)).isEqualTo("aabacaa" + "aabacaa");
  }

  @Test
  void smoothWeightedRoundRobinGivesExactSharesPerCycle() {
    LoadBalancer<String> balancer =
        LoadBalancers.weightedRoundRobin()
            .build(List.of(Node.of("a", 3, "a"), Node.of("b", 2, "b"), Node.of("c", 1, "c")));

    assertThat(pickCounts(balancer, 600))
        .containsEntry("a", 300)
        .containsEntry("b", 200)
        .containsEntry("c", 100);
  }

  @Test
  void roundRobinVisitsEveryNodeOncePerCycle() {
    LoadBalancer<String> balancer = LoadBalancers.roundRobin().build(numbered(7));

    for (int cycle = 0; cycle < 5; cycle++) {
      assertThat(pickCounts(balancer, 7)).hasSize(7).allSatisfy((id, n) -> assertThat(n).isOne());
    }
  }

  @Test
  void randomIsRoughlyUniformAndReproducibleFromASeed() {
    LoadBalancer<String> first =
        LoadBalancers.random().random(RandomSource.seeded(3)).build(numbered(4));
    LoadBalancer<String> second =
        LoadBalancers.random().random(RandomSource.seeded(3)).build(numbered(4));

    assertThat(sequence(first, 200)).isEqualTo(sequence(second, 200));
    assertThat(pickCounts(first, 40_000))
        .allSatisfy((id, n) -> assertThat(n).isBetween(9_500, 10_500));
  }

  @Test
  void weightedRandomFollowsTheWeights() {
    LoadBalancer<String> balancer =
        LoadBalancers.weightedRandom()
            .random(RandomSource.seeded(11))
            .build(List.of(Node.of("a", 1, "a"), Node.of("b", 3, "b"), Node.of("c", 6, "c")));

    Map<String, Integer> counts = pickCounts(balancer, 100_000);

    assertThat(counts.getOrDefault("a", 0) / 100_000.0).isCloseTo(0.1, within(0.01));
    assertThat(counts.getOrDefault("b", 0) / 100_000.0).isCloseTo(0.3, within(0.01));
    assertThat(counts.getOrDefault("c", 0) / 100_000.0).isCloseTo(0.6, within(0.01));
  }

  @Test
  void leastOutstandingPicksTheLeastLoadedNode() {
    LoadBalancer<String> balancer =
        LoadBalancers.leastOutstanding().random(RandomSource.seeded(1)).build(named("a", "b", "c"));
    List<Pick<String>> held = new ArrayList<>();
    // Each pick is held: the balancer must spread them evenly, one per node per round.
    for (int i = 0; i < 9; i++) {
      held.add(balancer.pick());
    }
    Map<String, Integer> counts = new HashMap<>();
    held.forEach(p -> counts.merge(p.node().id(), 1, Integer::sum));
    assertThat(counts).containsEntry("a", 3).containsEntry("b", 3).containsEntry("c", 3);

    // Finish two calls on b: b is now the least loaded and takes the next two picks.
    balancer.report(
        held.stream().filter(p -> p.node().id().equals("b")).findFirst().get(), 1, Outcome.SUCCESS);
    balancer.report(
        held.stream().filter(p -> p.node().id().equals("b")).findFirst().get(), 1, Outcome.SUCCESS);
    assertThat(balancer.pick().node().id()).isEqualTo("b");
    assertThat(balancer.pick().node().id()).isEqualTo("b");
  }

  @Test
  void leastRequestNeverSendsToANodeLoadedMoreThanAllOthers() {
    LoadBalancer<String> balancer =
        LoadBalancers.leastRequest().random(RandomSource.seeded(5)).build(numbered(5));
    // Hold one call on n0; every other call ends at once, so the others stay at 0 in flight.
    Pick<String> busy = balancer.pick();
    for (int i = 0; i < 1_000 && !busy.node().id().equals("n0"); i++) {
      balancer.report(busy, 0, Outcome.SUCCESS);
      busy = balancer.pick();
    }
    assertThat(busy.node().id()).isEqualTo("n0");

    Map<String, Integer> counts = pickCounts(balancer, 10_000);

    // n0 loses every comparison; the others share evenly.
    assertThat(counts).doesNotContainKey("n0");
    assertThat(balancer.metrics().node("n0").inFlight()).isOne();
    assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(2_200, 2_800));
  }

  @Test
  void leastRequestFollowsTheWeightsWhenNodesAreIdle() {
    LoadBalancer<String> balancer =
        LoadBalancers.leastRequest()
            .random(RandomSource.seeded(13))
            .build(List.of(Node.of("a", 1, "a"), Node.of("b", 3, "b")));

    Map<String, Integer> counts = pickCounts(balancer, 40_000);

    assertThat(counts.getOrDefault("b", 0) / (double) counts.getOrDefault("a", 1))
        .isCloseTo(3.0, within(0.15));
  }

  @Test
  void leastRequestSpreadsHeldCallsEvenly() {
    LoadBalancer<String> balancer =
        LoadBalancers.leastRequest().random(RandomSource.seeded(9)).build(numbered(10));
    List<Pick<String>> held = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      held.add(balancer.pick());
    }

    // Power of two choices keeps the maximum load within a few calls of the mean (100).
    assertThat(balancer.metrics().nodes())
        .allSatisfy(node -> assertThat(node.inFlight()).isBetween(94, 106));
  }

  @Test
  void peakEwmaShiftsTrafficAwayFromASlowNodeAndBackWhenItRecovers() {
    ManualTicker time = ManualTicker.create();
    LoadBalancer<String> balancer = peakEwmaOneSecond(time, 21, "a", "b", "slow");
    Map<String, Long> latencyMs = new HashMap<>(Map.of("a", 10L, "b", 10L, "slow", 200L));

    Map<String, Integer> slowPhase = simulate(balancer, time, latencyMs, 2_000);
    assertThat(slowPhase.getOrDefault("slow", 0)).isLessThan(2_000 / 20);

    latencyMs.put("slow", 10L);
    simulate(balancer, time, latencyMs, 2_000);
    Map<String, Integer> recovered = simulate(balancer, time, latencyMs, 3_000);
    assertThat(recovered.getOrDefault("slow", 0)).isBetween(700, 1_300);
  }

  @Test
  void peakEwmaComparesEstimatesStampedMicrosecondsApartWithoutDecayingThem() {
    // Decay time 1 s: stamps less than 2^-17 s (7.6 µs) apart are compared as they are.
    // The older estimate is 3 ppm higher: undecayed it loses; decayed by 5 µs (5 ppm) it would win.
    assertThat(laterNodeWins(1_000_003L, 5_000L)).isTrue();
    // The older estimate is 8 ppm higher, 10 µs older: decayed (by 10 ppm) it wins, as it must.
    assertThat(laterNodeWins(1_000_008L, 10_000L)).isFalse();
  }

  /**
   * Two nodes: the first picked gets {@code olderNanos} as its estimate; {@code apartNanos} later
   * the other gets 1 ms. Whether the next pick goes to the node with the later estimate.
   */
  private static boolean laterNodeWins(long olderNanos, long apartNanos) {
    ManualTicker time = ManualTicker.create();
    LoadBalancer<String> balancer = peakEwmaOneSecond(time, 3, "a", "b");
    // Reports more than 3.9 µs apart, the first long after the build: each reads the clock.
    time.advance(2, TimeUnit.MILLISECONDS);
    Pick<String> older = balancer.pick();
    balancer.report(older, olderNanos, Outcome.SUCCESS);
    time.advance(apartNanos, TimeUnit.NANOSECONDS);
    // The other node has no estimate yet (cost 0), so it is picked.
    Pick<String> later = balancer.pick();
    assertThat(later.node()).isNotEqualTo(older.node());
    balancer.report(later, 1_000_000L, Outcome.SUCCESS);
    Pick<String> next = balancer.pick();
    balancer.report(next, 1_000_000L, Outcome.SUCCESS);
    return next.node().equals(later.node());
  }

  /** Peak EWMA on virtual time with a 1 s decay time and a seeded random source. */
  private static LoadBalancer<String> peakEwmaOneSecond(
      ManualTicker time, long seed, String... ids) {
    return LoadBalancers.peakEwma()
        .ticker(time)
        .random(RandomSource.seeded(seed))
        .latencyDecay(Duration.ofSeconds(1))
        .build(named(ids));
  }

  /** One call at a time: pick, let virtual time pass by the node's latency, report. */
  private static Map<String, Integer> simulate(
      LoadBalancer<String> balancer, ManualTicker time, Map<String, Long> latencyMs, int calls) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < calls; i++) {
      Pick<String> pick = balancer.pick();
      long ms = latencyMs.getOrDefault(pick.node().id(), 0L);
      time.advance(ms, TimeUnit.MILLISECONDS);
      balancer.report(pick, TimeUnit.MILLISECONDS.toNanos(ms), Outcome.SUCCESS);
      counts.merge(pick.node().id(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void stickySendsAKeyToOneNodeAndMovesOnlyTheRemovedNodesKeys() {
    LoadBalancer<String> balancer =
        LoadBalancers.sticky(ShardRouters.rendezvous()::build).build(numbered(5));
    Map<String, String> before = new HashMap<>();
    for (int i = 0; i < 1_000; i++) {
      String key = "user:" + i;
      Pick<String> pick = balancer.pick(key);
      before.put(key, pick.node().id());
      assertThat(balancer.pick(key).node()).isEqualTo(pick.node());
      balancer.report(pick, 0, Outcome.SUCCESS);
    }
    assertThat(before.values()).contains("n0", "n1", "n2", "n3", "n4");

    balancer.removeNode("n2");

    for (Map.Entry<String, String> entry : before.entrySet()) {
      String now = balancer.pick(entry.getKey()).node().id();
      if (entry.getValue().equals("n2")) {
        assertThat(now).isNotEqualTo("n2");
      } else {
        assertThat(now).isEqualTo(entry.getValue());
      }
    }
  }

  @Test
  void firstAvailableSendsEverythingToTheFirstNode() {
    LoadBalancer<String> balancer = LoadBalancers.firstAvailable().build(named("a", "b", "c"));

    assertThat(pickCounts(balancer, 100)).containsOnlyKeys("a");
    balancer.removeNode("a");
    assertThat(pickCounts(balancer, 100)).containsOnlyKeys("b");
  }

  @Test
  void aCustomPolicyPlugsInThroughTheSameInterface() {
    BalancingPolicy last = candidates -> key -> candidates.size() - 1;
    LoadBalancer<String> balancer = LoadBalancers.custom(last).build(named("a", "b", "c"));

    assertThat(pickCounts(balancer, 10)).containsOnlyKeys("c");
  }

  @Test
  void aCustomPolicyReadingLatencyMustSaySo() {
    BalancingPolicy silent = candidates -> key -> candidates.latencyCost(0) > 0 ? 1 : 0;
    LoadBalancer<String> balancer = LoadBalancers.custom(silent).build(named("a", "b"));

    org.assertj.core.api.Assertions.assertThatThrownBy(balancer::pick)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("IN_FLIGHT_AND_LATENCY");
  }

  @Test
  void aCustomPolicyThatSaysItReadsLatencySeesTheEstimates() {
    BalancingPolicy fastest =
        new BalancingPolicy() {
          @Override
          public Picker picker(Candidates<?> candidates) {
            return key -> candidates.latencyCost(1) < candidates.latencyCost(0) ? 1 : 0;
          }

          @Override
          public LoadInput loadInput() {
            return LoadInput.IN_FLIGHT_AND_LATENCY;
          }
        };
    ManualTicker time = ManualTicker.create();
    LoadBalancer<String> balancer =
        LoadBalancers.custom(fastest).ticker(time).build(named("a", "b"));
    Pick<String> first = balancer.pick();
    assertThat(first.node().id()).isEqualTo("a");
    balancer.report(first, 5_000_000, Outcome.SUCCESS);
    time.advance(Duration.ofMillis(1));

    // a costs 5 ms, b (never called) costs 0.
    assertThat(pickCounts(balancer, 10)).containsOnlyKeys("b");
  }

  @Test
  void aPolicyDeclaringNoLoadInputCannotReadCallsInFlight() {
    BalancingPolicy blind =
        new BalancingPolicy() {
          @Override
          public Picker picker(Candidates<?> candidates) {
            return key -> candidates.inFlight(0) > 0 ? 1 : 0;
          }

          @Override
          public LoadInput loadInput() {
            return LoadInput.NONE;
          }
        };
    LoadBalancer<String> balancer = LoadBalancers.custom(blind).build(named("a", "b"));

    org.assertj.core.api.Assertions.assertThatThrownBy(balancer::pick)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("loadInput() is NONE");
  }

  @Test
  void underLoadReportsReadTheClockOneTimeIn256AndPicksNever() {
    for (LoadBalancerBuilder builder :
        List.of(LoadBalancers.roundRobin(), LoadBalancers.peakEwma())) {
      AtomicLong reads = new AtomicLong();
      // A nanosecond per reading: far more than 256 reports per millisecond.
      Ticker busy = reads::incrementAndGet;
      LoadBalancer<String> balancer = builder.ticker(busy).build(named("a", "b"));
      long before = reads.get();

      pickCounts(balancer, 25_600);

      assertThat(reads.get() - before).as("%s", balancer).isBetween(100L, 101L);
    }
  }

  @Test
  void underLightTrafficEveryReportReadsTheClock() {
    for (LoadBalancerBuilder builder :
        List.of(LoadBalancers.roundRobin(), LoadBalancers.peakEwma())) {
      ManualTicker time = ManualTicker.create();
      AtomicLong reads = new AtomicLong();
      Ticker counted =
          () -> {
            reads.incrementAndGet();
            return time.read();
          };
      LoadBalancer<String> balancer = builder.ticker(counted).build(named("a", "b"));
      long before = reads.get();

      for (int i = 0; i < 100; i++) {
        time.advance(Duration.ofMillis(10));
        balancer.report(balancer.pick(), 1_000_000, Outcome.SUCCESS);
      }

      assertThat(reads.get() - before).as("%s", balancer).isEqualTo(100);
    }
  }

  @Test
  void aPolicyReturningABadIndexIsReported() {
    BalancingPolicy broken = candidates -> key -> candidates.size();
    LoadBalancer<String> balancer = LoadBalancers.custom(broken).build(named("a", "b"));

    org.assertj.core.api.Assertions.assertThatThrownBy(balancer::pick)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("picked index 2 of 2 candidates");
  }
}
