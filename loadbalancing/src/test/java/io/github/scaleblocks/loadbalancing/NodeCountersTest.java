package io.github.scaleblocks.loadbalancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.scaleblocks.core.Node;
import org.junit.jupiter.api.Test;

/**
 * Calls in flight and the peak EWMA share one word in exact mode: updating one never changes the
 * other.
 */
class NodeCountersTest {
  private static final double PER_DECAY_NANO = 1 / 10e9;

  private final NodeState<String> node =
      new NodeState<>(new Object(), Node.of("a", 1, "payload"), true);

  @Test
  void aPeakEwmaReportEndsOneCallAndSetsTheEstimate() {
    node.picked(ThreadStripes.NONE);
    node.picked(ThreadStripes.NONE);

    assertThat(node.observeLatencyAndEnd(2_000_000L, 0, PER_DECAY_NANO)).isTrue();

    assertThat(node.exactInFlight()).isEqualTo(1);
    assertThat(node.latencyCost(0, PER_DECAY_NANO)).isEqualTo(2_000_000.0);
  }

  @Test
  void aFasterLatencyIsAveragedInAndASlowerOneTakesOver() {
    node.observeLatencyAndEnd(2_000_000L, 0, PER_DECAY_NANO);
    // 10 s later with a 10 s decay time: weight e^-1 on the old estimate.
    node.observeLatencyAndEnd(1_000_000L, 10_000_000_000L, PER_DECAY_NANO);
    double expected = 1_000_000 + 1_000_000 * Math.exp(-1);
    assertThat(node.latencyCost(10_000_000_000L, PER_DECAY_NANO))
        .isCloseTo(expected, within(expected * 1e-6));

    node.observeLatencyAndEnd(5_000_000L, 10_000_000_000L, PER_DECAY_NANO);
    assertThat(node.latencyCost(10_000_000_000L, PER_DECAY_NANO)).isEqualTo(5_000_000.0);
  }

  @Test
  void aReportWithNothingInFlightUpdatesTheEstimateAndEndsNoCall() {
    assertThat(node.observeLatencyAndEnd(3_000_000L, 0, PER_DECAY_NANO)).isFalse();

    assertThat(node.exactInFlight()).isZero();
    assertThat(node.latencyCost(0, PER_DECAY_NANO)).isEqualTo(3_000_000.0);
  }

  @Test
  void forgettingTheEstimateKeepsTheCallsInFlight() {
    for (int i = 0; i < 5; i++) {
      node.picked(ThreadStripes.NONE);
    }
    node.observeLatencyAndEnd(4_000_000L, 0, PER_DECAY_NANO);

    node.forgetLatency(0);

    assertThat(node.exactInFlight()).isEqualTo(4);
    assertThat(node.latencyCost(0, PER_DECAY_NANO)).isZero();
    assertThat(node.end()).isTrue();
    assertThat(node.exactInFlight()).isEqualTo(3);
  }

  @Test
  void endingACallKeepsTheEstimate() {
    node.picked(ThreadStripes.NONE);
    node.picked(ThreadStripes.NONE);
    node.observeLatencyAndEnd(4_000_000L, 0, PER_DECAY_NANO);

    assertThat(node.end()).isTrue();
    assertThat(node.end()).isFalse();

    assertThat(node.exactInFlight()).isZero();
    assertThat(node.latencyCost(0, PER_DECAY_NANO)).isEqualTo(4_000_000.0);
  }
}
