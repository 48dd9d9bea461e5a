package io.github.scaleblocks.loadbalancing;

import static io.github.scaleblocks.loadbalancing.TestNodes.named;
import static io.github.scaleblocks.loadbalancing.TestNodes.pickCounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlowStartTest {

  @Test
  void factorFollowsEnvoysFormula() {
    SlowStart linear = SlowStart.of(Duration.ofSeconds(60));
    assertThat(linear.factor(0)).isEqualTo(0.1); // 1 s / 60 s is below the 10 % floor
    assertThat(linear.factor(Duration.ofSeconds(30).toNanos())).isCloseTo(0.5, within(1e-12));
    assertThat(linear.factor(Duration.ofSeconds(60).toNanos())).isEqualTo(1.0);

    SlowStart aggressive = linear.withAggression(2.0).withMinWeightPercent(1);
    assertThat(aggressive.factor(Duration.ofSeconds(15).toNanos()))
        .isCloseTo(Math.sqrt(0.25), within(1e-12));
  }

  @Test
  void aNewNodeRampsUpOverTheWindow() {
    ManualTicker time = ManualTicker.create();
    LoadBalancer<String> balancer =
        LoadBalancers.weightedRandom()
            .ticker(time)
            .random(RandomSource.seeded(4))
            .slowStart(SlowStart.of(Duration.ofSeconds(100)))
            .build(named("a"));

    balancer.addNode(Node.named("b"));
    assertThat(balancer.metrics().node("b").effectiveWeight()).isEqualTo(0.1);
    double early = pickCounts(balancer, 20_000).getOrDefault("b", 0) / 20_000.0;

    time.advance(Duration.ofSeconds(50));
    pickCounts(balancer, 1); // the report that refreshes the weights
    assertThat(balancer.metrics().node("b").effectiveWeight()).isCloseTo(0.5, within(1e-9));
    double middle = pickCounts(balancer, 20_000).getOrDefault("b", 0) / 20_000.0;

    time.advance(Duration.ofSeconds(50));
    pickCounts(balancer, 1);
    double done = pickCounts(balancer, 20_000).getOrDefault("b", 0) / 20_000.0;

    assertThat(early).isCloseTo(0.1 / 1.1, within(0.02));
    assertThat(middle).isCloseTo(0.5 / 1.5, within(0.02));
    assertThat(done).isCloseTo(0.5, within(0.02));
    assertThat(balancer.metrics().node("b").effectiveWeight()).isEqualTo(1.0);
  }
}
