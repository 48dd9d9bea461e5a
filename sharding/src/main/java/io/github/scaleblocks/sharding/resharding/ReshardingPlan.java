package io.github.scaleblocks.sharding.resharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.sharding.ShardRouter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Which keys move, from where to where, when {@code newRouter} replaces {@code oldRouter}: the
 * moved keys grouped by {@link ShardPair}, with per-pair counts, the total and the moved fraction.
 *
 * <pre>{@code
 * ReshardingPlan<String, DataSource> plan =
 *     ReshardingPlan.between(twoShards, threeShards).forKeys(userIds);
 * log.info(plan.summary());
 * plan.keys(new ShardPair("a", "c")).forEach(...);
 * }</pre>
 *
 * <p>A plan made {@link Planner#forKeys from a key list} takes each key's source as {@code
 * oldRouter}'s owner; a plan made {@link Planner#forScan from a scan} takes it as the node the scan
 * found the key on, so keys stored in the wrong place are moved to their owner too.
 *
 * <p><b>Memory and cost.</b> Planning routes every key twice (O(keys) routing calls). The plan
 * holds a reference to every <em>moved</em> key, about 1/(n+1) of the keys for consistent hashing
 * going from n to n+1 nodes, but nearly all keys for {@code hashModulo}. For key sets that do not
 * fit in memory use {@link Planner#count} (counts only, O(old nodes x new nodes) memory) or {@link
 * Planner#stream} (each move handed to a callback as it is found), or let a {@link LiveMigration}
 * stream the keys itself. Immutable and thread-safe once built (as far as the keys are).
 *
 * @param <K> the key type
 * @param <T> the node payload type
 */
public final class ReshardingPlan<K, T> {
  private final ShardRouter<T> oldRouter;
  private final ShardRouter<T> newRouter;
  private final KeyRouting<K> routing;
  private final MoveCounts counts;
  private final Map<ShardPair, List<K>> moves;

  private ReshardingPlan(
      ShardRouter<T> oldRouter,
      ShardRouter<T> newRouter,
      KeyRouting<K> routing,
      MoveCounts counts,
      Map<ShardPair, List<K>> moves) {
    this.oldRouter = oldRouter;
    this.newRouter = newRouter;
    this.routing = routing;
    this.counts = counts;
    this.moves = moves;
  }

  /** Starts a plan for replacing {@code oldRouter} by {@code newRouter}. */
  public static <T> Planner<T> between(ShardRouter<T> oldRouter, ShardRouter<T> newRouter) {
    return new Planner<>(
        Checks.notNull(oldRouter, "oldRouter"), Checks.notNull(newRouter, "newRouter"));
  }

  /** The router keys are placed by now. */
  public ShardRouter<T> oldRouter() {
    return oldRouter;
  }

  /** The router keys will be placed by. */
  public ShardRouter<T> newRouter() {
    return newRouter;
  }

  /** How the plan's keys are routed. */
  public KeyRouting<K> routing() {
    return routing;
  }

  /** The totals and per-pair counts. */
  public MoveCounts counts() {
    return counts;
  }

  /** Every key looked at, moved or not. */
  public long totalKeys() {
    return counts.totalKeys();
  }

  /** The keys whose owner changes. */
  public long movedKeys() {
    return counts.movedKeys();
  }

  /** The moved share of the keys, between 0 and 1. */
  public double movedFraction() {
    return counts.movedFraction();
  }

  /** The moved keys per pair, ordered by pair, each list in the order the keys were seen. */
  public Map<ShardPair, List<K>> moves() {
    return moves;
  }

  /** The keys moving along {@code pair}; empty when none do. */
  public List<K> keys(ShardPair pair) {
    return moves.getOrDefault(Checks.notNull(pair, "pair"), List.of());
  }

  /** See {@link MoveCounts#summary()}. */
  public String summary() {
    return counts.summary();
  }

  @Override
  public String toString() {
    return "ReshardingPlan[" + movedKeys() + " of " + totalKeys() + " keys move]";
  }

  /**
   * The second step of {@link ReshardingPlan#between}: says where the keys come from. Immutable;
   * each call walks the keys again.
   *
   * @param <T> the node payload type
   */
  public static final class Planner<T> {
    private final ShardRouter<T> oldRouter;
    private final ShardRouter<T> newRouter;

    private Planner(ShardRouter<T> oldRouter, ShardRouter<T> newRouter) {
      this.oldRouter = oldRouter;
      this.newRouter = newRouter;
    }

    /** A plan for string keys. */
    public ReshardingPlan<String, T> forKeys(Iterable<String> keys) {
      return forKeys(keys, KeyRouting.strings());
    }

    /** A plan for {@code keys}, routed by {@code routing}; holds the moved keys. */
    public <K> ReshardingPlan<K, T> forKeys(Iterable<? extends K> keys, KeyRouting<K> routing) {
      Tally<K, T> tally = new Tally<>(oldRouter, newRouter, routing, true, null);
      tally.addAll(Checks.notNull(keys, "keys"));
      return tally.plan();
    }

    /**
     * A plan for the keys {@code scan} finds on each node of the old router, in the old router's
     * node order. A scan's exception stops planning with a {@link ReshardingException} naming the
     * node.
     */
    public <K> ReshardingPlan<K, T> forScan(KeyScan<K, T> scan, KeyRouting<K> routing) {
      Checks.notNull(scan, "scan");
      Tally<K, T> tally = new Tally<>(oldRouter, newRouter, routing, true, null);
      List<Node<T>> oldNodes = oldRouter.nodes();
      for (int i = 0; i < oldNodes.size(); i++) {
        Node<T> node = oldNodes.get(i);
        int from = i;
        try {
          scan.scan(node, key -> tally.add(from, key));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ReshardingException("interrupted while scanning the keys of " + node, e);
        } catch (ReshardingException e) {
          throw e;
        } catch (Exception e) {
          throw new ReshardingException("scanning the keys of " + node + " failed: " + e, e);
        }
      }
      return tally.plan();
    }

    /** The counts only: keeps no key, so it suits key sets of any size. */
    public <K> MoveCounts count(Iterable<? extends K> keys, KeyRouting<K> routing) {
      Tally<K, T> tally = new Tally<>(oldRouter, newRouter, routing, false, null);
      tally.addAll(Checks.notNull(keys, "keys"));
      return tally.counts();
    }

    /**
     * Hands each moved key and its pair to {@code moves} as it is found, on this thread, and
     * returns the counts; keeps no key.
     */
    public <K> MoveCounts stream(
        Iterable<? extends K> keys,
        KeyRouting<K> routing,
        BiConsumer<? super K, ? super ShardPair> moves) {
      Tally<K, T> tally =
          new Tally<>(oldRouter, newRouter, routing, false, Checks.notNull(moves, "moves"));
      tally.addAll(Checks.notNull(keys, "keys"));
      return tally.counts();
    }
  }

  /** Counts (and optionally keeps) moves in an old-index x new-index matrix. */
  private static final class Tally<K, T> {
    private final ShardRouter<T> oldRouter;
    private final ShardRouter<T> newRouter;
    private final KeyRouting<K> routing;
    private final List<Node<T>> oldNodes;
    private final List<Node<T>> newNodes;
    private final Map<String, Integer> oldIndex = new HashMap<>();
    private final Map<String, Integer> newIndex = new HashMap<>();
    private final long[][] counts;

    /** Indexed by cell (from * new node count + to); null where both ids are equal. */
    private final List<@Nullable ShardPair> pairs;

    private final @Nullable List<List<K>> kept;
    private final @Nullable BiConsumer<? super K, ? super ShardPair> sink;
    private long total;

    Tally(
        ShardRouter<T> oldRouter,
        ShardRouter<T> newRouter,
        KeyRouting<K> routing,
        boolean keep,
        @Nullable BiConsumer<? super K, ? super ShardPair> sink) {
      this.oldRouter = oldRouter;
      this.newRouter = newRouter;
      this.routing = Checks.notNull(routing, "routing");
      this.oldNodes = oldRouter.nodes();
      this.newNodes = newRouter.nodes();
      for (int i = 0; i < oldNodes.size(); i++) {
        oldIndex.put(oldNodes.get(i).id(), i);
      }
      for (int j = 0; j < newNodes.size(); j++) {
        newIndex.put(newNodes.get(j).id(), j);
      }
      this.counts = new long[oldNodes.size()][newNodes.size()];
      this.pairs = new ArrayList<>(oldNodes.size() * newNodes.size());
      for (int i = 0; i < oldNodes.size(); i++) {
        for (int j = 0; j < newNodes.size(); j++) {
          String from = oldNodes.get(i).id();
          String to = newNodes.get(j).id();
          pairs.add(from.equals(to) ? null : new ShardPair(from, to));
        }
      }
      if (keep) {
        List<List<K>> lists = new ArrayList<>(oldNodes.size() * newNodes.size());
        for (int c = 0; c < oldNodes.size() * newNodes.size(); c++) {
          lists.add(new ArrayList<>());
        }
        this.kept = lists;
      } else {
        this.kept = null;
      }
      this.sink = sink;
    }

    void addAll(Iterable<? extends K> keys) {
      for (K key : keys) {
        Checks.notNull(key, "key at position " + total);
        add(index(oldIndex, routing.route(oldRouter, key), "old"), key);
      }
    }

    void add(int from, K key) {
      Checks.notNull(key, "key scanned from " + oldNodes.get(from));
      total++;
      int to = index(newIndex, routing.route(newRouter, key), "new");
      ShardPair pair = pairs.get(from * newNodes.size() + to);
      if (pair == null) {
        return;
      }
      counts[from][to]++;
      if (kept != null) {
        kept.get(from * newNodes.size() + to).add(key);
      }
      if (sink != null) {
        sink.accept(key, pair);
      }
    }

    private static int index(Map<String, Integer> indexes, Node<?> node, String which) {
      Integer index = indexes.get(node.id());
      if (index == null) {
        throw new IllegalStateException(
            "the " + which + " router returned " + node + ", which is not one of its nodes()");
      }
      return index;
    }

    MoveCounts counts() {
      Map<ShardPair, Long> perPair = new TreeMap<>();
      forEachPair(
          (pair, cell) ->
              perPair.put(pair, counts[cell / newNodes.size()][cell % newNodes.size()]));
      return new MoveCounts(total, perPair);
    }

    ReshardingPlan<K, T> plan() {
      List<List<K>> lists = Checks.notNull(kept, "kept keys");
      Map<ShardPair, List<K>> sorted = new TreeMap<>();
      forEachPair((pair, cell) -> sorted.put(pair, Collections.unmodifiableList(lists.get(cell))));
      return new ReshardingPlan<>(
          oldRouter,
          newRouter,
          routing,
          counts(),
          Collections.unmodifiableMap(new LinkedHashMap<>(sorted)));
    }

    /** Visits each pair that moved a key, with its cell number (from * newCount + to). */
    private void forEachPair(BiConsumer<ShardPair, Integer> visitor) {
      for (int i = 0; i < oldNodes.size(); i++) {
        for (int j = 0; j < newNodes.size(); j++) {
          ShardPair pair = pairs.get(i * newNodes.size() + j);
          if (pair != null && counts[i][j] > 0) {
            visitor.accept(pair, i * newNodes.size() + j);
          }
        }
      }
    }
  }
}
