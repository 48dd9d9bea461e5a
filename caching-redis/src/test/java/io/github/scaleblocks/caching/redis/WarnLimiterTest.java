package io.github.scaleblocks.caching.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.core.time.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A Redis outage logs one WARN per interval, not one per failed call. */
class WarnLimiterTest {

  @Test
  void oneWarningPassesPerIntervalAndTheHeldBackOnesAreCounted() {
    ManualTicker time = ManualTicker.create();
    WarnLimiter limiter = new WarnLimiter(time, Duration.ofSeconds(30).toNanos());
    assertThat(limiter.tryPass()).isZero(); // the first failure is logged
    for (int i = 0; i < 1_000; i++) {
      assertThat(limiter.tryPass()).isEqualTo(-1);
    }
    time.advance(Duration.ofSeconds(29));
    assertThat(limiter.tryPass()).isEqualTo(-1);
    time.advance(Duration.ofSeconds(1));
    assertThat(limiter.tryPass()).isEqualTo(1_001); // logged, with the count held back
    assertThat(limiter.tryPass()).isEqualTo(-1);
  }
}
