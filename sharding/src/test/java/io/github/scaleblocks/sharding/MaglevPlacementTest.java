package io.github.scaleblocks.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MaglevPlacementTest {

  static List<Node<String>> nodes(int count) {
    return RingPlacementTest.named(i -> "node-" + i, count);
  }

  static double movedFraction(ShardRouter<String> before, ShardRouter<String> after, int keys) {
    int moved = 0;
    for (int k = 0; k < keys; k++) {
      if (!before.route("key-" + k).equals(after.route("key-" + k))) {
        moved++;
      }
    }
    return moved / (double) keys;
  }

  @Test
  void tenNodesAreBalancedWithinTwoPercent() {
    for (var scheme : RingPlacementTest.SCHEMES.entrySet()) {
      double ratio =
          RingPlacementTest.maxOverMean(
              ShardRouters.maglev().build(RingPlacementTest.named(scheme.getValue(), 10)),
              1_000_000);
      System.out.printf(Locale.ROOT, "maglev %s: max/mean %.4f%n", scheme.getKey(), ratio);
      assertThat(ratio).as(scheme.getKey()).isLessThanOrEqualTo(1.02);
    }
  }

  @Test
  void everyNodeOwnsAboutMOverNSlots() {
    int m = MaglevPlacement.DEFAULT_TABLE_SIZE;
    int[] entry = MaglevPlacement.populate(nodes(10), m);
    int[] slots = new int[10];
    for (int owner : entry) {
      slots[owner]++;
    }
    for (int count : slots) {
      assertThat(count).isBetween(m / 10, m / 10 + 1);
    }
  }

  @Test
  void addingAndRemovingANodeMovesLittleMoreThanItsShare() {
    ShardRouter<String> ten = ShardRouters.maglev().build(nodes(10));
    ShardRouter<String> eleven = ten.withNodes(nodes(11));
    List<Node<String>> nine = new ArrayList<>(nodes(10));
    nine.remove(3);
    ShardRouter<String> withoutThree = ten.withNodes(nine);
    double added = movedFraction(ten, eleven, 1_000_000);
    double removed = movedFraction(ten, withoutThree, 1_000_000);
    System.out.printf(
        Locale.ROOT,
        "maglev: adding node 11 moved %.4f, removing node-3 moved %.4f%n",
        added,
        removed);
    assertThat(added).isBetween(1.0 / 11 * 0.95, 0.11);
    assertThat(removed).isBetween(0.095, 0.12);
    // Keys of the removed node all move; keys of kept nodes mostly stay.
    for (int k = 0; k < 100_000; k++) {
      if (ten.route("key-" + k).id().equals("node-3")) {
        assertThat(withoutThree.route("key-" + k).id()).isNotEqualTo("node-3");
      }
    }
  }

  @Test
  void weightsGiveProportionalSlotCounts() {
    List<Node<String>> nodes =
        List.of(Node.of("a", 1, "a"), Node.of("b", 3, "b"), Node.of("c", 6, "c"));
    int m = 65_537;
    int[] slots = new int[3];
    for (int owner : MaglevPlacement.populate(nodes, m)) {
      slots[owner]++;
    }
    assertThat(slots[0]).isBetween(m / 10 - 2, m / 10 + 2);
    assertThat(slots[1]).isBetween(3 * m / 10 - 2, 3 * m / 10 + 2);
    assertThat(slots[2]).isBetween(6 * m / 10 - 2, 6 * m / 10 + 2);
  }

  @Property(seed = "31", tries = 100)
  void tablesAreDeterministicAndComplete(@ForAll @IntRange(min = 1, max = 40) int count) {
    int[] first = MaglevPlacement.populate(nodes(count), 4099);
    int[] second = MaglevPlacement.populate(nodes(count), 4099);
    assertThat(first).isEqualTo(second);
    boolean[] seen = new boolean[count];
    for (int owner : first) {
      assertThat(owner).isBetween(0, count - 1);
      seen[owner] = true;
    }
    for (boolean s : seen) {
      assertThat(s).isTrue();
    }
  }

  @Property(seed = "32", tries = 200)
  void replicasAreDistinct(@ForAll @IntRange(min = 1, max = 8) int count, @ForAll long key) {
    ShardRouter<String> router = ShardRouters.maglev(1009).build(nodes(8));
    List<Node<String>> replicas = router.route(key, count);
    assertThat(replicas).hasSize(count).doesNotHaveDuplicates();
    assertThat(replicas.get(0)).isEqualTo(router.route(key));
  }

  @Test
  void badTableSizesAreRejectedWithTheReason() {
    assertThatThrownBy(() -> ShardRouters.maglev(65_536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Maglev table size must be prime, so that every node's preference list visits every"
                + " slot, but 65536 = 2 × 32768");
    assertThatThrownBy(() -> ShardRouters.maglev(1001)).hasMessageEndingWith("but 1001 = 7 × 143");
    assertThatThrownBy(() -> ShardRouters.maglev(97))
        .hasMessage("Maglev table size must be a prime between 101 and 16777216 but was 97");
    assertThatThrownBy(() -> ShardRouters.maglev(-3))
        .hasMessage("Maglev table size must be a prime between 101 and 16777216 but was -3");
    assertThatThrownBy(() -> ShardRouters.maglev(101).build(nodes(101)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Maglev table size 101 must exceed the node count 101 (ideally 100 × the node count)");
  }
}
