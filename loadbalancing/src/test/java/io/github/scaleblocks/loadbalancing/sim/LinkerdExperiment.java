package io.github.scaleblocks.loadbalancing.sim;

import io.github.scaleblocks.loadbalancing.LoadBalancerBuilder;
import io.github.scaleblocks.loadbalancing.LoadBalancers;
import io.github.scaleblocks.loadbalancing.sim.LatencySimulation.Incident;
import io.github.scaleblocks.loadbalancing.sim.LatencySimulation.Result;
import io.github.scaleblocks.loadbalancing.sim.LatencySimulation.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Linkerd's "Beyond Round Robin" experiment (2016) on virtual time: 11 backends answering in N(167
 * ms, 5 ms), 1,000 requests per second for 60 s, evenly spaced, and from 15 s to 45 s one backend
 * stuck at 2 s; the client times out after 1 s. Each strategy runs plain and with outlier ejection
 * plus retries under a retry budget (settings in {@link LatencySimulation}); the healthy-cluster
 * run (no stuck backend) gives the baseline for the tail latency. Linkerd reported about 95 %
 * success for round robin, 99 % for least loaded and 99.9 % for peak EWMA.
 *
 * <p>What it shows (seed {@link #SEED}; {@code LinkerdExperimentTest} checks the shape for other
 * seeds too): plain round robin loses the stuck backend's 1/11 share of the incident (95.45 %), the
 * least-loaded strategies about 0.9 %, peak EWMA about 0.2 %. With ejection and retries every
 * strategy reaches 100 %, but round robin's p99.9 stays above 1 s: before the fifth consecutive
 * timeout ejects the stuck backend, about 90 requests (more than 0.1 % of 60,000) are already in
 * flight on it and come back as 1 s timeouts plus a retry. The load-aware strategies send it only
 * about 20, so their p99.9 stays within a millisecond of the healthy cluster's.
 *
 * <p>Run {@link #main} (test classpath) or {@code ./mvnw -B -q -pl loadbalancing -am verify
 * -Dtest=LinkerdExperimentTest -Dsurefire.failIfNoSpecifiedTests=false} to print the table.
 */
public final class LinkerdExperiment {
  /** The seed of the published table. */
  static final long SEED = 2016;

  private LinkerdExperiment() {}

  /** The experiment's cluster, load and incident. */
  static Scenario scenario(long seed) {
    return new Scenario(
        11,
        Duration.ofMillis(167),
        Duration.ofMillis(5),
        1_000,
        Duration.ofSeconds(60),
        new Incident(0, Duration.ofSeconds(15), Duration.ofSeconds(45), Duration.ofSeconds(2)),
        Duration.ofSeconds(1),
        seed);
  }

  /** The strategies compared, in the order of the table. */
  enum Strategy {
    ROUND_ROBIN("round robin", LoadBalancers::roundRobin),
    LEAST_OUTSTANDING("least outstanding", LoadBalancers::leastOutstanding),
    LEAST_REQUEST("least request (P2C)", LoadBalancers::leastRequest),
    PEAK_EWMA("peak EWMA", LoadBalancers::peakEwma);

    final String label;
    final Supplier<LoadBalancerBuilder> builder;

    Strategy(String label, Supplier<LoadBalancerBuilder> builder) {
      this.label = label;
      this.builder = builder;
    }
  }

  /** One line of the table. */
  record Row(String label, boolean resilient, Result result) {}

  /** The table's rows: each strategy plain and resilient, then the healthy-cluster baseline. */
  static List<Row> run(long seed) {
    Scenario scenario = scenario(seed);
    List<Row> rows = new ArrayList<>();
    for (Strategy strategy : Strategy.values()) {
      for (boolean resilient : new boolean[] {false, true}) {
        rows.add(
            new Row(
                strategy.label,
                resilient,
                LatencySimulation.run(scenario, strategy.builder, resilient)));
      }
    }
    rows.add(baseline(scenario));
    return rows;
  }

  /** Peak EWMA with ejection and retries on the same cluster without the stuck backend. */
  static Row baseline(Scenario scenario) {
    return new Row(
        "peak EWMA, healthy cluster",
        true,
        LatencySimulation.run(scenario.healthy(), Strategy.PEAK_EWMA.builder, true));
  }

  /** The rows as a Markdown table, latencies in milliseconds. */
  static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    String format = "| %-26s | %-16s | %9s | %9s | %9s | %9s | %12s |%n";
    out.append(
        String.format(
            Locale.ROOT,
            format,
            "strategy",
            "ejection+retries",
            "p50",
            "p95",
            "p99",
            "p99.9",
            "success rate"));
    out.append(
        String.format(
            Locale.ROOT,
            format,
            "-".repeat(26),
            "-".repeat(16),
            "-".repeat(8) + ":",
            "-".repeat(8) + ":",
            "-".repeat(8) + ":",
            "-".repeat(8) + ":",
            "-".repeat(11) + ":"));
    for (Row row : rows) {
      Result result = row.result();
      out.append(
          String.format(
              Locale.ROOT,
              format,
              row.label(),
              row.resilient() ? "yes" : "no",
              millis(result.percentile(50)),
              millis(result.percentile(95)),
              millis(result.percentile(99)),
              millis(result.percentile(99.9)),
              String.format(Locale.ROOT, "%.2f %%", result.successPercent())));
    }
    return out.toString();
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  /** Prints the table for {@link #SEED}. */
  public static void main(String[] args) {
    System.out.print(table(run(SEED)));
  }
}
