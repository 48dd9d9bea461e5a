package io.github.scaleblocks.loadbalancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic the built-in pickers use instead of divisions, second random draws and calls to
 * {@code Math.exp}: round robin's remainder by multiplication, power of two choices' two distinct
 * indexes from one draw, and peak EWMA's decay.
 */
class PickArithmeticTest {

  @Property(tries = 2_000, seed = "7")
  void decayBelowTwoToTheMinusSeventeenIsExpToDoublePrecision(
      @ForAll @LongRange(min = 0, max = (1L << 40) - 1) long units) {
    double x = units * 0x1p-57; // [0, 2^-17)
    assertThat(NodeCounters.decay(x)).isCloseTo(Math.exp(-x), within(2.3e-16));
  }

  @Property(tries = 2_000, seed = "7")
  void decayIsExpWithinFiveTimesTenToTheMinusFourteen(
      @ForAll @IntRange(min = 0, max = (1 << 20) - 1) int mantissa,
      @ForAll @IntRange(min = -40, max = 5) int exponent) {
    double x = Math.scalb((double) mantissa, exponent - 20); // [0, 2^exponent): 1e-12 to 32
    assertThat(NodeCounters.decay(x)).isCloseTo(Math.exp(-x), within(5e-14));
  }

  @Property(tries = 2_000, seed = "7")
  void remainderByMultiplicationIsTheUnsignedRemainder(
      @ForAll int n, @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int d) {
    assertThat(Policies.remainder(n, d, Policies.remainderMagic(d)))
        .as("%s mod %s", Integer.toUnsignedString(n), d)
        .isEqualTo(Integer.remainderUnsigned(n, d));
  }

  @Test
  void remainderIsExactAtTheEdges() {
    int[] divisors = {1, 2, 3, 7, 100, 1_000, 65_537, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};
    int[] numerators = {0, 1, 2, 99, 100, 101, Integer.MAX_VALUE, Integer.MIN_VALUE, -2, -1};
    for (int d : divisors) {
      long magic = Policies.remainderMagic(d);
      for (int n : numerators) {
        assertThat(Policies.remainder(n, d, magic))
            .as("%s mod %s", Integer.toUnsignedString(n), d)
            .isEqualTo(Integer.remainderUnsigned(n, d));
      }
    }
  }

  @Property(tries = 2_000, seed = "7")
  void twoChoicesFromOneDrawAreDistinctAndInRange(
      @ForAll long draw, @ForAll @IntRange(min = 2, max = 1 << 20) int size) {
    int first = (int) (((draw >>> 32) * size) >>> 32);
    int second = Policies.secondChoice(draw, first, size);

    assertThat(first).isBetween(0, size - 1);
    assertThat(second).isBetween(0, size - 1).isNotEqualTo(first);
  }

  @Test
  void everyOrderedPairOfTwoChoicesIsEquallyLikely() {
    int size = 7;
    int draws = 2_100_000; // 50,000 per ordered pair of distinct indexes
    long[][] counts = new long[size][size];
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < draws; i++) {
      long draw = random.nextLong();
      int first = (int) (((draw >>> 32) * size) >>> 32);
      counts[first][Policies.secondChoice(draw, first, size)]++;
    }
    double expected = draws / (double) (size * (size - 1));
    for (int a = 0; a < size; a++) {
      assertThat(counts[a][a]).isZero();
      for (int b = 0; b < size; b++) {
        if (a != b) {
          // 50,000 expected: one standard deviation is about 220, so 2 % is over 4 of them.
          assertThat((double) counts[a][b])
              .as("(%s, %s)", a, b)
              .isBetween(expected * 0.98, expected * 1.02);
        }
      }
    }
  }

  /**
   * The branch-free comparison picks as {@code x < y ? ifLess : otherwise} for every pair of
   * non-negative doubles it is given: equal ones, zeros, subnormals, neighbours one ulp apart, the
   * busy-node penalty and the largest finite values.
   */
  @Property(tries = 5_000, seed = "7")
  void lessSelectPicksAsTheComparisonDoes(
      @ForAll("costs") double x, @ForAll("costs") double y, @ForAll boolean neighbours) {
    if (neighbours) {
      y = Math.nextUp(x);
    }
    assertThat(Policies.lessSelect(x, y, 3, 7)).isEqualTo(x < y ? 3 : 7);
    assertThat(Policies.lessSelect(y, x, 3, 7)).isEqualTo(y < x ? 3 : 7);
    assertThat(Policies.lessSelect(x, x, 3, 7)).isEqualTo(7);
  }

  @Provide
  Arbitrary<Double> costs() {
    return Arbitraries.oneOf(
        Arbitraries.of(0.0, Double.MIN_VALUE, Double.MIN_NORMAL, 1.0, 1e15, 3e15, Double.MAX_VALUE),
        Arbitraries.doubles().between(0, 1e20),
        Arbitraries.longs()
            .between(0, Double.doubleToRawLongBits(Double.MAX_VALUE))
            .map(Double::longBitsToDouble));
  }
}
