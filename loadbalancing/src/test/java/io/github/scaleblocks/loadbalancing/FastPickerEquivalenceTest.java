package io.github.scaleblocks.loadbalancing;

import static io.github.scaleblocks.loadbalancing.TestNodes.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.loadbalancing.spi.BalancingPolicy;
import io.github.scaleblocks.loadbalancing.spi.Candidates;
import io.github.scaleblocks.loadbalancing.spi.LoadInput;
import io.github.scaleblocks.loadbalancing.spi.Picker;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The built-in peak-EWMA policy picks through a fast path when it is given the balancer's own
 * candidate set (state read directly; the two estimates compared decayed to the later of their
 * stamps instead of both to the clock, and not decayed at all when the stamps are less than {@code
 * tau * 2^-17} apart). Driven through a real balancer with mixed weights, calls in flight,
 * latencies and clock steps, the fast path picks exactly what the same policy picks through the
 * public {@link Candidates} interface with the same random draws: the undecayed comparison can
 * differ only for costs within 8 parts per million of each other, which these latencies never are.
 */
class FastPickerEquivalenceTest {

  @Test
  void peakEwmaFastPathPicksAsTheGenericOne() {
    assertSamePicks(Policies.PEAK_EWMA);
  }

  private static void assertSamePicks(BalancingPolicy policy) {
    AtomicInteger compared = new AtomicInteger();
    AtomicInteger differing = new AtomicInteger();
    Recording draws = new Recording(new SplittableRandom(99));
    BalancingPolicy checking =
        new BalancingPolicy() {
          @Override
          public Picker picker(Candidates<?> candidates) {
            assertThat(candidates).isInstanceOf(CandidateSet.class);
            Picker fast = policy.picker(candidates);
            // The same policy through the public interface, given the draw the fast one just made.
            Picker generic = policy.picker(new Generic<>(candidates, () -> draws.last));
            return key -> {
              int chosen = fast.pick(key);
              if (generic.pick(key) != chosen) {
                differing.incrementAndGet();
              }
              compared.incrementAndGet();
              return chosen;
            };
          }

          @Override
          public LoadInput loadInput() {
            return policy.loadInput();
          }
        };
    ManualTicker time = ManualTicker.create();
    java.util.List<Node<String>> nodes = new java.util.ArrayList<>();
    for (Node<String> node : numbered(12)) {
      nodes.add(Node.of(node.id(), 1 + nodes.size() % 3, node.payload()));
    }
    LoadBalancer<String> balancer =
        LoadBalancers.custom(checking)
            .ticker(time)
            .random(draws)
            .latencyDecay(Duration.ofSeconds(1))
            .build(nodes);
    SplittableRandom random = new SplittableRandom(5);
    Deque<Pick<String>> inFlight = new ArrayDeque<>();
    for (int i = 0; i < 20_000; i++) {
      inFlight.add(balancer.pick());
      // Keep a varying number of calls in flight; report the oldest with a latency that depends
      // on the node, so estimates differ and change.
      while (inFlight.size() > random.nextInt(1, 30)) {
        Pick<String> done = inFlight.poll();
        int node = Integer.parseInt(done.node().id().substring(1));
        long latency = 1_000_000L * (1 + node % 5) + random.nextLong(5_000_000L);
        balancer.report(done, latency, Outcome.SUCCESS);
      }
      time.advance(Duration.ofNanos(random.nextLong(2_000_000L)));
    }

    assertThat(compared.get()).isEqualTo(20_000);
    assertThat(differing.get()).isZero();
  }

  /** A single-threaded random source that remembers its last value. */
  private static final class Recording implements RandomSource {
    private final SplittableRandom random;
    long last;

    Recording(SplittableRandom random) {
      this.random = random;
    }

    @Override
    public long nextLong() {
      last = random.nextLong();
      return last;
    }
  }

  /** The candidates through the public interface only, with their own random source. */
  private static final class Generic<T> implements Candidates<T> {
    private final Candidates<T> delegate;
    private final RandomSource random;

    Generic(Candidates<T> delegate, RandomSource random) {
      this.delegate = delegate;
      this.random = random;
    }

    @Override
    public int size() {
      return delegate.size();
    }

    @Override
    public Node<T> node(int index) {
      return delegate.node(index);
    }

    @Override
    public double weight(int index) {
      return delegate.weight(index);
    }

    @Override
    public int inFlight(int index) {
      return delegate.inFlight(index);
    }

    @Override
    public double latencyCost(int index) {
      return delegate.latencyCost(index);
    }

    @Override
    public RandomSource random() {
      return random;
    }
  }
}
