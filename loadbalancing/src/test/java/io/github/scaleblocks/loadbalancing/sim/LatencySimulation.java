package io.github.scaleblocks.loadbalancing.sim;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.loadbalancing.Backoff;
import io.github.scaleblocks.loadbalancing.CallOptions;
import io.github.scaleblocks.loadbalancing.LoadBalancer;
import io.github.scaleblocks.loadbalancing.LoadBalancerBuilder;
import io.github.scaleblocks.loadbalancing.LoadBalancerMetrics;
import io.github.scaleblocks.loadbalancing.NoAvailableNodeException;
import io.github.scaleblocks.loadbalancing.Outcome;
import io.github.scaleblocks.loadbalancing.OutlierDetection;
import io.github.scaleblocks.loadbalancing.Pick;
import io.github.scaleblocks.loadbalancing.RetryBudget;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs one {@link Scenario} against one balancer configuration on virtual time and measures every
 * request's latency and outcome.
 *
 * <p><b>How it works.</b> A discrete-event loop: requests arrive evenly spaced ({@code 1 s /
 * requestsPerSecond} apart, so the arrival process adds no noise of its own); completions and
 * retries wait in a priority queue ordered by virtual time (ties in the order they were scheduled).
 * At each arrival the loop moves the {@link ManualTicker} to the arrival time, picks a node from
 * the real balancer and schedules the attempt's completion; at each completion it moves the ticker
 * there and reports the pick with the attempt's latency. Nothing sleeps and no thread is started: a
 * run of 60,000 requests takes a fraction of a second, and the same seed gives the same run.
 *
 * <p><b>Backends.</b> An attempt's latency is drawn from a normal distribution (at least 1 ms) when
 * it starts; an attempt that starts on the stuck backend during the incident takes the incident's
 * latency instead (attempts already in flight when the incident starts or ends keep the latency
 * drawn at their start). An attempt longer than the client timeout fails at the timeout, and its
 * pick is reported as {@link Outcome#FAILURE} with the timeout as latency.
 *
 * <p><b>With ejection and retries</b> ({@link #resilient} settings): the balancer has outlier
 * ejection, and a failed attempt is retried, if the balancer's retry budget allows ({@link
 * LoadBalancer#tryRetry}), after the budget's backoff, on another node: the loop re-picks up to
 * three times when the strategy returns the node that just failed, handing refused picks back as
 * {@link Outcome#CANCELLED} (which changes no statistic the strategies use). A request succeeds
 * when any of its attempts does; its latency runs from its arrival to its last attempt's end, so it
 * includes the failed attempts and the backoff. A failed request counts at the time it gave up.
 *
 * <p><b>Limits.</b> Backends have no queueing: latency does not grow with load, so a strategy
 * cannot overload a healthy node. One client, one balancer: Linkerd's experiment ran several.
 */
final class LatencySimulation {

  /** The outlier ejection of the resilient runs: Envoy's defaults, see {@link #resilient}. */
  static final OutlierDetection EJECTION = OutlierDetection.defaults();

  /** The retry budget of the resilient runs: 20 % of calls plus 10 per second over 10 s. */
  static final RetryBudget RETRY_BUDGET = RetryBudget.of(0.2);

  /** The backoff of the resilient runs: exponential from 25 ms to 250 ms with full jitter. */
  static final Backoff BACKOFF = Backoff.exponential(Duration.ofMillis(25), Duration.ofMillis(250));

  /** Attempts per request in the resilient runs: the library's default for idempotent calls. */
  static final int MAX_ATTEMPTS = CallOptions.idempotent().maxAttempts();

  private LatencySimulation() {}

  /** A backend that answers every attempt started between {@code from} and {@code to} slowly. */
  record Incident(int backend, Duration from, Duration to, Duration latency) {}

  /** The cluster, the load and the client timeout. */
  record Scenario(
      int backends,
      Duration meanLatency,
      Duration latencyStdev,
      int requestsPerSecond,
      Duration length,
      @Nullable Incident incident,
      Duration timeout,
      long seed) {

    /** This scenario without its incident: the healthy-cluster baseline. */
    Scenario healthy() {
      return new Scenario(
          backends, meanLatency, latencyStdev, requestsPerSecond, length, null, timeout, seed);
    }

    /** This scenario with another seed. */
    Scenario withSeed(long newSeed) {
      return new Scenario(
          backends,
          meanLatency,
          latencyStdev,
          requestsPerSecond,
          length,
          incident,
          timeout,
          newSeed);
    }
  }

  /**
   * What a run measured: the latencies of all requests (failed ones up to when they gave up),
   * sorted, and how many succeeded, plus the balancer's own counters.
   */
  record Result(long[] sortedLatencies, long succeeded, LoadBalancerMetrics metrics) {

    long requests() {
      return sortedLatencies.length;
    }

    /** Succeeded requests in percent of all. */
    double successPercent() {
      return 100.0 * succeeded / sortedLatencies.length;
    }

    /** The latency at {@code percent} by nearest rank, in nanoseconds. */
    long percentile(double percent) {
      int rank = (int) Math.ceil(percent / 100.0 * sortedLatencies.length);
      return sortedLatencies[Math.max(0, rank - 1)];
    }
  }

  /**
   * Adds the resilient settings to {@code builder}: {@link #EJECTION}, {@link #RETRY_BUDGET} and
   * {@link #BACKOFF}; the loop then retries up to {@link #MAX_ATTEMPTS} attempts per request.
   */
  static LoadBalancerBuilder resilient(LoadBalancerBuilder builder) {
    return builder.outlierDetection(EJECTION).retryBudget(RETRY_BUDGET).backoff(BACKOFF);
  }

  /**
   * Runs {@code scenario} on a balancer from {@code strategy} (a fresh builder with the strategy
   * chosen and nothing else set), with ejection and retries when {@code resilient}.
   */
  static Result run(Scenario scenario, Supplier<LoadBalancerBuilder> strategy, boolean resilient) {
    return new Run(scenario, strategy, resilient).run();
  }

  /** One request: its arrival, its attempts so far and the node of the last failed one. */
  private static final class Request {
    final long arrival;
    int attempts;
    @Nullable Pick<Integer> failedOn;

    Request(long arrival) {
      this.arrival = arrival;
    }
  }

  /** Something due at a virtual time; {@code sequence} breaks ties in scheduling order. */
  private interface Event {
    long at();

    long sequence();
  }

  private record Completion(
      long at, long sequence, Request request, Pick<Integer> pick, long latency, boolean ok)
      implements Event {}

  private record Retry(long at, long sequence, Request request) implements Event {}

  private static final class Run {
    private final Scenario scenario;
    private final boolean resilient;
    private final ManualTicker time = ManualTicker.create();
    private final LoadBalancer<Integer> balancer;
    private final SplittableRandom latencies;
    private final PriorityQueue<Event> queue =
        new PriorityQueue<>(Comparator.comparingLong(Event::at).thenComparingLong(Event::sequence));
    private final long[] finished;
    private int finishedCount;
    private long succeeded;
    private long sequence;

    Run(Scenario scenario, Supplier<LoadBalancerBuilder> strategy, boolean resilient) {
      this.scenario = scenario;
      this.resilient = resilient;
      LoadBalancerBuilder builder =
          strategy.get().ticker(time).random(RandomSource.seeded(scenario.seed()));
      List<Node<Integer>> nodes = new ArrayList<>();
      for (int i = 0; i < scenario.backends(); i++) {
        nodes.add(Node.of("backend-" + i, i));
      }
      this.balancer = (resilient ? resilient(builder) : builder).build(nodes);
      // Another stream than the balancer's, so latencies do not depend on how often it draws.
      this.latencies = new SplittableRandom(~scenario.seed());
      long total = (long) scenario.requestsPerSecond() * scenario.length().toSeconds();
      this.finished = new long[Math.toIntExact(total)];
    }

    Result run() {
      long spacing = TimeUnit.SECONDS.toNanos(1) / scenario.requestsPerSecond();
      int total = finished.length;
      int arrived = 0;
      while (arrived < total || !queue.isEmpty()) {
        long nextArrival = arrived < total ? arrived * spacing : Long.MAX_VALUE;
        Event head = queue.peek();
        if (head == null || nextArrival < head.at()) {
          moveTo(nextArrival);
          if (resilient) {
            balancer.recordCall();
          }
          attempt(new Request(nextArrival));
          arrived++;
        } else {
          queue.poll();
          moveTo(head.at());
          if (head instanceof Completion) {
            complete((Completion) head);
          } else {
            attempt(((Retry) head).request());
          }
        }
      }
      long[] sorted = Arrays.copyOf(finished, finishedCount);
      Arrays.sort(sorted);
      return new Result(sorted, succeeded, balancer.metrics());
    }

    private void moveTo(long at) {
      time.advance(at - time.read(), TimeUnit.NANOSECONDS);
    }

    private void attempt(Request request) {
      Pick<Integer> pick;
      try {
        pick = pickAvoiding(request.failedOn);
      } catch (NoAvailableNodeException e) {
        finish(request, false);
        return;
      }
      request.attempts++;
      long now = time.read();
      long latency = latency(pick.payload(), now);
      boolean ok = latency <= scenario.timeout().toNanos();
      long duration = ok ? latency : scenario.timeout().toNanos();
      queue.add(new Completion(now + duration, sequence++, request, pick, duration, ok));
    }

    private Pick<Integer> pickAvoiding(@Nullable Pick<Integer> failed) {
      Pick<Integer> pick = balancer.pick();
      for (int i = 0; i < 3 && failed != null && pick.node().id().equals(failed.node().id()); i++) {
        balancer.report(pick, 0, Outcome.CANCELLED);
        pick = balancer.pick();
      }
      return pick;
    }

    private long latency(int backend, long now) {
      double drawn =
          latencies.nextGaussian(
              scenario.meanLatency().toNanos(), scenario.latencyStdev().toNanos());
      Incident incident = scenario.incident();
      if (incident != null
          && incident.backend() == backend
          && now >= incident.from().toNanos()
          && now < incident.to().toNanos()) {
        return incident.latency().toNanos();
      }
      return Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.round(drawn));
    }

    private void complete(Completion completion) {
      balancer.report(
          completion.pick(),
          completion.latency(),
          completion.ok() ? Outcome.SUCCESS : Outcome.FAILURE);
      Request request = completion.request();
      if (completion.ok()) {
        finish(request, true);
        return;
      }
      if (resilient && request.attempts < MAX_ATTEMPTS) {
        long backoff = balancer.tryRetry(request.attempts);
        if (backoff >= 0) {
          request.failedOn = completion.pick();
          queue.add(new Retry(time.read() + backoff, sequence++, request));
          return;
        }
      }
      finish(request, false);
    }

    private void finish(Request request, boolean ok) {
      finished[finishedCount++] = time.read() - request.arrival;
      if (ok) {
        succeeded++;
      }
    }
  }
}
