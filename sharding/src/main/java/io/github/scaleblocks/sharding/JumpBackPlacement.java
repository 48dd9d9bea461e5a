package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.spi.HashPlacement;
import java.util.List;

/**
 * JumpBackHash (Otmar Ertl, 2024): a consistent hash with jump hash's guarantees (perfect balance,
 * no memory, minimal disruption when buckets are added or removed at the end) in expected constant
 * time instead of jump's ln(n) steps. The bucket is exactly that of hash4j 0.25.0's {@code
 * ConsistentHashing.jumpBackHash(PseudoRandomGeneratorProvider.splitMix64_V1())} for every 64-bit
 * hash and bucket count: the key hash seeds a SplitMix64 sequence, as hash4j's generator {@code
 * reset(hash)} does. Its buckets differ from {@link JumpPlacement}'s: switching between the two
 * moves keys.
 *
 * <p>How it works, and why it is fast: jump hash walks forward through the growing bucket counts at
 * which a key would jump. JumpBackHash instead walks back from the top: for each power-of-two block
 * {@code [2^i, 2^(i+1))} below the bucket count, one bit of the first random value says whether the
 * key's last jump falls in that block, and further bits place it uniformly inside. Only the block
 * that holds the bucket count itself may draw a position at or beyond it; then more random values
 * are drawn for that block until one lands in a valid bucket or below the block (meaning: no jump
 * in this block, go down). The expected number of random values is bounded by a constant.
 *
 * <p>When not to use it: as with jump, buckets are numbered, so only the last node can be removed
 * without moving other keys, and there are no weights (nodes of weight other than 1 are rejected).
 */
final class JumpBackPlacement implements HashPlacement {
  static final JumpBackPlacement INSTANCE = new JumpBackPlacement();

  /** SplitMix64's increment (the golden ratio in 64 bits). */
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private JumpBackPlacement() {}

  @Override
  public Table build(List<? extends Node<?>> nodes) {
    JumpPlacement.requireUnweighted("jumpBack", nodes);
    int buckets = nodes.size();
    return hash -> bucket(hash, buckets);
  }

  /** The bucket of {@code hash} among {@code buckets} (at least 1). */
  static int bucket(long hash, int buckets) {
    if (buckets <= 1) {
      return 0;
    }
    long state = hash + GOLDEN_GAMMA;
    long first = mix(state);
    // one candidate bit per power-of-two block below the highest block of buckets - 1
    int blocks =
        (int) (first ^ (first >>> 32)) & (-1 >>> Integer.numberOfLeadingZeros(buckets - 1));
    while (blocks != 0) {
      int blockStart = Integer.highestOneBit(blocks);
      // a uniform position in [blockStart, 2 * blockStart), from the half of first not used above
      int halfShift = (Integer.bitCount(blocks) & 1) << 5;
      int candidate = blockStart + ((int) (first >>> halfShift) & (blockStart - 1));
      if (candidate < buckets) {
        return candidate;
      }
      // only the top block can overshoot: redraw in [0, 2 * blockStart) until below or valid
      int mask = (blockStart << 1) - 1;
      while (true) {
        state += GOLDEN_GAMMA;
        long next = mix(state);
        candidate = (int) next & mask;
        if (candidate < blockStart) {
          break;
        }
        if (candidate < buckets) {
          return candidate;
        }
        candidate = (int) (next >>> 32) & mask;
        if (candidate < blockStart) {
          break;
        }
        if (candidate < buckets) {
          return candidate;
        }
      }
      blocks ^= blockStart;
    }
    return 0;
  }

  /** SplitMix64's output function. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public String toString() {
    return "jumpBack";
  }
}
