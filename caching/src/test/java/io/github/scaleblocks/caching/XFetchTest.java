package io.github.scaleblocks.caching;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.core.time.ManualTicker;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * XFetch refreshes a read at distance {@code gap} before expiry with probability {@code exp(-gap /
 * (δ·β))}, δ being the last load's duration. Each trial loads a fresh value (the loader takes δ of
 * virtual time), moves to {@code gap} before its expiry and reads once; the share of reads that
 * refreshed must match the formula within 4.5 standard deviations.
 */
class XFetchTest {

  @ParameterizedTest(name = "beta={0}, gap={1} x delta")
  @CsvSource({"1.0, 0.25", "1.0, 1.0", "1.0, 2.0", "2.0, 1.0", "0.5, 0.5", "1.0, 40.0"})
  void earlyRefreshesFollowTheXFetchProbability(double beta, double gapInDeltas) {
    ManualTicker time = ManualTicker.create();
    Duration delta = Duration.ofMillis(200);
    Duration ttl = Duration.ofMinutes(1);
    AtomicInteger loads = new AtomicInteger();
    int trials = 4_000;
    int refreshed = 0;
    try (CacheAside<String, String> cache =
        CacheAside.<String, String>builder(
                key -> {
                  time.advance(delta);
                  return key + "#" + loads.incrementAndGet();
                })
            .ticker(time)
            .executor(Runnable::run)
            .expireAfterWrite(ttl)
            .earlyRefresh(beta)
            .random(new SplittableRandom(7))
            .build()) {
      long gapNanos = (long) (gapInDeltas * delta.toNanos());
      for (int trial = 0; trial < trials; trial++) {
        cache.invalidate("k");
        cache.get("k"); // loads; written at now, expires at now + ttl
        time.advance(Duration.ofNanos(ttl.toNanos() - gapNanos));
        int before = loads.get();
        cache.get("k");
        if (loads.get() > before) {
          refreshed++;
        }
      }
    }
    double expected = Math.exp(-gapInDeltas / beta);
    double sigma = Math.sqrt(trials * expected * (1 - expected));
    assertThat((double) refreshed).isCloseTo(trials * expected, within(4.5 * sigma + 1));
  }

  private static org.assertj.core.data.Offset<Double> within(double offset) {
    return org.assertj.core.data.Offset.offset(offset);
  }
}
