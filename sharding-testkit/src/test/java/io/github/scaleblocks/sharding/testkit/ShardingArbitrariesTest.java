package io.github.scaleblocks.sharding.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.junit.jupiter.api.Test;

class ShardingArbitrariesTest {

  @Property(tries = 200, seed = "31")
  void nodeSetsHaveDistinctReadableIdsAndWeightsInRange(
      @ForAll("twoToSixNodesUpToWeightThree") List<Node<String>> nodes) {
    assertThat(nodes).hasSizeBetween(2, 6);
    assertThat(RouterChecks.ids(nodes)).doesNotHaveDuplicates().allMatch(id -> id.matches("n\\d+"));
    for (Node<String> node : nodes) {
      assertThat(node.weight()).isBetween(1, 3);
      assertThat(node.payload()).isEqualTo(node.id());
    }
  }

  @Property(tries = 300, seed = "32")
  void topologyChangesFitTheirNodeList(
      @ForAll("anywhereChanges") Tuple2<List<Node<String>>, TopologyChange> generated) {
    List<Node<String>> before = generated.get1();
    TopologyChange change = generated.get2();
    List<Node<String>> after = change.applyTo(before);
    if (change instanceof TopologyChange.AddNode add) {
      assertThat(after).hasSize(before.size() + 1);
      assertThat(after.get(add.index())).isEqualTo(add.node());
      assertThat(add.node().weight()).isBetween(1, 4);
      assertThat(add.nodeId()).matches("n\\d+");
    } else if (change instanceof TopologyChange.RemoveNode) {
      assertThat(before).hasSizeGreaterThanOrEqualTo(2);
      assertThat(RouterChecks.ids(after))
          .hasSize(before.size() - 1)
          .doesNotContain(change.nodeId());
    } else {
      TopologyChange.ReweightNode reweight = (TopologyChange.ReweightNode) change;
      assertThat(RouterChecks.ids(after)).isEqualTo(RouterChecks.ids(before));
      int at = RouterChecks.ids(before).indexOf(reweight.nodeId());
      assertThat(reweight.weight()).isBetween(1, 4).isNotEqualTo(before.get(at).weight());
      assertThat(after.get(at).weight()).isEqualTo(reweight.weight());
    }
  }

  @Property(tries = 200, seed = "33")
  void endOnlyChangesAddAtTheEndAndRemoveTheLastNode(
      @ForAll("endOnlyUnweightedChanges") Tuple2<List<Node<String>>, TopologyChange> generated) {
    List<Node<String>> before = generated.get1();
    TopologyChange change = generated.get2();
    assertThat(change).isNotInstanceOf(TopologyChange.ReweightNode.class);
    if (change instanceof TopologyChange.AddNode add) {
      assertThat(add.index()).isEqualTo(before.size());
      assertThat(add.node().weight()).isEqualTo(1);
    } else {
      assertThat(change.nodeId()).isEqualTo(before.get(before.size() - 1).id());
    }
  }

  @Example // generators need a jqwik context
  void everyKindOfChangeIsGenerated() {
    Set<Class<?>> kinds = new HashSet<>();
    for (Tuple2<List<Node<String>>, TopologyChange> generated : sample(anywhereChanges(), 200)) {
      kinds.add(generated.get2().getClass());
    }
    assertThat(kinds)
        .containsExactlyInAnyOrder(
            TopologyChange.AddNode.class,
            TopologyChange.RemoveNode.class,
            TopologyChange.ReweightNode.class);
  }

