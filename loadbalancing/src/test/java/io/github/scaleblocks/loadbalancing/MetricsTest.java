package io.github.scaleblocks.loadbalancing;

import static io.github.scaleblocks.loadbalancing.TestNodes.named;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.core.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void latencyHistogramsSuccessRatesAndWindowsAreReported() {
    ManualTicker time = ManualTicker.create();
    List<LoadBalancerEvent> events = new ArrayList<>();
    LoadBalancer<String> balancer =
        LoadBalancers.firstAvailable()
            .ticker(time)
            .statsInterval(Duration.ofSeconds(10))
            .listener(events::add)
            .build(named("a", "b"));

    for (int i = 1; i <= 100; i++) {
      Pick<String> pick = balancer.pick();
      balancer.report(
          pick, TimeUnit.MILLISECONDS.toNanos(i), i % 4 == 0 ? Outcome.FAILURE : Outcome.SUCCESS);
    }
    Pick<String> open = balancer.pick();
    time.advance(Duration.ofSeconds(10));
    balancer.report(balancer.pick(), 0, Outcome.CANCELLED);

    LoadBalancerMetrics metrics = balancer.metrics();
    NodeMetrics a = metrics.node("a");
    assertThat(a.successes()).isEqualTo(75);
    assertThat(a.failures()).isEqualTo(25);
    assertThat(a.cancelled()).isEqualTo(1);
    assertThat(a.inFlight()).isEqualTo(1);
    assertThat(a.successRate()).isEqualTo(0.75);
    assertThat(a.windowCalls()).isEqualTo(100);
    assertThat(a.windowAvailability()).isEqualTo(0.75);
    assertThat(a.windowThroughput()).isEqualTo(10.0);
    assertThat(a.latency().count()).isEqualTo(100);
    // 2 significant digits: within 1 % of the exact values.
    assertThat(a.latency().p50()).isBetween(49_500_000L, 50_500_000L);
    assertThat(a.latency().p99()).isBetween(98_000_000L, 100_000_000L);
    assertThat(a.latency().max()).isBetween(99_000_000L, 101_000_000L);
    // First-available reads no latency costs, so the balancer keeps no peak-EWMA estimate.
    assertThat(a.peakEwmaNanos()).isZero();
    assertThat(metrics.inFlight()).isEqualTo(1);
    assertThat(metrics.windowAvailability()).isEqualTo(0.75);
    assertThat(metrics.latency().count()).isEqualTo(100);
    assertThat(metrics.node("b").successRate()).isNaN();

    assertThat(events).filteredOn(LoadBalancerEvent.CallCompleted.class::isInstance).hasSize(101);
    balancer.report(open, 0, Outcome.SUCCESS);
    assertThat(balancer.metrics().inFlight()).isZero();
  }
}
