package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.loadbalancing.spi.BalancingPolicy;
import io.github.scaleblocks.loadbalancing.spi.Candidates;
import io.github.scaleblocks.loadbalancing.spi.LoadInput;
import io.github.scaleblocks.loadbalancing.spi.Picker;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import io.github.scaleblocks.loadbalancing.spi.RouterFactory;
import io.github.scaleblocks.sharding.ShardRouter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The built-in strategies, each a {@link BalancingPolicy} written against the public SPI only, as a
 * user's would be. Pickers are allocation-free; each says its cost per pick.
 */
final class Policies {
  private Policies() {}

  /**
   * Each candidate in turn, ignoring weights. O(1): one atomic increment and a remainder by
   * multiplication ({@link #remainder}), not a division.
   */
  static final BalancingPolicy ROUND_ROBIN =
      new Named("roundRobin", LoadInput.NONE) {
        @Override
        public Picker picker(Candidates<?> candidates) {
          return new RoundRobinPicker(candidates.size(), candidates.random());
        }
      };

  /**
   * Round robin with a cursor per thread (as Envoy keeps one per worker): each thread with a {@link
   * ThreadStripes stripe} walks the candidates in order from its own random start, with a plain
   * counter only it writes, so a pick does no atomic operation; threads without a stripe share one
   * atomic cursor. Over any stretch every candidate gets the same number of picks from each thread,
   * give or take one, so the load is as even as with one shared cursor; what is lost is only the
   * strict global order of successive picks made by different threads.
   */
  static final class RoundRobinPicker implements StripedPicker {
    /** Ints per 64-byte cache line: each thread's cursor on a line of its own. */
    private static final int PAD = 16;

    private final int size;
    private final long magic;
    private final AtomicInteger shared;

    /** Cursor of stripe {@code s} at {@code (s + 1) * PAD}, written only by that stripe's owner. */
    private final int[] cursors;

    RoundRobinPicker(int size, RandomSource random) {
      this.size = size;
      this.magic = remainderMagic(size);
      // Start at random places so frequent candidate changes do not favour the first node.
      this.shared = new AtomicInteger(random.nextInt(size));
      this.cursors = new int[(ThreadStripes.COUNT + 2) * PAD];
      for (int s = 0; s < ThreadStripes.COUNT; s++) {
        cursors[(s + 1) * PAD] = random.nextInt(size);
      }
    }

    @Override
    public int pick(@Nullable CharSequence key, int stripe) {
      if (stripe < 0) {
        return remainder(shared.getAndIncrement(), size, magic);
      }
      int slot = (stripe + 1) * PAD;
      int next = cursors[slot];
      cursors[slot] = next + 1;
      return remainder(next, size, magic);
    }
  }

  /**
   * The constant {@link #remainder} multiplies by for divisor {@code d >= 1}: ceil(2^64 / d), as an
   * unsigned 64-bit value (0 for {@code d == 1}, which wraps and still gives remainder 0).
   */
  static long remainderMagic(int d) {
    return Long.divideUnsigned(-1L, d) + 1;
  }

  /**
   * {@code n mod d} with {@code n} read as an unsigned 32-bit value, by two multiplications instead
   * of a division (Lemire, Kaser and Kurz, "Faster Remainder by Direct Computation", 2019): the low
   * 64 bits of {@code magic * n} are the fraction {@code n / d} scaled by 2^64, and the high 64
   * bits of that fraction times {@code d} are the remainder. Exact for every 32-bit {@code n} and
   * every {@code d} in {@code [1, 2^31)}. A round-robin counter that wraps past 2^32 skips at most
   * one turn, as {@code floorMod} of a wrapping int counter would.
   */
  static int remainder(int n, int d, long magic) {
    long fraction = magic * (n & 0xFFFF_FFFFL);
    // Unsigned high half of fraction * d: the signed one, plus d when fraction's top bit is set.
    return (int) (Math.multiplyHigh(fraction, d) + ((fraction >> 63) & d));
  }

  /** Uniformly at random. O(1). */
  static final BalancingPolicy RANDOM =
      new Named("random", LoadInput.NONE) {
        @Override
        public Picker picker(Candidates<?> candidates) {
          int size = candidates.size();
          RandomSource random = candidates.random();
          return key -> random.nextInt(size);
        }
      };