  @Example // generators need a jqwik context
  void stringKeysIncludeMultiByteSupplementaryAndUnpairedSurrogateChars() {
    int ascii = 0;
    int multiByte = 0;
    int supplementary = 0;
    int unpaired = 0;
    for (String key : sample(ShardingArbitraries.stringKeys(), 1000)) {
      if (key.chars().allMatch(c -> c < 0x80)) {
        ascii++;
      } else if (!key.equals(
          new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))) {
        unpaired++;
      } else {
        multiByte++;
      }
      if (key.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
        supplementary++;
      }
    }
    assertThat(ascii).as("ASCII keys").isGreaterThan(100);
    assertThat(multiByte).as("well-formed non-ASCII keys").isGreaterThan(100);
    assertThat(supplementary).as("keys with four-byte UTF-8 chars").isGreaterThan(100);
    assertThat(unpaired).as("keys with unpaired surrogates").isGreaterThan(10);
  }

  @Example // generators need a jqwik context
  void byteAndLongKeysCoverTheirRanges() {
    List<byte[]> bytes = sample(ShardingArbitraries.byteKeys(), 500);
    assertThat(bytes).anyMatch(b -> b.length == 0).anyMatch(b -> b.length > 16);
    assertThat(bytes).allMatch(b -> b.length <= 48);
    List<Long> longs = sample(ShardingArbitraries.longKeys(), 500);
    assertThat(longs).anyMatch(l -> l < 0).anyMatch(l -> l > Integer.MAX_VALUE);
  }

  @Test
  void badArgumentsAreRejectedNamingTheValue() {
    assertThatThrownBy(() -> ShardingArbitraries.nodeSets(0, 3, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minSize must be positive but was 0");
    assertThatThrownBy(() -> ShardingArbitraries.nodeSets(3, 2, 1))
        .hasMessage("maxSize must be between minSize 3 and 10000 but was 2");
    assertThatThrownBy(() -> ShardingArbitraries.weights(2, 1))
        .hasMessage("max weight must be at least the min weight 2 but was 1");
    assertThatThrownBy(() -> ShardingArbitraries.nodeSets(1, 3, 0))
        .hasMessage("maxWeight must be positive but was 0");
    assertThatThrownBy(() -> ShardingArbitraries.topologyChanges(List.of(), 1, false))
        .hasMessage("nodes must not be empty");
  }

  @Test
  void topologyChangesReadAsWhatTheyDo() {
    assertThat(new TopologyChange.AddNode(Node.named("n7"), 3)).hasToString("add n7 at index 3");
    assertThat(new TopologyChange.AddNode(Node.of("n7", 2, "n7"), 0))
        .hasToString("add n7 (weight 2) at index 0");
    assertThat(new TopologyChange.RemoveNode("n3")).hasToString("remove n3");
    assertThat(new TopologyChange.ReweightNode("n2", 4)).hasToString("reweight n2 to 4");
  }

  @Test
  void changesThatDoNotFitTheListAreRejected() {
    List<Node<String>> two = List.of(Node.named("n0"), Node.named("n1"));
    assertThatThrownBy(() -> new TopologyChange.AddNode(Node.named("n1"), 0).applyTo(two))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot add node 'n1': the list [n0, n1] already has it");
    assertThatThrownBy(() -> new TopologyChange.AddNode(Node.named("n5"), 3).applyTo(two))
        .hasMessage("cannot add node 'n5' at index 3 of a list of 2 nodes");
    assertThatThrownBy(() -> new TopologyChange.RemoveNode("n9").applyTo(two))
        .hasMessage("cannot remove node 'n9': the list [n0, n1] does not have it");
    assertThatThrownBy(() -> new TopologyChange.RemoveNode("n0").applyTo(List.of(Node.named("n0"))))
        .hasMessage("cannot remove node 'n0': it is the only node and a router needs one");
    assertThatThrownBy(() -> new TopologyChange.ReweightNode("n0", 0))
        .hasMessage("weight must be positive but was 0");
    assertThat(new TopologyChange.RemoveNode("n0").applyTo(two)).containsExactly(Node.named("n1"));
  }

  @Provide
  Arbitrary<List<Node<String>>> twoToSixNodesUpToWeightThree() {
    return ShardingArbitraries.nodeSets(2, 6, 3);
  }

  @Provide
  Arbitrary<Tuple2<List<Node<String>>, TopologyChange>> anywhereChanges() {
    return ShardingArbitraries.nodeSets(1, 8, 4)
        .flatMap(
            nodes ->
                ShardingArbitraries.topologyChanges(nodes, 4, false)
                    .map(change -> Tuple.of(nodes, change)));
  }

  @Provide
  Arbitrary<Tuple2<List<Node<String>>, TopologyChange>> endOnlyUnweightedChanges() {
    return ShardingArbitraries.nodeSets(1, 8, 1)
        .flatMap(
            nodes ->
                ShardingArbitraries.topologyChanges(nodes, 1, true)
                    .map(change -> Tuple.of(nodes, change)));
  }

  /** Draws {@code count} values with a fixed seed, so the test is deterministic. */
  private static <T> List<T> sample(Arbitrary<T> arbitrary, int count) {
    RandomGenerator<T> generator = arbitrary.generator(1000);
    Random random = new Random(20260101L);
    List<T> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(generator.next(random).value());
    }
    return values;
  }
}
