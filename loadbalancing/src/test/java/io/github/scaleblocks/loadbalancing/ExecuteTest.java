package io.github.scaleblocks.loadbalancing;

import static io.github.scaleblocks.loadbalancing.TestNodes.named;
import static io.github.scaleblocks.loadbalancing.TestNodes.numbered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExecuteTest {
  private final ManualTicker time = ManualTicker.create();
  private final List<Long> sleeps = new ArrayList<>();

  private LoadBalancerBuilder builder() {
    return LoadBalancers.roundRobin()
        .ticker(time)
        .random(RandomSource.seeded(2))
        .sleeper(
            nanos -> {
              sleeps.add(nanos);
              time.advance(Duration.ofNanos(nanos));
            });
  }

  @Test
  void anIdempotentCallIsRetriedOnAnotherNodeAfterABackoff() {
    LoadBalancer<String> balancer =
        builder()
            .backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(100)))
            .build(named("a", "b", "c"));
    List<String> tried = new ArrayList<>();

    String result =
        balancer.execute(
            CallOptions.idempotent(),
            node -> {
              tried.add(node);
              if (tried.size() < 3) {
                throw new IOException("down: " + node);
              }
              return "ok from " + node;
            });

    assertThat(tried).doesNotHaveDuplicates().hasSize(3);
    assertThat(result).isEqualTo("ok from " + tried.get(2));
    assertThat(sleeps).hasSize(2);
    assertThat(sleeps.get(0)).isBetween(0L, 10_000_000L);
    assertThat(sleeps.get(1)).isBetween(0L, 20_000_000L);
    LoadBalancerMetrics metrics = balancer.metrics();
    assertThat(metrics.failures()).isEqualTo(2);
    assertThat(metrics.successes()).isEqualTo(1);
    assertThat(metrics.retries()).isEqualTo(2);
    assertThat(metrics.inFlight()).isZero();
  }

  @Test
  void retriesAvoidEveryTriedNodeEvenWhenTheStrategyKeepsPickingIt() {
    // firstAvailable always picks "a", as peak EWMA keeps picking a node that fails fast.
    LoadBalancer<String> balancer =
        LoadBalancers.firstAvailable()
            .ticker(time)
            .random(RandomSource.seeded(2))
            .backoff(Backoff.none())
            .build(named("a", "b", "c"));
    List<String> tried = new ArrayList<>();

    String result =
        balancer.execute(
            CallOptions.idempotent(),
            node -> {
              tried.add(node);
              if (!node.equals("c")) {
                throw new IOException("down: " + node);
              }
              return "ok from " + node;
            });

    assertThat(tried.get(0)).isEqualTo("a");
    assertThat(tried).doesNotHaveDuplicates().endsWith("c");
    assertThat(result).isEqualTo("ok from c");
    assertThat(balancer.metrics().inFlight()).isZero();
  }

  @Test
  void whenEveryNodeWasTriedTheStrategyPicksAgain() {
    LoadBalancer<String> balancer =
        LoadBalancers.firstAvailable()
            .ticker(time)
            .random(RandomSource.seeded(2))
            .backoff(Backoff.none())
            .build(named("a", "b"));
    List<String> tried = new ArrayList<>();

    assertThatThrownBy(
            () ->
                balancer.execute(
                    CallOptions.idempotent().withMaxAttempts(3),
                    node -> {
                      tried.add(node);
                      throw new IOException("down: " + node);
                    }))
        .isInstanceOf(CallFailedException.class);
    assertThat(tried).containsExactly("a", "b", "a");
    assertThat(balancer.metrics().inFlight()).isZero();
  }

  @Test
  void aNonIdempotentCallRunsOnceAndFailsWithTheCause() {
    LoadBalancer<String> balancer = builder().build(named("a", "b"));
    IOException boom = new IOException("boom");

    assertThatThrownBy(
            () ->
                balancer.execute(
                    CallOptions.nonIdempotent(),
                    node -> {
                      throw boom;
                    }))
        .isInstanceOf(CallFailedException.class)
        .hasMessage("call failed after 1 attempt: not retried: the call is not idempotent")
        .hasCause(boom);
    assertThat(balancer.metrics().failures()).isEqualTo(1);
    assertThat(balancer.metrics().inFlight()).isZero();
  }

  @Test
  void allAttemptsFailingReportsEveryFailure() {
    LoadBalancer<String> balancer = builder().backoff(Backoff.none()).build(named("a", "b"));

    assertThatThrownBy(
            () ->
                balancer.execute(
                    CallOptions.idempotent().withMaxAttempts(4),
                    node -> {
                      throw new IllegalStateException(node);
                    }))
        .isInstanceOfSatisfying(
            CallFailedException.class,
            e -> {
              assertThat(e.attempts()).isEqualTo(4);
              assertThat(e.getSuppressed()).hasSize(3);
            })
        .hasMessage("call failed after 4 attempts: all 4 attempts failed");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void failuresTheCallerDoesNotRetryAreNotRetried() {
    LoadBalancer<String> balancer = builder().build(named("a", "b"));

    assertThatThrownBy(
            () ->
                balancer.execute(
                    CallOptions.idempotent().withRetryOn(e -> e instanceof IOException),
                    node -> {
                      throw new IllegalArgumentException("bad request");
                    }))
        .hasMessage(
            "call failed after 1 attempt: not retried: java.lang.IllegalArgumentException is not"
                + " retryable");
  }

  @Test
  void theRetryBudgetCapsExtraLoad() {
    LoadBalancer<String> balancer =
        builder()
            .backoff(Backoff.none())
            .retryBudget(RetryBudget.of(0.2).withMinRetriesPerSecond(0))
            .build(numbered(5));
    int calls = 1_000;
    int[] attempts = {0};

    for (int i = 0; i < calls; i++) {
      try {
        balancer.execute(
            CallOptions.idempotent().withMaxAttempts(3),
            node -> {
              attempts[0]++;
              throw new IOException("everything is down");
            });
      } catch (CallFailedException expected) {
        // every call fails
      }
      time.advance(Duration.ofMillis(5)); // 1,000 calls over 5 s: inside one 10 s window
    }

    // Without a budget 3,000 attempts; with it at most 20 % extra.
    assertThat(attempts[0]).isBetween(calls + 190, calls + 200);
    assertThat(balancer.metrics().retries()).isEqualTo(attempts[0] - calls);
    // Nearly every call ends on a refusal: the budget admits about one retry per five calls.
    assertThat(balancer.metrics().retriesRejected()).isBetween(calls - 5L, (long) calls);
  }

  @Test
  void theBudgetRefillsAsTheWindowSlides() {
    LoadBalancer<String> balancer =
        builder()
            .backoff(Backoff.none())
            .retryBudget(RetryBudget.of(0.0).withMinRetriesPerSecond(1))
            .build(named("a", "b"));
    CallOptions twoAttempts = CallOptions.idempotent().withMaxAttempts(2);
    int[] attempts = {0};
    Call<String, String> failing =
        node -> {
          attempts[0]++;
          throw new IOException("down");
        };

    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> balancer.execute(twoAttempts, failing))
          .isInstanceOf(CallFailedException.class);
    }
    assertThat(attempts[0]).isEqualTo(30); // 10 retries: 1 per second over the 10 s window

    time.advance(Duration.ofSeconds(10));
    attempts[0] = 0;
    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> balancer.execute(twoAttempts, failing))
          .isInstanceOf(CallFailedException.class);
    }
    assertThat(attempts[0]).isEqualTo(30);
  }

  @Test
  void allNodesDownFailsFastInExecuteToo() {
    LoadBalancer<String> balancer =
        builder()
            .panicThreshold(0)
            .outlierDetection(
                OutlierDetection.builder()
                    .consecutiveFailures(1)
                    .noSuccessRate()
                    .maxEjectedPercent(100)
                    .build())
            .backoff(Backoff.none())
            .build(named("a", "b"));
    Set<String> tried = new java.util.HashSet<>();

    assertThatThrownBy(
            () ->
                balancer.execute(
                    CallOptions.idempotent().withMaxAttempts(5),
                    node -> {
                      tried.add(node);
                      throw new IOException(node);
                    }))
        .isInstanceOf(CallFailedException.class)
        .hasMessage("call failed after 2 attempts: no node was available for attempt 3")
        .hasCauseInstanceOf(NoAvailableNodeException.class);
    assertThat(tried).containsExactlyInAnyOrder("a", "b");
    assertThatThrownBy(() -> balancer.execute(CallOptions.idempotent(), node -> node))
        .isInstanceOf(NoAvailableNodeException.class);
  }

  @Test
  void callersRunningTheirOwnAttemptsDrawOnTheSameRetryBudget() {
    // Ratio 0.5, no floor: two counted calls allow exactly one retry in the window.
    LoadBalancer<String> balancer =
        builder()
            .retryBudget(RetryBudget.of(0.5).withMinRetriesPerSecond(0))
            .backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(100)))
            .build(named("a", "b"));
    balancer.recordCall();
    balancer.recordCall();

    long first = balancer.tryRetry(1);
    long second = balancer.tryRetry(1);

    assertThat(first).isBetween(0L, 10_000_000L);
    assertThat(second).isEqualTo(-1);
    assertThat(balancer.metrics().retries()).isEqualTo(1);
    assertThat(balancer.metrics().retriesRejected()).isEqualTo(1);
    assertThatThrownBy(() -> balancer.tryRetry(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retry must be positive but was 0");
  }
}
