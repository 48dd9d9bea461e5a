package io.github.scaleblocks.sharding.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.ShardRouter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The checks behind {@link ShardRouterContract}'s properties, with failure messages that name the
 * nodes, the key and what was expected.
 *
 * <p>Design note on the statistical checks: a node of fair share p holds a binomial number of the n
 * sampled keys for an ideal router, with standard deviation sqrt(n p (1 - p)). The sample is sized
 * so that this is at most 2.5% of n p for the smallest share ({@link #KEYS_PER_SHARE} keys per
 * smallest share), and every bound adds {@link #SIGMAS} standard deviations to the declared
 * tolerance: a one-sided normal tail of about 3e-6 per node and bound.
 */
final class RouterChecks {
  private RouterChecks() {}

  static final int KEYS_PER_SHARE = 1_600;
  static final int MIN_SAMPLE = 10_000;
  static final int MAX_SAMPLE = 200_000;
  static final double SIGMAS = 4.5;
  private static final int MAX_NODES = 1_000;
  private static final int EXAMPLES = 5;

  /** Rejects declarations that make no sense, naming the declaration and its value. */
  static void check(ShardRouterContract contract) {
    double maxBalance = contract.maxBalance();
    if (!(maxBalance >= 1)) {
      throw new IllegalArgumentException(
          "maxBalance() must be at least 1 (or infinite) but was " + maxBalance);
    }
    double tolerance = contract.disruptionTolerance();
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException(
          "disruptionTolerance() must be finite and at least 0 but was " + tolerance);
    }
    int maxNodes = contract.maxNodes();
    if (maxNodes < 2 || maxNodes > MAX_NODES) {
      throw new IllegalArgumentException(
          "maxNodes() must be between 2 and " + MAX_NODES + " but was " + maxNodes);
    }
    if (contract.disruption() == null) {
      throw new IllegalArgumentException("disruption() must not be null");
    }
  }

  /** The contract's router over {@code nodes}, with a build failure turned into a clear one. */
  static ShardRouter<String> build(ShardRouterContract contract, List<Node<String>> nodes) {
    ShardRouter<String> router;
    try {
      router = contract.router(nodes);
    } catch (RuntimeException e) {
      throw new AssertionError(
          "router("
              + nodes
              + ") threw "
              + e
              + (nodes.stream().anyMatch(n -> n.weight() != 1)
                  ? "; if the router has no weights, declare supportsWeights() false"
                  : ""),
          e);
    }
    if (router == null) {
      throw new AssertionError("router(" + nodes + ") returned null");
    }
    return router;
  }

  /** Equal nodes in new instances and a new list, so no router can rely on identity. */
  static List<Node<String>> copyOf(List<Node<String>> nodes) {
    List<Node<String>> copy = new ArrayList<>(nodes.size());
    for (Node<String> node : nodes) {
      copy.add(Node.of(node.id(), node.weight(), node.payload()));
    }
    return copy;
  }

  static void sameRoutes(
      ShardRouter<String> a,
      ShardRouter<String> b,
      String what,
      List<String> strings,
      List<byte[]> bytes,
      List<Long> longs) {
    int count = Math.min(3, a.nodes().size());
    for (String key : strings) {
      String id = a.route(key).id();
      assertThat(b.route(key).id()).as("%s: key %s", what, show(key)).isEqualTo(id);
      assertThat(b.route(new StringBuilder(key)).id())
          .as("%s: key %s as a StringBuilder", what, show(key))
          .isEqualTo(id);
      assertThat(ids(b.route(key, count)))
          .as("%s: %d replicas of key %s", what, count, show(key))
          .isEqualTo(ids(a.route(key, count)));
    }
    for (byte[] key : bytes) {
      assertThat(b.route(key.clone()).id())
          .as("%s: key %s", what, show(key))
          .isEqualTo(a.route(key).id());
      assertThat(ids(b.route(key.clone(), count)))
          .as("%s: %d replicas of key %s", what, count, show(key))
          .isEqualTo(ids(a.route(key, count)));
    }
    for (long key : longs) {
      assertThat(b.route(key).id()).as("%s: key %dL", what, key).isEqualTo(a.route(key).id());
      assertThat(ids(b.route(key, count)))
          .as("%s: %d replicas of key %dL", what, count, key)
          .isEqualTo(ids(a.route(key, count)));
    }
  }

  static void ownNodesOnly(
      ShardRouter<String> router,
      List<Node<String>> nodes,
      List<String> strings,
      List<byte[]> bytes,
      List<Long> longs) {
    assertThat(router.nodes())
        .as("nodes() of the router built over %s", ids(nodes))
        .containsExactlyElementsOf(nodes);
    for (String key : strings) {
      assertOwn(router.route(key), nodes, show(key));
    }
    for (byte[] key : bytes) {
      assertOwn(router.route(key), nodes, show(key));
    }
    for (long key : longs) {
      assertOwn(router.route(key), nodes, key + "L");
    }
  }

  private static void assertOwn(Node<String> routed, List<Node<String>> nodes, String key) {
    assertThat(nodes)
        .as("key %s routed to %s, which is not one of the router's nodes %s", key, routed, nodes)
        .contains(routed);
  }

  static void keyFormsAgree(ShardRouter<String> router, List<String> strings, List<Long> longs) {
    String over = " (router over " + ids(router.nodes()) + ")";
    for (String key : strings) {
      byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
      assertThat(router.route(utf8).id())
          .as("key %s and its UTF-8 bytes %s route alike%s", show(key), show(utf8), over)
          .isEqualTo(router.route(key).id());
    }
    for (long key : longs) {
      byte[] littleEndian = littleEndian(key);
      assertThat(router.route(littleEndian).id())
          .as("key %dL and its little-endian bytes %s route alike%s", key, show(littleEndian), over)
          .isEqualTo(router.route(key).id());
    }
  }

  static void replicas(
      ShardRouter<String> router,
      List<Node<String>> nodes,
      List<String> strings,
      List<byte[]> bytes,
      List<Long> longs) {
    for (int count = 1; count <= nodes.size(); count++) {
      for (String key : strings) {
        replicaList(router.route(key, count), router.route(key), count, show(key), nodes);
      }
      for (byte[] key : bytes) {
        replicaList(router.route(key, count), router.route(key), count, show(key), nodes);
      }
      for (long key : longs) {
        replicaList(router.route(key, count), router.route(key), count, key + "L", nodes);
      }
    }
  }

  private static void replicaList(
      List<Node<String>> replicas,
      Node<String> owner,
      int count,
      String key,
      List<Node<String>> nodes) {
    String what = count + " replicas of key " + key + " over " + ids(nodes);
    assertThat(replicas).as("%s: %s", what, replicas).hasSize(count).doesNotHaveDuplicates();
    assertThat(replicas.get(0))
        .as(
            "%s: the first replica must be route(key), %s, but the list was %s",
            what, owner, replicas)
        .isEqualTo(owner);
    assertThat(nodes)
        .as(
            "%s: every replica must be one of the router's nodes, but the list was %s",
            what, replicas)
        .containsAll(replicas);
  }

  static void badReplicaCounts(ShardRouter<String> router) {
    int n = router.nodes().size();
    for (int count : new int[] {0, -1, n + 1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      String what = "replica count " + count + " for a router of " + n + " nodes";
      String[] naming = {String.valueOf(count), String.valueOf(n)};
      rejects(
          IllegalArgumentException.class,
          () -> router.route("key", count),
          what + " and a string key",
          naming);
      rejects(
          IllegalArgumentException.class,
          () -> router.route(new byte[] {1, 2}, count),
          what + " and a byte-array key",
          naming);
      rejects(
          IllegalArgumentException.class,
          () -> router.route(42L, count),
          what + " and a long key",
          naming);
    }
  }

  @SuppressWarnings("NullAway") // passes null on purpose: the router must reject it
  static void nullKeys(ShardRouter<String> router) {
    CharSequence nullString = nullValue();
    byte[] nullBytes = nullValue();
    String[] naming = {"key"};
    rejects(
        NullPointerException.class,
        () -> router.route(nullString),
        "route((CharSequence) null)",
        naming);
    rejects(
        NullPointerException.class, () -> router.route(nullBytes), "route((byte[]) null)", naming);
    rejects(
        NullPointerException.class,
        () -> router.route(nullString, 1),
        "route((CharSequence) null, 1)",
        naming);
    rejects(
        NullPointerException.class,
        () -> router.route(nullBytes, 1),
        "route((byte[]) null, 1)",
        naming);
  }

  /**
   * Checks that {@code call} throws {@code type} with a message containing each of {@code naming}.
   */
  private static void rejects(
      Class<? extends Throwable> type, ThrowingCallable call, String what, String... naming) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown)
        .as("%s must throw %s, but returned normally", what, type.getSimpleName())
        .isNotNull();
    assertThat(thrown).as("%s", what).isInstanceOf(type);
    for (String name : naming) {
      assertThat(thrown)
          .as("%s must throw %s naming '%s'", what, type.getSimpleName(), name)
          .hasMessageContaining(name);
    }
  }

  /**
   * Routes a key sample and checks every node's load against its weighted fair share: at most
   * {@code maxBalance} times it and at least {@code 1 / maxBalance} times it, each widened by
   * {@link #SIGMAS} standard deviations of sampling noise.
   */
  static void loads(
      ShardRouter<String> router, List<Node<String>> nodes, long seed, double maxBalance) {
    int size = sampleSize(nodes);
    Map<String, Integer> counts = new HashMap<>();
    for (String key : sample(seed, size)) {
      Node<String> owner = router.route(key);
      if (!nodes.contains(owner)) {
        assertOwn(owner, nodes, show(key));
      }
      counts.merge(owner.id(), 1, Integer::sum);
    }
    double total = totalWeight(nodes);
    List<String> violations = new ArrayList<>();
    for (Node<String> node : nodes) {
      double p = node.weight() / total;
      double fair = size * p;
      double slack = SIGMAS * Math.sqrt(size * p * (1 - p));
      double upper = fair * maxBalance + slack;
      double lower = fair / maxBalance - slack;
      int load = counts.getOrDefault(node.id(), 0);
      if (load > upper || load < lower) {
        violations.add(
            String.format(
                "%s (weight %d) holds %d keys, %.2f times its fair share %.0f; allowed %.0f to %.0f",
                node.id(), node.weight(), load, load / fair, fair, Math.max(0, lower), upper));
      }
    }
    assertThat(violations)
        .as(
            "load of %d sampled keys (seed %d) over %s must be within a factor %s of each node's"
                + " fair share",
            size, seed, nodes, maxBalance)
        .isEmpty();
  }

  /**
   * Routes a key sample before and after {@code change} and checks how many keys moved, and with
   * {@code MINIMAL} disruption where they moved.
   */
  static void disruption(
      ShardRouter<String> before,
      ShardRouter<String> after,
      List<Node<String>> oldNodes,
      List<Node<String>> newNodes,
      TopologyChange change,
      long seed,
      ShardRouterContract.Disruption disruption,
      double tolerance) {
    String id = change.nodeId();
    double shareBefore = share(oldNodes, id);
    double shareAfter = share(newNodes, id);
    boolean grows = shareAfter > shareBefore;
    double ideal = Math.abs(shareAfter - shareBefore);
    int size = Math.max(sampleSize(oldNodes), sampleSize(newNodes));
    int moved = 0;
    List<String> strays = new ArrayList<>();
    int strayCount = 0;
    for (String key : sample(seed, size)) {
      String from = before.route(key).id();
      String to = after.route(key).id();
      if (from.equals(to)) {
        continue;
      }
      moved++;
      if (disruption == ShardRouterContract.Disruption.MINIMAL
          && (grows ? !to.equals(id) : !from.equals(id))) {
        strayCount++;
        if (strays.size() < EXAMPLES) {
          strays.add("key " + show(key) + " moved from " + from + " to " + to);
        }
      }
    }
    String where = "after '" + change + "' on " + oldNodes + " (sample of " + size + " keys)";
    assertThat(strays)
        .as(
            "%s: keys may only move %s %s, but %d moved elsewhere, such as",
            where, grows ? "to" : "from", id, strayCount)
        .isEmpty();
    double allowed =
        size * ideal * (1 + tolerance) + SIGMAS * Math.sqrt(size * ideal * (1 - ideal)) + 1;
    assertThat(moved)
        .as(
            "%s: %d keys (%.2f%%) moved; ideal %.2f%%, allowed %.0f keys with disruption tolerance"
                + " %s",
            where, moved, 100.0 * moved / size, 100 * ideal, allowed, tolerance)
        .isLessThanOrEqualTo((int) allowed);
  }

  /** Enough keys for a 2.5% standard error on the smallest share, within the sample bounds. */
  static int sampleSize(List<Node<String>> nodes) {
    int minWeight = Integer.MAX_VALUE;
    for (Node<String> node : nodes) {
      minWeight = Math.min(minWeight, node.weight());
    }
    double wanted = KEYS_PER_SHARE * totalWeight(nodes) / minWeight;
    return (int) Math.max(MIN_SAMPLE, Math.min(MAX_SAMPLE, wanted));
  }

  /** Readable sequential keys {@code "k<seed>:<i>"}, like the ids of a real key space. */
  static List<String> sample(long seed, int size) {
    String prefix = "k" + Long.toUnsignedString(seed, 36) + ":";
    List<String> keys = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      keys.add(prefix + i);
    }
    return keys;
  }

  private static double share(List<Node<String>> nodes, String id) {
    for (Node<String> node : nodes) {
      if (node.id().equals(id)) {
        return node.weight() / totalWeight(nodes);
      }
    }
    return 0;
  }

  private static double totalWeight(List<Node<String>> nodes) {
    long total = 0;
    for (Node<String> node : nodes) {
      total += node.weight();
    }
    return total;
  }

  static List<String> ids(List<Node<String>> nodes) {
    List<String> ids = new ArrayList<>(nodes.size());
    for (Node<String> node : nodes) {
      ids.add(node.id());
    }
    return ids;
  }

  /** A string key as a Java literal: quoted, with everything but printable ASCII escaped. */
  static String show(String key) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c >= 0x20 && c < 0x7f) {
        sb.append(c);
      } else {
        sb.append(String.format("\\u%04X", (int) c));
      }
    }
    return sb.append('"').toString();
  }

  /** A byte-array key in hex: {@code bytes[0a ff 03]}. */
  static String show(byte[] key) {
    StringBuilder sb = new StringBuilder("bytes[");
    for (int i = 0; i < key.length; i++) {
      sb.append(i == 0 ? "" : " ").append(String.format("%02x", key[i] & 0xff));
    }
    return sb.append(']').toString();
  }

  static byte[] littleEndian(long value) {
    byte[] bytes = new byte[Long.BYTES];
    for (int i = 0; i < Long.BYTES; i++) {
      bytes[i] = (byte) (value >>> (8 * i));
    }
    return bytes;
  }

  @SuppressWarnings({"TypeParameterUnusedInFormals", "NullAway"}) // feeds null to test rejection
  private static <T> T nullValue() {
    return null;
  }
}
