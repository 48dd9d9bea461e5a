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

  /** Each candidate in turn, ignoring weights. O(1): one atomic increment. */
  static final BalancingPolicy ROUND_ROBIN =
      new Named("roundRobin", LoadInput.NONE) {
        @Override
        public Picker picker(Candidates<?> candidates) {
          int size = candidates.size();
          // Start at a random place so frequent candidate changes do not favour the first node.
          AtomicInteger next = new AtomicInteger(candidates.random().nextInt(size));
          return key -> Math.floorMod(next.getAndIncrement(), size);
        }
      };

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
          int a = random.nextInt(size);
          int b = random.nextInt(size - 1);
          if (b >= a) {
            b++;
          }
          int activeA = candidates.inFlight(a);
          int activeB = candidates.inFlight(b);
          double wa = candidates.weight(a);
          double wb = candidates.weight(b);
          if (activeA == 0 && activeB == 0) {
            // Both idle: choose in proportion to weight, so light traffic follows the weights
            // instead of always going to the heavier node.
            return random.nextDouble() * (wa + wb) < wa ? a : b;
          }
          // The higher score weight / load wins, compared as wb * loadA > wa * loadB (no division).
          return wb * load(activeA, activeRequestBias) > wa * load(activeB, activeRequestBias)
              ? b
              : a;
        };
      }
    };
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
          return key -> {
            int a = random.nextInt(size);
            int b = random.nextInt(size - 1);
            if (b >= a) {
              b++;
            }
            // The lower cost latency * (active + 1) / weight wins, compared without dividing.
            return latencyLoad(candidates, b) * candidates.weight(a)
                    < latencyLoad(candidates, a) * candidates.weight(b)
                ? b
                : a;
          };
        }
      };

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
