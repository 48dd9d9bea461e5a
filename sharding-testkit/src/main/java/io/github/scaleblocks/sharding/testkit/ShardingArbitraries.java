package io.github.scaleblocks.sharding.testkit;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.internal.Checks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators for sharding tests: routing keys in every key form, node sets and topology
 * changes. Use them in {@code @Provide} methods of your own properties; {@link ShardRouterContract}
 * uses them for its own.
 *
 * <p>Node ids are short and readable ({@code "n0"}, {@code "n17"}) and shrink towards small
 * numbers, so a shrunk counterexample reads like {@code [Node[n0], Node[n1, weight=3]]}. Every
 * generated node is a {@code Node<String>} whose payload is its id.
 */
public final class ShardingArbitraries {
  private ShardingArbitraries() {}

  /**
   * String keys of three kinds, mixed: ASCII keys such as {@code "user:42"}; strings of any Unicode
   * code points (two-, three- and four-byte UTF-8, surrogate pairs included); and strings of
   * arbitrary chars, which include unpaired surrogates. The empty string is among them.
   */
  public static Arbitrary<String> stringKeys() {
    Arbitrary<String> asciiKeys =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('0', '9')
            .withChars(":-_/.")
            .ofMaxLength(24);
    Arbitrary<String> codePoints =
        Arbitraries.integers()
            .between(0x80, Character.MAX_CODE_POINT)
            .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
            .list()
            .ofMaxSize(8)
            .map(ShardingArbitraries::fromCodePoints);
    Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(12);
    return Arbitraries.oneOf(asciiKeys, codePoints, anyChars);
  }

  /** Byte-array keys of 0 to 48 bytes. */
  public static Arbitrary<byte[]> byteKeys() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(48);
  }

  /** Long keys over the whole range, with 0, -1, the extremes and small values as edge cases. */
  public static Arbitrary<Long> longKeys() {
    return Arbitraries.longs();
  }

  /** Node weights from {@code min} to {@code max}; rejects {@code min < 1} or {@code max < min}. */
  public static Arbitrary<Integer> weights(int min, int max) {
    Checks.positive(min, "min weight");
    if (max < min) {
      throw new IllegalArgumentException(
          "max weight must be at least the min weight " + min + " but was " + max);
    }
    return Arbitraries.integers().between(min, max);
  }

  /**
   * Lists of {@code minSize} to {@code maxSize} nodes with distinct ids {@code "n<number>"} and
   * weights from 1 to {@code maxWeight} (pass 1 for unweighted routers). Ids are drawn from a pool
   * of at least 100, so lists differ in their ids as well as their size and order.
   *
   * @throws IllegalArgumentException if {@code minSize < 1}, {@code maxSize < minSize}, {@code
   *     maxSize > 10_000} or {@code maxWeight < 1}
   */
  public static Arbitrary<List<Node<String>>> nodeSets(int minSize, int maxSize, int maxWeight) {
    Checks.positive(minSize, "minSize");
    if (maxSize < minSize || maxSize > 10_000) {
      throw new IllegalArgumentException(
          "maxSize must be between minSize " + minSize + " and 10000 but was " + maxSize);
    }
    Arbitrary<Integer> weight = weights(1, Checks.positive(maxWeight, "maxWeight"));
    return Arbitraries.integers()
        .between(0, idPool(maxSize))
        .list()
        .uniqueElements()
        .ofMinSize(minSize)
        .ofMaxSize(maxSize)
        .flatMap(
            numbers ->
                weight
                    .list()
                    .ofSize(numbers.size())
                    .map(
                        ws -> {
                          List<Node<String>> nodes = new ArrayList<>(numbers.size());
                          for (int i = 0; i < numbers.size(); i++) {
                            String id = "n" + numbers.get(i);
                            nodes.add(Node.of(id, ws.get(i), id));
                          }
                          return List.copyOf(nodes);
                        }));
  }

  /**
   * Changes that fit {@code nodes}: adding a node with a new {@code "n<number>"} id and a weight
   * from 1 to {@code maxWeight}; removing a node (only when there are at least two); and, when
   * {@code maxWeight > 1}, giving a node another weight from 1 to {@code maxWeight}. With {@code
   * onlyAtEnd} (for routers such as jump hash that number their nodes) nodes are added at the end
   * and only the last node is removed.
   *
   * @throws IllegalArgumentException if {@code nodes} is empty or {@code maxWeight < 1}
   */
  public static Arbitrary<TopologyChange> topologyChanges(
      List<Node<String>> nodes, int maxWeight, boolean onlyAtEnd) {
    Checks.notNull(nodes, "nodes");
    Checks.argument(!nodes.isEmpty(), "nodes must not be empty");
    Arbitrary<Integer> weight = weights(1, Checks.positive(maxWeight, "maxWeight"));
    List<Node<String>> current = List.copyOf(nodes);
    Set<String> taken = new HashSet<>();
    for (Node<String> node : current) {
      taken.add(node.id());
    }
    int size = current.size();
    Arbitrary<String> freshIds =
        Arbitraries.integers()
            .between(0, idPool(size + 1) + size)
            .map(number -> "n" + number)
            .filter(id -> !taken.contains(id));
    Arbitrary<Integer> positions =
        onlyAtEnd ? Arbitraries.just(size) : Arbitraries.integers().between(0, size);
    Arbitrary<TopologyChange> add =
        Combinators.combine(freshIds, weight, positions)
            .as(
                (id, w, index) ->
                    (TopologyChange) new TopologyChange.AddNode(Node.of(id, w, id), index));
    List<Arbitrary<TopologyChange>> kinds = new ArrayList<>();
    kinds.add(add);
    if (size >= 2) {
      Arbitrary<Node<String>> removable =
          onlyAtEnd ? Arbitraries.just(current.get(size - 1)) : Arbitraries.of(current);
      kinds.add(removable.map(node -> new TopologyChange.RemoveNode(node.id())));
    }
    if (maxWeight > 1) {
      kinds.add(
          Arbitraries.of(current)
              .flatMap(
                  node ->
                      weight
                          .filter(w -> w != node.weight())
                          .map(w -> new TopologyChange.ReweightNode(node.id(), w))));
    }
    return Arbitraries.oneOf(kinds);
  }

  /** The largest id number: at least 99 and at least four times the node count. */
  private static int idPool(int maxSize) {
    return Math.max(99, 4 * maxSize);
  }

  private static String fromCodePoints(List<Integer> codePoints) {
    StringBuilder sb = new StringBuilder();
    for (int cp : codePoints) {
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }
}
