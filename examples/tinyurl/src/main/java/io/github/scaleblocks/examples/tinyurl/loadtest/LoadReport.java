package io.github.scaleblocks.examples.tinyurl.loadtest;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The results of a load test: answers by status, failures by cause, and latency histograms (in
 * microseconds) per kind of request, merged from every load thread. Not thread-safe; filled after
 * the load threads ended.
 */
final class LoadReport {
  private static final String[] KIND_NAMES = {"redirects", "creates"};

  private final LoadTestOptions options;

  /** The measured window, or longer when an open loop's backlog was answered after it. */
  private final long durationNanos;

  private final Histogram[] latency = {
    new Histogram(LoadEngine.MAX_MICROS, 3), new Histogram(LoadEngine.MAX_MICROS, 3)
  };
  private final Histogram[] service = {
    new Histogram(LoadEngine.MAX_MICROS, 3), new Histogram(LoadEngine.MAX_MICROS, 3)
  };
  private final long[][] statuses = new long[2][600];
  private final long[][] failures = new long[2][LoadEngine.Failure.COUNT];

  LoadReport(LoadTestOptions options, long durationNanos) {
    this.options = options;
    this.durationNanos = durationNanos;
  }

  void add(Histogram[] latencies, Histogram[] services, long[][] byStatus, long[][] byFailure) {
    for (int kind = 0; kind < 2; kind++) {
      latency[kind].add(latencies[kind]);
      service[kind].add(services[kind]);
      for (int s = 0; s < byStatus[kind].length; s++) {
        statuses[kind][s] += byStatus[kind][s];
      }
      for (int f = 0; f < byFailure[kind].length; f++) {
        failures[kind][f] += byFailure[kind][f];
      }
    }
  }

  /** Answers of any status in the measured window. */
  long answered() {
    return latency[0].getTotalCount() + latency[1].getTotalCount();
  }

  /** Answers whose status was not 2xx or 3xx. */
  long notOk() {
    long count = 0;
    for (long[] byStatus : statuses) {
      for (int s = 0; s < byStatus.length; s++) {
        if (s < 200 || s >= 400) {
          count += byStatus[s];
        }
      }
    }
    return count;
  }

  /** Requests that got no answer (connect failure, reset, timeout, malformed answer). */
  long failed() {
    long count = 0;
    for (long[] byFailure : failures) {
      for (long f : byFailure) {
        count += f;
      }
    }
    return count;
  }

  /** Answers by status code, both kinds together. */
  Map<Integer, Long> statusCounts() {
    Map<Integer, Long> counts = new TreeMap<>();
    for (long[] byStatus : statuses) {
      for (int s = 0; s < byStatus.length; s++) {
        if (byStatus[s] > 0) {
          counts.merge(s, byStatus[s], Long::sum);
        }
      }
    }
    return counts;
  }

  /** Answers per second over the measured window. */
  double throughput() {
    return answered() * 1e9 / durationNanos;
  }

  /** The merged latency histogram of both kinds, in microseconds. */
  Histogram latency() {
    Histogram all = latency[0].copy();
    all.add(latency[1]);
    return all;
  }

  void print(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "tinyurl loadtest: %s against %s, %s, %d connections on %d thread%s, %s measured%s%n",
        options.mode().name().toLowerCase(Locale.ROOT),
        options.url(),
        options.openLoop()
            ? "open loop at " + options.rate() + " requests/s"
            : "closed loop (as fast as answered)",
        options.connections(),
        options.threads(),
        options.threads() == 1 ? "" : "s",
        seconds(options.duration().toNanos()),
        options.warmup().isZero()
            ? ""
            : " after " + seconds(options.warmup().toNanos()) + " warm-up");
    out.printf(
        Locale.ROOT,
        "requests     %,d answered in %s = %,.0f requests/s%s%n",
        answered(),
        seconds(durationNanos),
        throughput(),
        durationNanos > options.duration().toNanos()
            ? " (the server fell behind the rate: the last answers came after the window)"
            : "");
    boolean both = latency[0].getTotalCount() > 0 && latency[1].getTotalCount() > 0;
    String label = options.openLoop() ? "latency (from intended send time)" : "latency";
    printLatency(out, label, latency());
    if (options.openLoop()) {
      Histogram all = service[0].copy();
      all.add(service[1]);
      printLatency(out, "service time (from actual send)", all);
    }
    if (both) {
      for (int kind = 0; kind < 2; kind++) {
        printLatency(
            out,
            KIND_NAMES[kind]
                + " ("
                + String.format(Locale.ROOT, "%,d", latency[kind].getTotalCount())
                + ")",
            latency[kind]);
      }
    }
    StringBuilder byStatus = new StringBuilder();
    statusCounts()
        .forEach(
            (status, count) ->
                byStatus.append(String.format(Locale.ROOT, "  %d: %,d", status, count)));
    out.println("statuses   " + (byStatus.length() == 0 ? "  none" : byStatus));
    out.printf(Locale.ROOT, "not 2xx/3xx  %,d%n", notOk());
    StringBuilder why = new StringBuilder();
    for (LoadEngine.Failure failure : LoadEngine.Failure.values()) {
      long count = failures[0][failure.slot] + failures[1][failure.slot];
      if (count > 0) {
        why.append(
            String.format(
                Locale.ROOT, "%s%s %,d", why.length() == 0 ? " (" : ", ", name(failure), count));
      }
    }
    out.printf(Locale.ROOT, "failed       %,d%s%n", failed(), why.length() == 0 ? "" : why + ")");
  }

  private static String name(LoadEngine.Failure failure) {
    return switch (failure) {
      case CONNECT -> "connect failed";
      case CLOSED -> "closed or reset";
      case TIMEOUT -> "timed out";
      case BAD_RESPONSE -> "not HTTP";
    };
  }

  private static void printLatency(PrintStream out, String label, Histogram micros) {
    if (micros.getTotalCount() == 0) {
      out.println(label + ": no answers");
      return;
    }
    out.printf(
        Locale.ROOT,
        "%s, ms: p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  mean %s%n",
        label,
        millis(micros.getValueAtPercentile(50)),
        millis(micros.getValueAtPercentile(90)),
        millis(micros.getValueAtPercentile(99)),
        millis(micros.getValueAtPercentile(99.9)),
        millis(micros.getMaxValue()),
        millis((long) micros.getMean()));
  }

  private static String millis(long micros) {
    return String.format(Locale.ROOT, micros < 10_000 ? "%.3f" : "%.1f", micros / 1000.0);
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }
}
