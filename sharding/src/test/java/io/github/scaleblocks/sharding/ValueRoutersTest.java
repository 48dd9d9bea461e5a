package io.github.scaleblocks.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.Node;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ValueRoutersTest {

  static List<Node<String>> nodes(int count) {
    return HashRoutersTest.nodes(count);
  }

  static int index(Node<String> node) {
    return Integer.parseInt(node.id().substring("node-".length()));
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // --- modulo ---

  @Property(seed = "11")
  void moduloIsTheFloorModOfTheValueInEveryKeyForm(
      @ForAll long key, @ForAll @IntRange(min = 1, max = 1000) int nodeCount) {
    ShardRouter<String> router = ShardRouters.modulo().build(nodes(nodeCount));
    int expected = (int) Math.floorMod(key, (long) nodeCount);
    assertThat(index(router.route(key))).isEqualTo(expected);
    assertThat(index(router.route(Long.toString(key)))).isEqualTo(expected);
    assertThat(index(router.route(utf8(Long.toString(key))))).isEqualTo(expected);
  }

  @Property(seed = "12")
  void moduloReducesDecimalKeysBeyondTheLongRangeExactly(
      @ForAll long high,
      @ForAll @LongRange(min = 0) long low,
      @ForAll @IntRange(min = 1, max = 97) int n) {
    String key = high + String.format("%019d", low);
    ShardRouter<String> router = ShardRouters.modulo().build(nodes(n));
    int expected = new BigInteger(key).mod(BigInteger.valueOf(n)).intValue();
    assertThat(index(router.route(key))).isEqualTo(expected);
  }

  @Test
  void moduloPlacesNegativeKeysByFloorMod() {
    ShardRouter<String> router = ShardRouters.modulo().build(nodes(4));
    assertThat(router.route(-1L).id()).isEqualTo("node-3");
    assertThat(router.route("-5").id()).isEqualTo("node-3");
    assertThat(router.route("+6").id()).isEqualTo("node-2");
    assertThat(router.route(Long.MIN_VALUE).id()).isEqualTo("node-0");
  }

  @Test
  void moduloRejectsTextThatIsNotADecimalInteger() {
    ShardRouter<String> router = ShardRouters.modulo().build(nodes(4));
    for (String bad : List.of("abc", "12a", " 12", "", "-", "1.5", "0x10", "١٢")) {
      assertThatThrownBy(() -> router.route(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "key '"
                  + bad
                  + "' is not a decimal integer (an optional sign and ASCII digits, nothing else)");
    }
    assertThatThrownBy(() -> router.route(new byte[] {(byte) 0xC3, (byte) 0x28}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key bytes are not valid UTF-8 text (2 bytes)");
    assertThatThrownBy(() -> router.route("x".repeat(150)))
        .hasMessage(
            "key '"
                + "x".repeat(100)
                + "...' (150 chars) is not a decimal integer (an optional sign and ASCII digits,"
                + " nothing else)");
  }

  @Test
  void valueRoutersRejectWeights() {
    assertThatThrownBy(() -> ShardRouters.modulo().build(List.of(Node.of("a", 2, "a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("modulo routes by key value and has no weights but node 'a' has weight 2");
  }

  // --- replicas, shared by every value router ---

  @Test
  void replicasAreTheFollowingPartitionsWrappingAround() {
    ShardRouter<String> router = ShardRouters.boundaryRange(10, 20, 30).build(nodes(4));
    assertThat(router.route(25L, 3))
        .extracting(Node::id)
        .containsExactly("node-2", "node-3", "node-0");
    assertThat(router.route("35", 2)).extracting(Node::id).containsExactly("node-3", "node-0");
    assertThat(router.route(utf8("5"), 4))
        .extracting(Node::id)
        .containsExactly("node-0", "node-1", "node-2", "node-3");
    assertThatThrownBy(() -> router.route(5L, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replica count must be between 1 and the node count 4 but was 5");
  }

  @Property(seed = "13")
  void replicasStartWithTheOwnerAndAreDistinct(
      @ForAll long key, @ForAll @IntRange(min = 1, max = 9) int count) {
    ShardRouter<String> router = ShardRouters.modulo().build(nodes(9));
    List<Node<String>> replicas = router.route(key, count);
    assertThat(replicas).hasSize(count).doesNotHaveDuplicates();
    assertThat(replicas.get(0)).isEqualTo(router.route(key));
  }

  // --- boundary range ---

  @Test
  void boundaryRangeOpensEachRangeAtItsBoundary() {
    ShardRouter<String> router = ShardRouters.boundaryRange(100, 200).build(nodes(3));
    assertThat(router.route(Long.MIN_VALUE).id()).isEqualTo("node-0");
    assertThat(router.route(99L).id()).isEqualTo("node-0");
    assertThat(router.route(100L).id()).isEqualTo("node-1");
    assertThat(router.route("199").id()).isEqualTo("node-1");
    assertThat(router.route(utf8("200")).id()).isEqualTo("node-2");
    assertThat(router.route(Long.MAX_VALUE).id()).isEqualTo("node-2");
  }

  @Property(seed = "14")
  void boundaryRangeOwnerIsTheNumberOfBoundariesAtOrBelowTheKey(
      @ForAll @LongRange(min = -1000, max = 1000) long key) {
    long[] boundaries = {-500, -3, 0, 1, 250, 999};
    ShardRouter<String> router = ShardRouters.boundaryRange(boundaries).build(nodes(7));
    int expected = 0;
    for (long boundary : boundaries) {
      if (boundary <= key) {
        expected++;
      }
    }
    assertThat(index(router.route(key))).isEqualTo(expected);
  }

  @Test
  void boundaryRangeRejectsBadBoundariesNamingThem() {
    assertThatThrownBy(() -> ShardRouters.boundaryRange(1, 5, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "boundaries must be strictly increasing but boundaries[2] = 3 is less than"
                + " boundaries[1] = 5");
    assertThatThrownBy(() -> ShardRouters.boundaryRange(1, 5, 5))
        .hasMessage(
            "boundaries must be strictly increasing but boundaries[1] and boundaries[2] are"
                + " both 5");
    assertThatThrownBy(() -> ShardRouters.boundaryRange())
        .hasMessage("boundaryRange needs at least one boundary (n boundaries make n+1 ranges)");
  }

  @Test
  void boundaryRangeNeedsOneNodePerRangeAlsoInWithNodes() {
    ValueRouterBuilder builder = ShardRouters.boundaryRange(100, 200);
    assertThatThrownBy(() -> builder.build(nodes(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "boundaryRange with 2 boundaries has 3 ranges and needs exactly 3 nodes, one per"
                + " range, but got 2");
    ShardRouter<String> router = builder.build(nodes(3));
    assertThatThrownBy(() -> router.withNodes(nodes(4)))
        .hasMessage(
            "boundaryRange with 2 boundaries has 3 ranges and needs exactly 3 nodes, one per"
                + " range, but got 4");
    List<Node<String>> renamed = new ArrayList<>(router.nodes());
    renamed.set(1, Node.named("replacement"));
    assertThat(router.withNodes(renamed).route(150L).id()).isEqualTo("replacement");
  }

  @Test
  void boundaryRangeCopiesItsBoundaries() {
    long[] boundaries = {100, 200};
    ValueRouterBuilder builder = ShardRouters.boundaryRange(boundaries);
    boundaries[0] = 150;
    assertThat(builder.build(nodes(3)).route(120L).id()).isEqualTo("node-1");
  }

  @Test
  void rangeRoutersRejectKeysOutsideTheLongRange() {
    ShardRouter<String> router = ShardRouters.boundaryRange(0).build(nodes(2));
    assertThatThrownBy(() -> router.route("9223372036854775808"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "key '9223372036854775808' is outside the long range [-9223372036854775808,"
                + " 9223372036854775807]");
  }

  // --- volume range ---

  @Test
  void volumeRangeHasALowerRangeVolumesAndAnUpperRange() {
    // ShardingSphere's layout for lower 10, upper 45, volume 10: ceil(35 / 10) = 4 bounded ranges
    ShardRouter<String> router = ShardRouters.volumeRange(10, 45, 10).build(nodes(6));
    assertThat(router.route(9L).id()).isEqualTo("node-0");
    assertThat(router.route(10L).id()).isEqualTo("node-1");
    assertThat(router.route(19L).id()).isEqualTo("node-1");
    assertThat(router.route(20L).id()).isEqualTo("node-2");
    assertThat(router.route("39").id()).isEqualTo("node-3");
    assertThat(router.route("40").id()).isEqualTo("node-4");
    assertThat(router.route(44L).id()).isEqualTo("node-4");
    assertThat(router.route(45L).id()).isEqualTo("node-5");
    assertThat(router.route(Long.MAX_VALUE).id()).isEqualTo("node-5");
  }

  @Property(seed = "15")
  void volumeRangeMatchesItsDefinition(
      @ForAll @LongRange(min = -100, max = 100) long lower,
      @ForAll @IntRange(min = 1, max = 50) int volume,
      @ForAll @IntRange(min = 0, max = 200) int extra,
      @ForAll @LongRange(min = -400, max = 400) long key) {
    long upper = lower + volume + extra;
    int bounded = (int) ((upper - lower + volume - 1) / volume);
    ShardRouter<String> router =
        ShardRouters.volumeRange(lower, upper, volume).build(nodes(bounded + 2));
    int expected;
    if (key < lower) {
      expected = 0;
    } else if (key >= upper) {
      expected = bounded + 1;
    } else {
      expected = -1;
      for (int i = 0; i < bounded; i++) {
        long start = lower + (long) i * volume;
        if (key >= start && key < Math.min(start + volume, upper)) {
          expected = i + 1;
        }
      }
    }
    assertThat(index(router.route(key))).isEqualTo(expected);
  }

  @Test
  void volumeRangeWorksAcrossTheWholeLongRange() {
    ShardRouter<String> router =
        ShardRouters.volumeRange(Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE).build(nodes(5));
    assertThat(router.route(Long.MIN_VALUE).id()).isEqualTo("node-1");
    assertThat(router.route(-2L).id()).isEqualTo("node-1");
    assertThat(router.route(-1L).id()).isEqualTo("node-2");
    assertThat(router.route(Long.MAX_VALUE - 1).id()).isEqualTo("node-3");
    assertThat(router.route(Long.MAX_VALUE).id()).isEqualTo("node-4");
  }

  @Test
  void volumeRangeRejectsBadConfigurationNamingIt() {
    assertThatThrownBy(() -> ShardRouters.volumeRange(0, 100, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("volume must be positive but was 0");
    assertThatThrownBy(() -> ShardRouters.volumeRange(100, 100, 10))
        .hasMessage("lower must be less than upper but lower = 100 and upper = 100");
    assertThatThrownBy(() -> ShardRouters.volumeRange(0, 5, 10))
        .hasMessage("the range [0, 5) is smaller than the volume 10");
    assertThatThrownBy(() -> ShardRouters.volumeRange(0, 1L << 40, 1))
        .hasMessage(
            "volumeRange [0, 1099511627776) by 1 makes 1099511627776 ranges; at most 1048574 are"
                + " supported (use a larger volume)");
    assertThatThrownBy(() -> ShardRouters.volumeRange(10, 45, 10).build(nodes(5)))
        .hasMessage(
            "volumeRange [10, 45) by 10 has 6 ranges (below lower, 4 of the volume, from upper on)"
                + " and needs exactly 6 nodes, one per range, but got 5");
  }

  @Test
  void nullKeysAreRejectedNamingTheKey() {
    ShardRouter<String> router = ShardRouters.modulo().build(nodes(3));
    assertThatThrownBy(() -> router.route((String) nullValue()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key must not be null");
    assertThatThrownBy(() -> router.route((byte[]) nullValue()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key must not be null");
    assertThatThrownBy(() -> router.route((String) nullValue(), 2))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key must not be null");
  }

  @SuppressWarnings({"TypeParameterUnusedInFormals", "NullAway"}) // feeds null to test rejection
  private static <T> T nullValue() {
    return null;
  }
}
