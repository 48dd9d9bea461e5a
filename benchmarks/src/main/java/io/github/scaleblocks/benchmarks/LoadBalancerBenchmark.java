package io.github.scaleblocks.benchmarks;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.loadbalancing.LoadBalancer;
import io.github.scaleblocks.loadbalancing.LoadBalancerBuilder;
import io.github.scaleblocks.loadbalancing.LoadBalancers;
import io.github.scaleblocks.loadbalancing.Outcome;
import io.github.scaleblocks.loadbalancing.Pick;
import io.github.scaleblocks.sharding.ShardRouters;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One pick followed by one report (1 ms, success) with every balancing strategy, on 1 and 2 threads
 * sharing one balancer, against the cheapest pick there is: an {@link AtomicInteger} counter modulo
 * an array ({@link #baseline_atomicRoundRobin}). Sticky picks by key (Maglev router) from a pool of
 * 1,024 keys; every other strategy picks without a key.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoadBalancerBenchmark {
  private static final long LATENCY_NANOS = 1_000_000L;

  /** The balancer and the baseline's array, shared by all benchmark threads. */
  @State(Scope.Benchmark)
  public static class Shared {
    @Param({
      "roundRobin",
      "weightedRoundRobin",
      "random",
      "weightedRandom",
      "leastOutstanding",
      "leastRequest",
      "peakEwma",
      "sticky",
      "firstAvailable"
    })
    public String strategy;

    @Param({"10", "100", "1000"})
    public int nodes;

    LoadBalancer<String> balancer;
    String[] array;
    final AtomicInteger counter = new AtomicInteger();
    boolean keyed;

    /**
     * The floors' per-node state: a latency histogram of HdrHistogram's size (3,456 buckets at 2
     * significant digits from 1 µs to 1 hour) and, for the P2C floor, one word of calls in flight.
     */
    long[][] histograms;

    long[] inFlight;

    @Setup
    public void setUp() {
      List<Node<String>> topology = new ArrayList<>();
      array = new String[nodes];
      for (int i = 0; i < nodes; i++) {
        // Mixed weights, so the weighted strategies do weighted work.
        topology.add(Node.of("node-" + i, 1 + i % 3, "payload-" + i));
        array[i] = "payload-" + i;
      }
      histograms = new long[nodes][FLOOR_BUCKETS];
      // Spread apart: one node's word per cache line, as a node object would be.
      inFlight = new long[nodes * 8];
      balancer = builder(strategy).build(topology);
      keyed = strategy.equals("sticky");
    }

    private static LoadBalancerBuilder builder(String strategy) {
      switch (strategy) {
        case "roundRobin":
          return LoadBalancers.roundRobin();
        case "weightedRoundRobin":
          return LoadBalancers.weightedRoundRobin();
        case "random":
          return LoadBalancers.random();
        case "weightedRandom":
          return LoadBalancers.weightedRandom();
        case "leastOutstanding":
          return LoadBalancers.leastOutstanding();
        case "leastRequest":
          return LoadBalancers.leastRequest();
        case "peakEwma":
          return LoadBalancers.peakEwma();
        case "sticky":
          return LoadBalancers.sticky(ShardRouters.maglev()::build);
        case "firstAvailable":
          return LoadBalancers.firstAvailable();
        default:
          throw new IllegalArgumentException("unknown strategy " + strategy);
      }
    }
  }

  /** Each thread's own key pool cursor. */
  @State(Scope.Thread)
  public static class Keys {
    final String[] keys = new String[1024];
    int next;

    @Setup
    public void setUp() {
      SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());
      for (int i = 0; i < keys.length; i++) {
        keys[i] = "session:" + random.nextLong();
      }
    }

    String next() {
      String key = keys[next];
      next = (next + 1) & (keys.length - 1);
      return key;
    }
  }

  private static String doPickAndReport(Shared shared, Keys keys) {
    LoadBalancer<String> balancer = shared.balancer;
    Pick<String> pick = shared.keyed ? balancer.pick(keys.next()) : balancer.pick();
    balancer.report(pick, LATENCY_NANOS, Outcome.SUCCESS);
    return pick.payload();
  }

  private static String atomicRoundRobin(Shared shared) {
    String[] array = shared.array;
    return array[Math.floorMod(shared.counter.getAndIncrement(), array.length)];
  }

  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int FLOOR_BUCKETS = 3_456;

  /** HdrHistogram's bucket of 1 ms at 2 significant digits from 1 µs (any fixed bucket will do). */
  private static final int FLOOR_BUCKET = 628;

  /**
   * A floor, not a balancer: the least a round robin must do that records every call's latency in a
   * per-node histogram (the metrics): the baseline's shared counter, then one atomic
   * increment of the picked node's bucket. No calls in flight, no checks, no clock.
   */
  @Benchmark
  public String floor_roundRobinRecordingLatency(Shared shared) {
    String[] array = shared.array;
    int index = Math.floorMod(shared.counter.getAndIncrement(), array.length);
    LONGS.getAndAdd(shared.histograms[index], FLOOR_BUCKET, 1L);
    return array[index];
  }

  /**
   * A floor for the P2C strategies that keep calls in flight exactly (least request, peak EWMA):
   * two random candidates, the one with fewer calls in flight, an atomic increment on pick, an
   * atomic decrement on report and one atomic increment of its latency bucket. No weights, no
   * latency estimate, no checks, no clock.
   */
  @Benchmark
  public String floor_p2cRecordingLatency(Shared shared) {
    String[] array = shared.array;
    long[] inFlight = shared.inFlight;
    int size = array.length;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int a = random.nextInt(size);
    int b = random.nextInt(size - 1);
    b = b >= a ? b + 1 : b;
    long loadA = (long) LONGS.getVolatile(inFlight, a * 8);
    long loadB = (long) LONGS.getVolatile(inFlight, b * 8);
    int chosen = loadB < loadA ? b : a;
    LONGS.getAndAdd(inFlight, chosen * 8, 1L);
    LONGS.getAndAdd(shared.histograms[chosen], FLOOR_BUCKET, 1L);
    LONGS.getAndAdd(inFlight, chosen * 8, -1L);
    return array[chosen];
  }

  /**
   * A floor for peak EWMA: {@link #floor_p2cRecordingLatency}'s work, with each node's word holding
   * a latency estimate ({@code float} bits, high 32) beside its calls in flight (low 32), as the
   * balancer's does. A pick compares {@code estimate * (active + 1)} of two random candidates and
   * adds one call; the report records the latency's bucket, then averages the latency into the
   * estimate and ends the call in one compare-and-set. The averaging weight is a constant (every
   * report 1 µs after the last, against a 10 s decay time), so no clock and no stamps; no weights,
   * no checks. What it costs above the P2C floor is the least the estimate itself can cost.
   */
  @Benchmark
  public String floor_peakEwmaRecordingLatency(Shared shared) {
    String[] array = shared.array;
    long[] words = shared.inFlight;
    int size = array.length;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int a = random.nextInt(size);
    int b = random.nextInt(size - 1);
    b = b >= a ? b + 1 : b;
    long wordA = (long) LONGS.getVolatile(words, a * 8);
    long wordB = (long) LONGS.getVolatile(words, b * 8);
    double costA = Float.intBitsToFloat((int) (wordA >>> 32)) * ((int) wordA + 1.0);
    double costB = Float.intBitsToFloat((int) (wordB >>> 32)) * ((int) wordB + 1.0);
    int chosen = costB < costA ? b : a;
    LONGS.getAndAdd(words, chosen * 8, 1L);
    LONGS.getAndAdd(shared.histograms[chosen], FLOOR_BUCKET, 1L);
    while (true) {
      long word = (long) LONGS.getVolatile(words, chosen * 8);
      double estimate = Float.intBitsToFloat((int) (word >>> 32));
      double next =
          LATENCY_NANOS > estimate
              ? LATENCY_NANOS
              : LATENCY_NANOS + (estimate - LATENCY_NANOS) * FLOOR_DECAY;
      long replacement =
          ((long) Float.floatToRawIntBits((float) next) << 32) | (word - 1 & MASK_32);
      if (LONGS.compareAndSet(words, chosen * 8, word, replacement)) {
        return array[chosen];
      }
    }
  }

  private static final long MASK_32 = 0xFFFF_FFFFL;

  /** {@code exp(-1 µs / 10 s)}: the floor's constant averaging weight. */
  private static final double FLOOR_DECAY = Math.exp(-1e-7);

  @Benchmark
  public String pickAndReport(Shared shared, Keys keys) {
    return doPickAndReport(shared, keys);
  }

  @Benchmark
  @Threads(2)
  public String pickAndReport2Threads(Shared shared, Keys keys) {
    return doPickAndReport(shared, keys);
  }

  /** The limit: an AtomicInteger counter modulo an array, nothing tracked. */
  @Benchmark
  public String baseline_atomicRoundRobin(Shared shared) {
    return atomicRoundRobin(shared);
  }

  @Benchmark
  @Threads(2)
  public String baseline_atomicRoundRobin2Threads(Shared shared) {
    return atomicRoundRobin(shared);
  }
}
