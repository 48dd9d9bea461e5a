package io.github.scaleblocks.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualTickerTest {

  @Test
  void movesOnlyWhenAdvancedAndTheClockFollows() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    ManualTicker time = ManualTicker.startingAt(start);
    Clock clock = time.clock();
    assertThat(time.read()).isZero();
    assertThat(clock.instant()).isEqualTo(start);

    time.advance(Duration.ofMillis(1500)).advance(500, TimeUnit.MICROSECONDS);

    assertThat(time.read()).isEqualTo(1_500_500_000L);
    assertThat(clock.instant()).isEqualTo(start.plusNanos(1_500_500_000L));
    assertThat(clock.millis()).isEqualTo(start.toEpochMilli() + 1500);
    assertThat(clock.withZone(ZoneId.of("Europe/Paris")).instant()).isEqualTo(clock.instant());
  }

  @Test
  void refusesToGoBackwards() {
    ManualTicker time = ManualTicker.create();
    assertThatThrownBy(() -> time.advance(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "time only moves forward: duration must not be negative but was PT-0.000000001S");
    assertThatThrownBy(() -> time.advance(-5, TimeUnit.SECONDS))
        .hasMessage("amount must not be negative but was -5");
    assertThat(time.read()).isZero();
  }

  @Test
  void concurrentAdvancesAreNeverLost() throws InterruptedException {
    ManualTicker time = ManualTicker.create();
    int threads = 4;
    int perThread = 10_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      pool.execute(
          () -> {
            try {
              start.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            for (int i = 0; i < perThread; i++) {
              time.advance(1, TimeUnit.NANOSECONDS);
            }
          });
    }
    start.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(time.read()).isEqualTo((long) threads * perThread);
  }

  @Test
  void systemTickerIsMonotonic() {
    Ticker ticker = Ticker.system();
    long first = ticker.read();
    assertThat(ticker.read()).isGreaterThanOrEqualTo(first);
    assertThat(ticker).hasToString("Ticker.system()");
  }
}
