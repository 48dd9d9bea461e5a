package io.github.scaleblocks.loadbalancing.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.scaleblocks.loadbalancing.sim.LatencySimulation.Incident;
import io.github.scaleblocks.loadbalancing.sim.LatencySimulation.Result;
import io.github.scaleblocks.loadbalancing.sim.LatencySimulation.Scenario;
import io.github.scaleblocks.loadbalancing.sim.LinkerdExperiment.Row;
import io.github.scaleblocks.loadbalancing.sim.LinkerdExperiment.Strategy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs {@link LinkerdExperiment}, prints its table and checks the shape Linkerd reported: plain
 * round robin below the least-loaded strategies below peak EWMA in success rate, and peak EWMA with
 * ejection and retries at 100 % success with its p99.9 within 1.5 times the healthy cluster's.
 */
class LinkerdExperimentTest {

  @Test
  void reproducesTheShapeLinkerdReported() {
    List<Row> rows = LinkerdExperiment.run(LinkerdExperiment.SEED);
    System.out.print(LinkerdExperiment.table(rows));

    assertThat(rows).hasSize(9);
    for (Row row : rows) {
      assertThat(row.result().requests()).as(row.label()).isEqualTo(60_000);
    }
    // Round robin sends 1/11 of the 30 s incident's 30,000 requests to the stuck backend, all lost.
    assertThat(row(rows, "round robin", false).successPercent())
        .isCloseTo(100 - 100.0 * 30 / 60 / 11, within(0.01));
    assertPlainOrdering(
        row(rows, "round robin", false),
        row(rows, "least outstanding", false),
        row(rows, "least request (P2C)", false),
        row(rows, "peak EWMA", false));
    assertResilientPeakEwmaMeetsTheTarget(
        row(rows, "peak EWMA", true), row(rows, "peak EWMA, healthy cluster", true));
  }

  /** The same ordering and target under other seeds (other latencies and other random picks). */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void theShapeHoldsForOtherSeeds(long seed) {
    Scenario scenario = LinkerdExperiment.scenario(seed);
    assertPlainOrdering(
        LatencySimulation.run(scenario, Strategy.ROUND_ROBIN.builder, false),
        LatencySimulation.run(scenario, Strategy.LEAST_OUTSTANDING.builder, false),
        LatencySimulation.run(scenario, Strategy.LEAST_REQUEST.builder, false),
        LatencySimulation.run(scenario, Strategy.PEAK_EWMA.builder, false));
    assertResilientPeakEwmaMeetsTheTarget(
        LatencySimulation.run(scenario, Strategy.PEAK_EWMA.builder, true),
        LinkerdExperiment.baseline(scenario).result());
  }

  /**
   * With Envoy's 30 s base ejection the stuck backend of the experiment comes back only after its
   * incident ended; here it comes back at about 46 s still stuck (until 55 s) and must be ejected
   * again without a burst of timeouts.
   */
  @Test
  void theTargetHoldsWhenTheIncidentOutlastsTheEjection() {
    Scenario experiment = LinkerdExperiment.scenario(LinkerdExperiment.SEED);
    Scenario longer =
        new Scenario(
            experiment.backends(),
            experiment.meanLatency(),
            experiment.latencyStdev(),
            experiment.requestsPerSecond(),
            experiment.length(),
            new Incident(0, Duration.ofSeconds(15), Duration.ofSeconds(55), Duration.ofSeconds(2)),
            experiment.timeout(),
            experiment.seed());

    Result resilient = LatencySimulation.run(longer, Strategy.PEAK_EWMA.builder, true);

    assertThat(resilient.metrics().ejections()).isEqualTo(2);
    assertResilientPeakEwmaMeetsTheTarget(resilient, LinkerdExperiment.baseline(longer).result());
  }

  @Test
  void theSameSeedReplaysTheSameRun() {
    Scenario scenario = LinkerdExperiment.scenario(7);
    Result first = LatencySimulation.run(scenario, Strategy.PEAK_EWMA.builder, true);
    Result second = LatencySimulation.run(scenario, Strategy.PEAK_EWMA.builder, true);

    assertThat(second.sortedLatencies()).isEqualTo(first.sortedLatencies());
    assertThat(second.succeeded()).isEqualTo(first.succeeded());
    assertThat(second.metrics().retries()).isEqualTo(first.metrics().retries());
  }

  private static void assertPlainOrdering(
      Result roundRobin, Result leastOutstanding, Result leastRequest, Result peakEwma) {
    assertThat(roundRobin.successPercent()).isLessThan(leastOutstanding.successPercent());
    assertThat(roundRobin.successPercent()).isLessThan(leastRequest.successPercent());
    assertThat(leastOutstanding.successPercent()).isLessThan(peakEwma.successPercent());
    assertThat(leastRequest.successPercent()).isLessThan(peakEwma.successPercent());
  }

  private static void assertResilientPeakEwmaMeetsTheTarget(Result resilient, Result healthy) {
    assertThat(resilient.succeeded()).isEqualTo(resilient.requests());
    assertThat(resilient.metrics().ejections()).isPositive();
    assertThat(resilient.metrics().retries()).isPositive();
    assertThat((double) resilient.percentile(99.9))
        .isLessThanOrEqualTo(1.5 * healthy.percentile(99.9));
  }

  private static Result row(List<Row> rows, String label, boolean resilient) {
    return rows.stream()
        .filter(row -> row.label().equals(label) && row.resilient() == resilient)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + label + " " + resilient))
        .result();
  }
}
