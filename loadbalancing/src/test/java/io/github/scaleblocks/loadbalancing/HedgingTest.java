package io.github.scaleblocks.loadbalancing;

import static io.github.scaleblocks.loadbalancing.TestNodes.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HedgingTest {
  private final ManualTicker time = ManualTicker.create();
  private final VirtualScheduler scheduler = new VirtualScheduler(time);
  private final ExecutorService attempts = Executors.newFixedThreadPool(3);
  private final ExecutorService caller = Executors.newSingleThreadExecutor();
  private final CountDownLatch reportsOfFirst = new CountDownLatch(1);
  private final List<String> firstNode = new CopyOnWriteArrayList<>();

  private final LoadBalancer<String> balancer =
      LoadBalancers.roundRobin()
          .ticker(time)
          .random(RandomSource.seeded(8))
          .hedging(attempts, scheduler)
          .listener(
              event -> {
                if (event instanceof LoadBalancerEvent.CallCompleted completed
                    && !firstNode.isEmpty()
                    && completed.nodeId().equals(firstNode.get(0))) {
                  reportsOfFirst.countDown();
                }
              })
          .build(named("a", "b", "c"));

  @AfterEach
  void stop() {
    attempts.shutdownNow();
    caller.shutdownNow();
  }

  @Test
  void aSlowAttemptIsHedgedOnAnotherNodeAndTheFirstSuccessWins() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();

    Future<String> result =
        caller.submit(
            () ->
                balancer.execute(
                    CallOptions.idempotent()
                        .withMaxAttempts(2)
                        .withHedgeAfter(Duration.ofMillis(50)),
                    node -> {
                      if (calls.incrementAndGet() == 1) {
                        firstNode.add(node);
                        firstStarted.countDown();
                        releaseFirst.await();
                        return "late " + node;
                      }
                      return "hedge " + node;
                    }));
    assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(result.isDone()).isFalse();

    scheduler.advance(Duration.ofMillis(49));
    assertThat(calls.get()).isOne();
    scheduler.advance(Duration.ofMillis(1)); // the hedge delay is up: a second attempt starts

    String value = result.get(10, TimeUnit.SECONDS);
    assertThat(value).startsWith("hedge ").doesNotEndWith(firstNode.get(0));
    assertThat(balancer.metrics().retries()).isOne();

    releaseFirst.countDown(); // the slow attempt still reports its own outcome
    assertThat(reportsOfFirst.await(10, TimeUnit.SECONDS)).isTrue();
    LoadBalancerMetrics metrics = balancer.metrics();
    assertThat(metrics.successes()).isEqualTo(2);
    assertThat(metrics.inFlight()).isZero();
  }

  @Test
  void aPercentileHedgeWaitsForThatPercentileOfPastLatencies() throws Exception {
    for (int i = 0; i < 100; i++) {
      balancer.report(balancer.pick(), TimeUnit.MILLISECONDS.toNanos(200), Outcome.SUCCESS);
    }
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();

    Future<String> result =
        caller.submit(
            () ->
                balancer.execute(
                    CallOptions.idempotent()
                        .withMaxAttempts(2)
                        .withHedgeAfterPercentile(95, Duration.ofMillis(1)),
                    node -> {
                      if (calls.incrementAndGet() == 1) {
                        firstStarted.countDown();
                        releaseFirst.await();
                        return "late";
                      }
                      return "hedge";
                    }));
    assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();

    scheduler.advance(Duration.ofMillis(195)); // p95 is 200 ms (within HdrHistogram's 1 %)
    assertThat(calls.get()).isOne();
    scheduler.advance(Duration.ofMillis(10));

    assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("hedge");
    releaseFirst.countDown();
  }

  @Test
  void aFastAttemptIsNotHedged() throws Exception {
    AtomicInteger calls = new AtomicInteger();

    String value =
        caller
            .submit(
                () ->
                    balancer.execute(
                        CallOptions.idempotent().withHedgeAfter(Duration.ofMillis(50)),
                        node -> "ok " + calls.incrementAndGet()))
            .get(10, TimeUnit.SECONDS);
    scheduler.advance(Duration.ofSeconds(1));

    assertThat(value).isEqualTo("ok 1");
    assertThat(calls.get()).isOne();
    assertThat(balancer.metrics().retries()).isZero();
  }

  @Test
  void aFailedAttemptStartsTheNextAtOnceAndAllFailingFails() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                caller
                    .submit(
                        () ->
                            balancer.execute(
                                CallOptions.idempotent()
                                    .withMaxAttempts(3)
                                    .withHedgeAfter(Duration.ofSeconds(100)),
                                node -> {
                                  calls.incrementAndGet();
                                  throw new IOException("down " + node);
                                }))
                    .get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CallFailedException.class)
        .cause()
        .hasMessage("call failed after 3 attempts: all 3 attempts failed");
    assertThat(calls.get()).isEqualTo(3);
    assertThat(balancer.metrics().failures()).isEqualTo(3);
    assertThat(balancer.metrics().inFlight()).isZero();
  }

  @Test
  void hedgingNeedsAnIdempotentCallAndAConfiguredBalancer() {
    assertThatThrownBy(() -> CallOptions.nonIdempotent().withHedgeAfter(Duration.ofMillis(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("hedging runs a call more than once and needs an idempotent call");
    LoadBalancer<String> plain = LoadBalancers.roundRobin().build(named("a"));
    assertThatThrownBy(
            () ->
                plain.execute(
                    CallOptions.idempotent().withHedgeAfterPercentile(95, Duration.ofMillis(5)),
                    node -> node))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("build the balancer with hedging(...)");
  }
}
