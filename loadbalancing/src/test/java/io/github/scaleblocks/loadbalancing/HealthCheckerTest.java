package io.github.scaleblocks.loadbalancing;

import static io.github.scaleblocks.loadbalancing.TestNodes.named;
import static io.github.scaleblocks.loadbalancing.TestNodes.pickCounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.loadbalancing.spi.HealthProbe;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HealthCheckerTest {
  private final ManualTicker time = ManualTicker.create();
  private final VirtualScheduler scheduler = new VirtualScheduler(time);
  private final List<LoadBalancerEvent> events = new ArrayList<>();
  private final LoadBalancer<String> balancer =
      LoadBalancers.roundRobin()
          .ticker(time)
          .panicThreshold(0)
          .listener(events::add)
          .build(named("a", "b", "c"));

  private HealthChecker.Builder<String> checker(HealthProbe<String> probe) {
    return HealthChecker.builder(balancer, probe)
        .scheduler(scheduler)
        .random(RandomSource.seeded(3))
        .interval(Duration.ofSeconds(5))
        .jitter(Duration.ofSeconds(1))
        .timeout(Duration.ofSeconds(1))
        .unhealthyThreshold(3)
        .healthyThreshold(2);
  }

  @Test
  void aNodeFailingProbesLeavesRotationAndReturnsAfterPassingAgain() {
    Set<String> down = new HashSet<>(Set.of("b"));
    Map<String, Integer> probes = new HashMap<>();
    HealthChecker<String> checks =
        checker(
                node -> {
                  probes.merge(node.id(), 1, Integer::sum);
                  return CompletableFuture.completedFuture(!down.contains(node.id()));
                })
            .start();

    scheduler.advance(Duration.ZERO); // round 1
    scheduler.advance(Duration.ofSeconds(6)); // round 2
    assertThat(pickCounts(balancer, 30)).containsKey("b");
    scheduler.advance(Duration.ofSeconds(6)); // round 3: third failure

    assertThat(balancer.metrics().node("b").healthy()).isFalse();
    assertThat(pickCounts(balancer, 30)).containsOnlyKeys("a", "c");
    assertThat(events).contains(new LoadBalancerEvent.HealthChanged("b", false));

    down.clear();
    scheduler.advance(Duration.ofSeconds(6));
    assertThat(balancer.metrics().node("b").healthy()).isFalse();
    scheduler.advance(Duration.ofSeconds(6));
    assertThat(balancer.metrics().node("b").healthy()).isTrue();
    assertThat(pickCounts(balancer, 30)).containsKeys("a", "b", "c");
    assertThat(probes).containsEntry("b", 5).containsEntry("a", 5);

    checks.close();
    scheduler.advance(Duration.ofSeconds(60));
    assertThat(probes).containsEntry("b", 5);
  }

  @Test
  void aHangingProbeTimesOutAsAFailureAndIsNotStackedUp() {
    List<CompletableFuture<Boolean>> hanging = new ArrayList<>();
    checker(
            node -> {
              if (node.id().equals("c")) {
                CompletableFuture<Boolean> never = new CompletableFuture<>();
                hanging.add(never);
                return never;
              }
              return CompletableFuture.completedFuture(true);
            })
        .start();

    scheduler.advance(Duration.ofSeconds(20));

    // One probe of c, never finished: timed out once, and not probed again while outstanding.
    assertThat(hanging).hasSize(1);
    assertThat(balancer.metrics().node("c").healthy()).isTrue();

    // Every probe of c hangs. Each one finishing late (ignored) frees c for the next round, whose
    // probe times out again: the second and third failures take c out.
    for (int i = 0; i < 2; i++) {
      hanging.get(hanging.size() - 1).complete(true);
      scheduler.advance(Duration.ofSeconds(6));
    }
    assertThat(hanging).hasSize(3);
    assertThat(balancer.metrics().node("c").healthy()).isFalse();
    assertThat(pickCounts(balancer, 10)).containsOnlyKeys("a", "b");
  }

  @Test
  void aThrowingProbeCountsAsFailedAndAllDownFailsFast() {
    checker(
            node -> {
              throw new IllegalStateException("cannot connect to " + node.id());
            })
        .start();

    scheduler.advance(Duration.ofSeconds(20));

    assertThatThrownBy(balancer::pick)
        .isInstanceOf(NoAvailableNodeException.class)
        .hasMessageContaining("(0 ejected by outlier detection, 3 failing health checks)");
  }

  @Test
  void badSettingsAreRejected() {
    HealthProbe<String> probe = node -> CompletableFuture.completedFuture(true);
    assertThatThrownBy(
            () ->
                checker(probe)
                    .interval(Duration.ofSeconds(1))
                    .timeout(Duration.ofSeconds(2))
                    .start())
        .hasMessage("timeout PT2S must not be longer than the interval PT1S");
    assertThatThrownBy(() -> checker(probe).healthyThreshold(0))
        .hasMessage("healthyThreshold must be positive but was 0");
    assertThatThrownBy(() -> HealthChecker.builder(balancer, probe).start())
        .hasMessage("scheduler must not be null");
  }
}
