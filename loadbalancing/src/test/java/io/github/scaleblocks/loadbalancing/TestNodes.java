package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Helpers shared by the tests. */
final class TestNodes {
  private TestNodes() {}

  static List<Node<String>> named(String... ids) {
    List<Node<String>> nodes = new ArrayList<>();
    for (String id : ids) {
      nodes.add(Node.named(id));
    }
    return nodes;
  }

  static List<Node<String>> numbered(int count) {
    List<Node<String>> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(Node.named("n" + i));
    }
    return nodes;
  }

  /** Picks {@code count} times, reporting each pick at once as a success of latency 0. */
  static Map<String, Integer> pickCounts(LoadBalancer<String> balancer, int count) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < count; i++) {
      Pick<String> pick = balancer.pick();
      counts.merge(pick.node().id(), 1, Integer::sum);
      balancer.report(pick, 0, Outcome.SUCCESS);
    }
    return counts;
  }

  /** The ids of {@code count} picks, each reported at once. */
  static String sequence(LoadBalancer<String> balancer, int count) {
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < count; i++) {
      Pick<String> pick = balancer.pick();
      ids.append(pick.node().id());
      balancer.report(pick, 0, Outcome.SUCCESS);
    }
    return ids.toString();
  }
}
