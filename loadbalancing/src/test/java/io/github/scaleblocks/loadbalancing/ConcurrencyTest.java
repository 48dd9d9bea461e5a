package io.github.scaleblocks.loadbalancing;

import static io.github.scaleblocks.loadbalancing.TestNodes.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.core.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConcurrencyTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "roundRobin",
        "weightedRoundRobin",
        "random",
        "weightedRandom",
        "leastOutstanding",
        "leastRequest",
        "peakEwma"
      })
  void inFlightCountsStayExactUnderConcurrentPicksReportsAndMembershipChanges(String strategy)
      throws Exception {
    LoadBalancer<String> balancer = TestStrategies.named(strategy).build(numbered(8));
    int threads = 4;
    int callsPerThread = 20_000;
    int held = 5;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  start.await();
                  Pick<String>[] window = newPicks(held);
                  for (int i = 0; i < callsPerThread; i++) {
                    int slot = i % held;
                    if (window[slot] != null) {
                      balancer.report(
                          window[slot], i, i % 10 == 0 ? Outcome.FAILURE : Outcome.SUCCESS);
                    }
                    window[slot] = balancer.pick();
                  }
                  for (Pick<String> pick : window) {
                    if (pick != null) {
                      balancer.report(pick, 1, Outcome.SUCCESS);
                    }
                  }
                  return null;
                }));
      }
      Future<?> churn =
          pool.submit(
              () -> {
                start.await();
                int round = 0;
                while (!done.get()) {
                  String id = "extra" + (round % 3);
                  balancer.addNode(Node.named(id));
                  balancer.setWeight("n0", 1 + round % 4);
                  balancer.removeNode(id);
                  round++;
                }
                return null;
              });
      start.countDown();
      for (Future<?> worker : workers) {
        worker.get(60, TimeUnit.SECONDS);
      }
      done.set(true);
      churn.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    LoadBalancerMetrics metrics = balancer.metrics();
    assertThat(metrics.inFlight()).isZero();
    assertThat(metrics.successes() + metrics.failures()).isEqualTo((long) threads * callsPerThread);
    // Failures are reported for i = 10, 20, ..., 19990 in each thread.
    assertThat(metrics.failures()).isEqualTo(threads * 1_999L);
    assertThat(metrics.nodes())
        .allSatisfy(
            node -> {
              assertThat(node.inFlight()).isZero();
              assertThat(node.unmatchedReports()).isZero();
            });
  }

  @SuppressWarnings({"unchecked", "NullAway"}) // an array of empty slots, filled as picks arrive
  private static Pick<String>[] newPicks(int size) {
    return (Pick<String>[]) new Pick<?>[size];
  }
}