  /** In proportion to the effective weights. O(log n): a binary search over prefix sums. */
  static final BalancingPolicy WEIGHTED_RANDOM =
      new Named("weightedRandom", LoadInput.NONE) {
        @Override
        public Picker picker(Candidates<?> candidates) {
          int size = candidates.size();
          double[] ends = new double[size];
          double total = 0;
          for (int i = 0; i < size; i++) {
            total += candidates.weight(i);
            ends[i] = total;
          }
          double sum = total;
          RandomSource random = candidates.random();
          return key -> {
            double point = random.nextDouble() * sum;
            int low = 0;
            int high = size - 1;
            while (low < high) {
              int mid = (low + high) >>> 1;
              if (ends[mid] > point) {
                high = mid;
              } else {
                low = mid + 1;
              }
            }
            return low;
          };
        }
      };

  /**
   * nginx's smooth weighted round robin: every pick adds each candidate's weight to its current
   * value, takes the largest and subtracts the total from it. Over each cycle of the total weight
   * every candidate is picked in proportion to its weight, and picks of one candidate are spread
   * out, not bunched (weights 5, 1, 1 give a a b a c a a). O(n) under a lock per pick.
   */
  static final BalancingPolicy SMOOTH_WEIGHTED_ROUND_ROBIN =
      new Named("weightedRoundRobin", LoadInput.NONE) {
        @Override
        public Picker picker(Candidates<?> candidates) {
          int size = candidates.size();
          double[] weights = new double[size];
          double total = 0;
          for (int i = 0; i < size; i++) {
            weights[i] = candidates.weight(i);
            total += weights[i];
          }
          double sum = total;
          double[] currents = new double[size];
          return key -> {
            synchronized (currents) {
              int best = 0;
              for (int i = 0; i < size; i++) {
                currents[i] += weights[i];
                if (currents[i] > currents[best]) {
                  best = i;
                }
              }
              currents[best] -= sum;
              return best;
            }
          };
        }
      };

  /**
   * The candidate with the fewest calls in flight per unit of weight, scanning all. Ties go to the
   * first found from a random start. O(n) per pick; prefer {@link #leastRequest} beyond a few dozen
   * nodes.
   */
  static final BalancingPolicy LEAST_OUTSTANDING =
      new Named("leastOutstanding", LoadInput.IN_FLIGHT) {
        @Override
        public Picker picker(Candidates<?> candidates) {
          int size = candidates.size();
          RandomSource random = candidates.random();
          return key -> {
            int start = size == 1 ? 0 : random.nextInt(size);
            int best = start;
            double bestLoad = candidates.inFlight(start) / candidates.weight(start);
            for (int step = 1; step < size; step++) {
              int i = start + step < size ? start + step : start + step - size;
              double load = candidates.inFlight(i) / candidates.weight(i);
              if (load < bestLoad) {
                best = i;
                bestLoad = load;
              }
            }
            return best;
          };
        }
      };

  /**
   * Power of two choices over Envoy's least-request score {@code weight / (active + 1)^bias}: two
   * distinct random candidates, the higher score wins (with equal weights: fewer calls in flight);
   * two idle candidates are chosen between in proportion to their weights. O(1).
   */
  static BalancingPolicy leastRequest(double activeRequestBias) {
    return new Named("leastRequest(bias " + activeRequestBias + ")", LoadInput.IN_FLIGHT) {
      @Override
      public Picker picker(Candidates<?> candidates) {
        int size = candidates.size();
        RandomSource random = candidates.random();
        if (size == 1) {
          return key -> 0;
        }
        return key -> {
          // One draw: a from its high 32 bits, b from its low 32 (see secondChoice).
          long draw = random.nextLong();
          long scaledA = (draw >>> 32) * size;
          int a = (int) (scaledA >>> 32);
          int b = secondChoice(draw, a, size);
          int activeA = candidates.inFlight(a);
          int activeB = candidates.inFlight(b);
          double wa = candidates.weight(a);
          double wb = candidates.weight(b);
          if (activeA == 0 && activeB == 0) {
            // Both idle: choose in proportion to weight, so light traffic follows the weights
            // instead of always going to the heavier node. The coin is the fraction a's draw left
            // over: uniform in [0, 1) whatever a is (steps of size / 2^32), so no second draw.
            double coin = (scaledA & 0xFFFF_FFFFL) * 0x1.0p-32;
            return lessSelect(coin * (wa + wb), wa, a, b);
          }
          // The higher score weight / load wins, compared as wa * loadB < wb * loadA (no division).
          return lessSelect(
              wa * load(activeB, activeRequestBias), wb * load(activeA, activeRequestBias), b, a);
        };
      }
    };
  }

