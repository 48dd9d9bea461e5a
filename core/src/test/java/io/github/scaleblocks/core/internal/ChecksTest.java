package io.github.scaleblocks.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChecksTest {

  @Test
  @SuppressWarnings("NullAway") // null on purpose
  void durationsNameTheSettingAndTheBadValue() {
    assertThat(Checks.positive(Duration.ofMillis(1), "ttl")).isEqualTo(Duration.ofMillis(1));
    assertThatThrownBy(() -> Checks.positive(Duration.ZERO, "ttl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be positive but was PT0S");
    assertThatThrownBy(() -> Checks.positive(Duration.ofSeconds(-1), "ttl"))
        .hasMessage("ttl must be positive but was PT-1S");
    assertThatThrownBy(() -> Checks.positive(null, "ttl"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ttl must not be null");

    assertThat(Checks.notNegative(Duration.ZERO, "delay")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> Checks.notNegative(Duration.ofNanos(-1), "delay"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delay must not be negative but was PT-0.000000001S");
    assertThatThrownBy(() -> Checks.notNegative(null, "delay"))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aSettingMaySetOnlyOnce() {
    Checks.setOnce(true, "ticker", null);
    assertThatThrownBy(() -> Checks.setOnce(false, "maximumSize", 100))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maximumSize was already set to 100");
  }

  @Test
  void numbersNameTheArgumentAndTheBadValue() {
    assertThatThrownBy(() -> Checks.positive(0, "weight"))
        .hasMessage("weight must be positive but was 0");
    assertThatThrownBy(() -> Checks.notNegative(-2L, "offset"))
        .hasMessage("offset must not be negative but was -2");
    assertThatThrownBy(() -> Checks.positiveFinite(Double.NaN, "beta"))
        .hasMessage("beta must be positive and finite but was NaN");
  }
}
