package io.github.scaleblocks.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class NodeTest {

  @Provide
  Arbitrary<String> validIds() {
    return Arbitraries.strings()
        .ofMinLength(1)
        .ofMaxLength(Node.MAX_ID_LENGTH)
        .filter(s -> s.chars().noneMatch(Character::isISOControl));
  }

  @Property(seed = "1")
  void validIdsAndWeightsAreKeptExactly(
      @ForAll("validIds") String id, @ForAll @IntRange(min = 1) int weight) {
    Node<Object> node = Node.of(id, weight, new Object());
    assertThat(node.id()).isEqualTo(id);
    assertThat(node.weight()).isEqualTo(weight);
  }

  @Property(seed = "2")
  void equalityIsIdWeightAndPayload(
      @ForAll("validIds") String id, @ForAll @IntRange(min = 1, max = 1000) int weight) {
    Node<String> node = Node.of(id, weight, "p");
    assertThat(node)
        .isEqualTo(Node.of(id, weight, "p"))
        .hasSameHashCodeAs(Node.of(id, weight, "p"));
    assertThat(node).isNotEqualTo(node.withWeight(weight + 1));
    assertThat(node).isNotEqualTo(Node.of(id, weight, "other payload"));
  }

  @Property(seed = "3")
  void nonPositiveWeightsAreRejectedNamingNodeAndValue(@ForAll @IntRange(max = 0) int weight) {
    assertThatThrownBy(() -> Node.of("db-1", weight, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weight of node 'db-1' must be at least 1 but was " + weight);
  }

  @Test
  void badIdsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> Node.of("", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("node id must be 1 to 255 chars but had 0");
    assertThatThrownBy(() -> Node.of("a".repeat(256), "x"))
        .hasMessage("node id must be 1 to 255 chars but had 256");
    assertThatThrownBy(() -> Node.of("db\n1", "x"))
        .hasMessage("node id 'db?1' has a control character at index 2");
    assertThatThrownBy(() -> Node.of(nullString(), "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("node id must not be null");
    assertThatThrownBy(() -> Node.of("db-1", nullString()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("payload of node 'db-1' must not be null");
  }

  @Test
  void payloadPlaysNoPartInIdentityStrings() {
    Node<InetSocketAddress> node =
        Node.of("cache-1", 3, InetSocketAddress.createUnresolved("h", 1));
    assertThat(node.toString()).isEqualTo("Node[cache-1, weight=3]");
    assertThat(Node.named("s1").toString()).isEqualTo("Node[s1]");
    assertThat(Node.named("s1").payload()).isEqualTo("s1");
  }

  @Test
  void checkedCopyRejectsEmptyNullAndDuplicateIds() {
    assertThatThrownBy(() -> Nodes.checkedCopy(List.<Node<String>>of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the node set is empty: at least one node is required");
    List<Node<String>> withNull = new ArrayList<>();
    withNull.add(Node.named("a"));
    withNull.add(nullNode());
    assertThatThrownBy(() -> Nodes.checkedCopy(withNull))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("node at index 1 must not be null");
    assertThatThrownBy(
            () ->
                Nodes.checkedCopy(
                    List.of(Node.named("a"), Node.named("b"), Node.of("a", 2, "other"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate node id 'a' at index 0 and index 2: node ids must be unique");
  }

  @Property(seed = "4")
  void checkedCopyKeepsOrderAndIsImmutable(@ForAll @IntRange(min = 1, max = 50) int count) {
    List<Node<String>> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(Node.of("n" + i, i + 1, "p" + i));
    }
    List<Node<String>> copy = Nodes.checkedCopy(nodes);
    assertThat(copy).containsExactlyElementsOf(nodes);
    assertThat(Nodes.totalWeight(copy)).isEqualTo((long) count * (count + 1) / 2);
    assertThatThrownBy(() -> copy.add(Node.named("x")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @SuppressWarnings("NullAway") // feeds null to test rejection
  private static String nullString() {
    return null;
  }

  @SuppressWarnings("NullAway") // feeds null to test rejection
  private static Node<String> nullNode() {
    return null;
  }
}