  /**
   * Power of two choices from one 64-bit draw: the first index is {@code size} times the draw's
   * high 32 bits (multiply-shift, as {@link RandomSource#nextInt}), the second, distinct, one is
   * {@code size - 1} times its low 32 bits, moved up by one at or above the first. The halves are
   * independent uniform 32-bit values, so each index has {@code nextInt}'s bias (below {@code size
   * / 2^32}) and the pair is as uniform as two {@code nextInt} calls would make it, for one call to
   * the random source instead of two.
   */
  static int secondChoice(long draw, int first, int size) {
    int second = (int) (((draw & 0xFFFF_FFFFL) * (size - 1)) >>> 32);
    return second >= first ? second + 1 : second;
  }

  /** Envoy's {@code (active + 1)^bias}. */
  private static double load(int active, double bias) {
    double calls = active + 1.0;
    return bias == 1.0 ? calls : (bias == 0.0 ? 1.0 : Math.pow(calls, bias));
  }

  /**
   * Power of two choices over peak-EWMA cost (Finagle, Linkerd): {@code latency * (active + 1) /
   * weight}, lower wins; a candidate with calls in flight but no latency yet costs a large penalty,
   * so an unknown node is probed by one call at a time. O(1) plus two exponentials.
   */
  static final BalancingPolicy PEAK_EWMA =
      new Named("peakEwma", LoadInput.IN_FLIGHT_AND_LATENCY) {
        @Override
        public Picker picker(Candidates<?> candidates) {
          int size = candidates.size();
          RandomSource random = candidates.random();
          if (size == 1) {
            return key -> 0;
          }
          if (candidates instanceof CandidateSet) {
            return peakEwmaPicker((CandidateSet<?>) candidates);
          }
          return key -> {
            long draw = random.nextLong();
            int a = (int) (((draw >>> 32) * size) >>> 32);
            int b = secondChoice(draw, a, size);
            // The lower cost latency * (active + 1) / weight wins, compared without dividing.
            return lessSelect(
                latencyLoad(candidates, b) * candidates.weight(a),
                latencyLoad(candidates, a) * candidates.weight(b),
                b,
                a);
          };
        }
      };

  /**
   * {@link #PEAK_EWMA}'s picker over the balancer's own candidate set. The costs are the same, but
   * compared without reading the clock: decaying both estimates to the same instant, any instant
   * not before both were updated, multiplies each by {@code exp(-(t - stamp) / tau)}, so the
   * comparison comes out the same for every such instant, and the one that needs no clock is the
   * later of the two stamps. The older estimate is decayed by the gap between the stamps, and each
   * candidate's calls in flight and estimate come from one read of its state word.
   *
   * <p>When the two stamps are less than {@code tau * 2^-17} apart (76 µs at the default 10 s), as
   * they mostly are under load, the estimates are compared as they are: the decay would change
   * their ratio by less than 2^-17 (8 parts per million), a difference far below what a latency
   * estimate can tell, and a candidate within it of the other is as good a choice. Skipping it
   * takes the stamps' loads and the decay's arithmetic off the path to the choice (a branch that is
   * predicted, not a dependency). On a Xeon VM whose atomic instructions cost 16 ns each, that was
   * about 20 of a pick and report's 80 ns (docs/benchmarks.md). {@code FastPickerEquivalenceTest}
   * checks that it picks as the generic path does, {@code StrategiesTest} that stamps 5 µs apart
   * (decay 1 s) are compared as they are and 10 µs apart are not.
   */
  private static Picker peakEwmaPicker(CandidateSet<?> set) {
    int size = set.size();
    RandomSource random = set.random();
    double perDecayNano = set.perDecayNano();
    long nearGap = (long) (NEAR_DECAY / perDecayNano);
    return key -> {
      long draw = random.nextLong();
      int a = (int) (((draw >>> 32) * size) >>> 32);
      int b = secondChoice(draw, a, size);
      NodeState<?> nodeA = set.candidate(a);
      NodeState<?> nodeB = set.candidate(b);
      long wordA = nodeA.loadWord();
      long wordB = nodeB.loadWord();
      double costA = latencyLoad(wordA);
      double costB = latencyLoad(wordB);
      if (costA != PENALTY && costB != PENALTY) {
        // Far apart: both decayed, the newer by 0 (a factor of exactly 1). Which stamp is older is
        // as random as the candidates, and a branch on it would be mispredicted as often as not.
        long gap = nodeA.ewmaStamp() - nodeB.ewmaStamp();
        if (gap > nearGap || gap < -nearGap) {
          costB *= NodeCounters.decay(Math.max(gap, 0) * perDecayNano);
          costA *= NodeCounters.decay(Math.max(-gap, 0) * perDecayNano);
        }
      }
      return lessSelect(costB * set.weight(a), costA * set.weight(b), b, a);
    };
  }

