package io.github.scaleblocks.benchmarks;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.BoundedLoadRouter;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Prints one table of placement quality for every strategy: balance (max/mean keys per node over
 * 1,000,000 keys on 10 nodes) and disruption (the fraction of keys that change owner when an 11th
 * node is added, and when one of the 10 is removed; the ideal is 1/11 = 0.0909 and 1/10 = 0.1). Not
 * a timing benchmark: these are exact counts for fixed keys ({@code "key:" + i}).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.scaleblocks.benchmarks.ShardingQualityReport}
 */
public final class ShardingQualityReport {
  private static final int KEYS = 1_000_000;
  private static final int NODES = 10;

  private ShardingQualityReport() {}

  /** The strategies measured, by name; each builds a router over the given nodes. */
  static Map<String, Function<List<Node<String>>, ShardRouter<String>>> strategies() {
    Map<String, Function<List<Node<String>>, ShardRouter<String>>> strategies =
        new LinkedHashMap<>();
    strategies.put("hashModulo", nodes -> ShardRouters.hashModulo().build(nodes));
    strategies.put("jump", nodes -> ShardRouters.jump().build(nodes));
    strategies.put("jumpBack", nodes -> ShardRouters.jumpBack().build(nodes));
    strategies.put("rendezvous", nodes -> ShardRouters.rendezvous().build(nodes));
    strategies.put("ring (default, 1,024 points)", nodes -> ShardRouters.ring().build(nodes));
    strategies.put("ring (160 points)", nodes -> ShardRouters.ring(160).build(nodes));
    strategies.put("ketama (160 points, MD5)", nodes -> ShardRouters.ketama().build(nodes));
    strategies.put("maglev (65,537)", nodes -> ShardRouters.maglev().build(nodes));
    return strategies;
  }

  public static void main(String[] args) {
    List<Node<String>> ten = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      ten.add(Node.named("node-" + i));
    }
    List<Node<String>> eleven = new ArrayList<>(ten);
    eleven.add(Node.named("node-" + NODES));
    // Jump hashes can only drop the last bucket; every other strategy loses a middle node.
    System.out.println(
        "| Strategy | max/mean (1M keys, 10 nodes) | moved adding an 11th | moved removing one |");
    System.out.println("|---|---:|---:|---:|");
    for (Map.Entry<String, Function<List<Node<String>>, ShardRouter<String>>> e :
        strategies().entrySet()) {
      List<Node<String>> nine = new ArrayList<>(ten);
      nine.remove(e.getKey().startsWith("jump") ? NODES - 1 : 3);
      ShardRouter<String> base = e.getValue().apply(ten);
      ShardRouter<String> grown = e.getValue().apply(eleven);
      ShardRouter<String> shrunk = e.getValue().apply(nine);
      Map<String, Integer> counts = new HashMap<>();
      int movedOnAdd = 0;
      int movedOnRemove = 0;
      for (int i = 0; i < KEYS; i++) {
        String key = "key:" + i;
        String owner = base.route(key).id();
        counts.merge(owner, 1, Integer::sum);
        if (!grown.route(key).id().equals(owner)) {
          movedOnAdd++;
        }
        if (!shrunk.route(key).id().equals(owner)) {
          movedOnRemove++;
        }
      }
      int max = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      double mean = (double) KEYS / NODES;
      System.out.printf(
          Locale.ROOT,
          "| %s | %.4f | %.4f | %.4f |%n",
          e.getKey(),
          max / mean,
          movedOnAdd / (double) KEYS,
          movedOnRemove / (double) KEYS);
    }
    // Bounded loads are stateful: balance is measured over keys acquired and held, where the
    // guarantee applies; placement changes with the load history, so disruption is not comparable.
    for (double epsilon : new double[] {0.05, 0.25}) {
      BoundedLoadRouter<String> bounded = ShardRouters.boundedLoad(epsilon).build(ten);
      for (int i = 0; i < KEYS; i++) {
        bounded.acquire("key:" + i);
      }
      int max = 0;
      for (Node<String> node : ten) {
        max = Math.max(max, bounded.load(node));
      }
      System.out.printf(
          Locale.ROOT,
          "| boundedLoad (ε = %.2f, 1M keys acquired; bound 1+ε) | %.4f | n/a (stateful) | n/a |%n",
          epsilon,
          max / ((double) KEYS / NODES));
    }
  }
}
