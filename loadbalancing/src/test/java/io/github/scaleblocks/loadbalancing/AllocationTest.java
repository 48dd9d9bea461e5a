package io.github.scaleblocks.loadbalancing;

import static io.github.scaleblocks.loadbalancing.TestNodes.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pick and report allocate nothing with no listener registered (the JMH benchmark measures the same
 * with {@code -prof gc}; this keeps the property from regressing between benchmark runs).
 */
class AllocationTest {

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
  void pickAndReportAllocateNothing(String strategy) {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    ManualTicker time = ManualTicker.create();
    LoadBalancer<String> balancer =
        TestStrategies.named(strategy)
            .ticker(time)
            .random(RandomSource.seeded(1))
            .build(numbered(100));
    loop(balancer, time, 20_000); // warm up: class loading, first interval roll-over

    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    loop(balancer, time, 100_000);
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    // Reading the counter itself may allocate a few bytes; 100,000 calls allocating anything
    // per call would show as megabytes.
    assertThat(allocated).isLessThan(10_000);
  }

  private static void loop(LoadBalancer<String> balancer, ManualTicker time, int calls) {
    for (int i = 0; i < calls; i++) {
      Pick<String> pick = balancer.pick();
      balancer.report(
          pick, 1_000 + (i & 1023) * 1_000L, (i & 15) == 0 ? Outcome.FAILURE : Outcome.SUCCESS);
    }
  }
}