  /**
   * The decay below which {@link #peakEwmaPicker} compares two estimates without it: {@code 2^-17},
   * in decay times.
   */
  private static final double NEAR_DECAY = 0x1p-17;

  /**
   * {@code x < y ? ifLess : otherwise} without a branch, for {@code x} and {@code y} that are
   * non-negative and not NaN (costs, scores, a coin times a weight). Which of two random candidates
   * wins is a coin toss whenever they are equally loaded, as they mostly are, so a branch on it is
   * mispredicted about every other pick, at some 15 cycles each, more than the rest of the
   * comparison. The sign bit of {@code x - y} says the same as {@code x < y} here: the difference
   * of two distinct finite doubles is never zero, and of two non-negative ones never -0.0.
   */
  static int lessSelect(double x, double y, int ifLess, int otherwise) {
    int mask = (int) (Double.doubleToRawLongBits(x - y) >> 63);
    return otherwise ^ ((otherwise ^ ifLess) & mask);
  }

  /** {@code latency * (active + 1)} from a state word, or the penalty (busy, no latency yet). */
  private static double latencyLoad(long word) {
    int active = (int) word;
    double latency = NodeCounters.ewma(word);
    return latency == 0 && active != 0 ? PENALTY : latency * (active + 1);
  }

  /** Finagle's penalty for a node with calls in flight and no latency observed yet. */
  private static final double PENALTY = 1e15;

  /** {@code latency * (active + 1)}, or the penalty for a node busy with no latency yet. */
  private static double latencyLoad(Candidates<?> candidates, int index) {
    int active = candidates.inFlight(index);
    double latency = candidates.latencyCost(index);
    return latency == 0 && active != 0 ? PENALTY : latency * (active + 1);
  }

  /** The first candidate in membership order (gRPC's pick_first). O(1). */
  static final BalancingPolicy FIRST_AVAILABLE =
      new Named("firstAvailable", LoadInput.NONE) {
        @Override
        public Picker picker(Candidates<?> candidates) {
          return key -> 0;
        }
      };

  /** Keys routed by a sharding router over the candidates; unkeyed picks at random. */
  static BalancingPolicy sticky(RouterFactory routers) {
    return new Named("sticky(" + routers + ")", LoadInput.NONE) {
      @Override
      public Picker picker(Candidates<?> candidates) {
        return stickyPicker(candidates, routers);
      }
    };
  }

  private static <T> Picker stickyPicker(Candidates<T> candidates, RouterFactory routers) {
    int size = candidates.size();
    Node<T>[] nodes = nodeArray(size);
    Map<String, Integer> indexes = new HashMap<>();
    for (int i = 0; i < size; i++) {
      nodes[i] = candidates.node(i);
      indexes.put(nodes[i].id(), i);
    }
    ShardRouter<T> router = routers.build(List.of(nodes));
    RandomSource random = candidates.random();
    return (@Nullable CharSequence key) -> {
      if (key == null) {
        return random.nextInt(size);
      }
      Integer index = indexes.get(router.route(key).id());
      if (index == null) {
        throw new IllegalStateException(
            "router " + router + " returned a node that is not a candidate for key " + key);
      }
      return index;
    };
  }

  @SuppressWarnings("unchecked") // an array of a generic record type, filled before use
  private static <T> Node<T>[] nodeArray(int size) {
    return (Node<T>[]) new Node<?>[size];
  }

  private abstract static class Named implements BalancingPolicy {
    private final String name;
    private final LoadInput loadInput;

    Named(String name, LoadInput loadInput) {
      this.name = name;
      this.loadInput = loadInput;
    }

    @Override
    public LoadInput loadInput() {
      return loadInput;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
