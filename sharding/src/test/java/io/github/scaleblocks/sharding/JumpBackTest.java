package io.github.scaleblocks.sharding;

import static io.github.scaleblocks.sharding.HashRoutersTest.nodes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dynatrace.hash4j.consistent.ConsistentBucketHasher;
import com.dynatrace.hash4j.consistent.ConsistentHashing;
import com.dynatrace.hash4j.random.PseudoRandomGeneratorProvider;
import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.hash.KeyHashers;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class JumpBackTest {
  // hash4j's hasher keeps a generator as state, so each thread needs its own; jqwik runs serially
  private final ConsistentBucketHasher hash4j =
      ConsistentHashing.jumpBackHash(PseudoRandomGeneratorProvider.splitMix64_V1());

  @Property(seed = "31", tries = 20_000)
  void matchesHash4jForEveryHashAndBucketCount(
      @ForAll long hash, @ForAll @IntRange(min = 1, max = 100_000) int buckets) {
    assertThat(JumpBackPlacement.bucket(hash, buckets)).isEqualTo(hash4j.getBucket(hash, buckets));
  }

  @Test
  void matchesHash4jOnEveryBucketCountUpToTwoThousandAndAroundPowersOfTwo() {
    SplittableRandom random = new SplittableRandom(32);
    for (int buckets = 1; buckets <= 2000; buckets++) {
      for (int i = 0; i < 50; i++) {
        long hash = random.nextLong();
        assertThat(JumpBackPlacement.bucket(hash, buckets))
            .as("hash %d, %d buckets", hash, buckets)
            .isEqualTo(hash4j.getBucket(hash, buckets));
      }
    }
    for (int bit = 1; bit < 31; bit++) {
      for (int buckets : new int[] {(1 << bit) - 1, 1 << bit, (1 << bit) + 1}) {
        for (long hash : new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, random.nextLong()}) {
          assertThat(JumpBackPlacement.bucket(hash, buckets))
              .as("hash %d, %d buckets", hash, buckets)
              .isEqualTo(hash4j.getBucket(hash, buckets));
        }
      }
    }
    assertThat(JumpBackPlacement.bucket(7, Integer.MAX_VALUE))
        .isEqualTo(hash4j.getBucket(7, Integer.MAX_VALUE));
  }

  @Property(seed = "33")
  void addingABucketMovesKeysOnlyToTheNewBucket(
      @ForAll long hash, @ForAll @IntRange(min = 1, max = 100_000) int buckets) {
    int before = JumpBackPlacement.bucket(hash, buckets);
    int after = JumpBackPlacement.bucket(hash, buckets + 1);
    assertThat(after == before || after == buckets).isTrue();
  }

  @Test
  void routesByTheXxh3OfTheKeyAndBalances() {
    ShardRouter<String> router = ShardRouters.jumpBack().build(nodes(10));
    long hash = KeyHashers.xxh3().hash("user:42");
    assertThat(router.route("user:42").id()).isEqualTo("node-" + hash4j.getBucket(hash, 10));
    Map<String, Integer> counts = HashRoutersTest.count(router, 200_000);
    assertThat(counts).hasSize(10);
    assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween(19_000, 21_000));
    List<Node<String>> replicas = router.route("user:42", 3);
    assertThat(replicas).hasSize(3).doesNotHaveDuplicates();
    assertThat(replicas.get(0)).isEqualTo(router.route("user:42"));
  }

  @Test
  void rejectsWeights() {
    assertThatThrownBy(() -> ShardRouters.jumpBack().build(List.of(Node.of("a", 3, "a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "jumpBack hash has no weights but node 'a' has weight 3; use rendezvous, the ring or"
                + " Maglev for weighted nodes");
  }
}
