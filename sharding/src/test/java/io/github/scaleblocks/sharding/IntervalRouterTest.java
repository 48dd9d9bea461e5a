package io.github.scaleblocks.sharding;

import static io.github.scaleblocks.sharding.ValueRoutersTest.index;
import static io.github.scaleblocks.sharding.ValueRoutersTest.nodes;
import static io.github.scaleblocks.sharding.ValueRoutersTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class IntervalRouterTest {
  static final LocalDateTime JAN_1 = LocalDateTime.parse("2026-01-01T00:00");
  static final LocalDateTime DEC_31_END = LocalDateTime.parse("2026-12-31T23:59:59.999");

  static IntervalRouterBuilder monthsOf2026() {
    return ShardRouters.interval(JAN_1, DEC_31_END, 1, ChronoUnit.MONTHS);
  }

  static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void oneShardPerMonthRoutesEveryKeyFormToItsMonth() {
    IntervalRouterBuilder builder = monthsOf2026();
    assertThat(builder.intervalCount()).isEqualTo(12);
    ShardRouter<String> router = builder.build(nodes(12));
    assertThat(router.route("2026-03-15T12:00:00Z").id()).isEqualTo("node-2");
    assertThat(router.route("2026-03-01").id()).isEqualTo("node-2");
    assertThat(router.route("2026-02-28T23:59:59.999").id()).isEqualTo("node-1");
    assertThat(router.route("2026-03-01T00:30:00+01:00").id()).isEqualTo("node-1");
    assertThat(router.route("2026-03-01T00:30:00+01:00[Europe/Paris]").id()).isEqualTo("node-1");
    long july = millis("2026-07-01T00:00:00Z");
    assertThat(router.route(july).id()).isEqualTo("node-6");
    assertThat(router.route(Long.toString(july)).id()).isEqualTo("node-6");
    assertThat(router.route(utf8("2026-07-01T00:00Z")).id()).isEqualTo("node-6");
    assertThat(router.route(july - 1).id()).isEqualTo("node-5");
    assertThat(router.route(millis("2026-01-01T00:00:00Z")).id()).isEqualTo("node-0");
    assertThat(router.route("2026-12-31T23:59:59.999Z").id()).isEqualTo("node-11");
    assertThat(router.route("2026-05-10T08:00:00Z", 3))
        .extracting(n -> n.id())
        .containsExactly("node-4", "node-5", "node-6");
    assertThat(router.route("2026-12-10", 2))
        .extracting(n -> n.id())
        .containsExactly("node-11", "node-0");
  }

  @Property(seed = "21")
  void everyInstantOf2026GoesToItsCalendarMonth(
      @ForAll @LongRange(min = 1767225600000L, max = 1798761599999L) long key) {
    ShardRouter<String> router = monthsOf2026().build(nodes(12));
    int month = Instant.ofEpochMilli(key).atZone(ZoneOffset.UTC).getMonthValue();
    assertThat(index(router.route(key))).isEqualTo(month - 1);
    assertThat(index(router.route(Instant.ofEpochMilli(key).toString()))).isEqualTo(month - 1);
  }

  @Test
  void keysOutsideTheBoundsAreRejectedNamingKeyAndBounds() {
    ShardRouter<String> router = monthsOf2026().build(nodes(12));
    String range =
        " is outside the range [2026-01-01T00:00:00Z, 2026-12-31T23:59:59.999Z] of"
            + " interval[2026-01-01T00:00, 2026-12-31T23:59:59.999] every 1 Months in Z";
    assertThatThrownBy(() -> router.route("2027-01-01T00:00:00Z"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key '2027-01-01T00:00:00Z' = 2027-01-01T00:00:00Z" + range);
    long beforeLower = millis("2026-01-01T00:00:00Z") - 1;
    assertThatThrownBy(() -> router.route(beforeLower))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key " + beforeLower + " = 2025-12-31T23:59:59.999Z" + range);
    assertThatThrownBy(() -> router.route("2026-01-01T00:59:59+01:00", 2))
        .hasMessage("key '2026-01-01T00:59:59+01:00' = 2025-12-31T23:59:59Z" + range);
  }

  @Test
  void textThatIsNoInstantIsRejectedNamingTheFormats() {
    ShardRouter<String> router = monthsOf2026().build(nodes(12));
    assertThatThrownBy(() -> router.route("March 2026"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "key 'March 2026' is neither epoch milliseconds (decimal digits) nor an ISO-8601"
                + " date-time (2026-03-01T10:15:30, optionally with an offset such as Z or +01:00"
                + " and then a [region]) nor an ISO-8601 date (2026-03-01)");
    assertThatThrownBy(() -> router.route("+999999999-12-31T23:59:59Z"))
        .hasMessage(
            "key '+999999999-12-31T23:59:59Z' is not an instant in the epoch millisecond range");
  }

  @Test
  void theZoneGovernsBoundsCalendarAndKeysWithoutOffset() {
    ShardRouter<String> router = monthsOf2026().zone(ZoneId.of("Europe/Paris")).build(nodes(12));
    assertThat(router.route("2026-03-01T00:30").id()).isEqualTo("node-2");
    assertThat(router.route("2026-02-28T23:30:00Z").id()).isEqualTo("node-2");
    assertThat(router.route("2026-02-28T22:59:59.999Z").id()).isEqualTo("node-1");
    assertThat(router.route("2025-12-31T23:30:00Z").id()).isEqualTo("node-0");
    assertThatThrownBy(() -> router.route("2025-12-31T22:30:00Z"))
        .hasMessageStartingWith(
            "key '2025-12-31T22:30:00Z' = 2025-12-31T22:30:00Z is outside the"
                + " range [2025-12-31T23:00:00Z, 2026-12-31T22:59:59.999Z]");
  }

  @Test
  void hourlyIntervalsAreRealHoursAcrossADaylightSavingGap() {
    // Paris skips 02:00-03:00 local on 2026-03-29: 00:00 to 05:59:59.999 local is five real hours
    IntervalRouterBuilder builder =
        ShardRouters.interval(
                LocalDateTime.parse("2026-03-29T00:00"),
                LocalDateTime.parse("2026-03-29T05:59:59.999"),
                1,
                ChronoUnit.HOURS)
            .zone(ZoneId.of("Europe/Paris"));
    assertThat(builder.intervalCount()).isEqualTo(5);
    ShardRouter<String> router = builder.build(nodes(5));
    assertThat(router.route("2026-03-29T01:30:00Z").id()).isEqualTo("node-2");
    assertThat(router.route("2026-03-29T03:30").id()).isEqualTo("node-2");
    assertThat(router.route("2026-03-29T05:59:59.999").id()).isEqualTo("node-4");
  }

  @Test
  void partialLastIntervalAndMultiUnitSteps() {
    IntervalRouterBuilder builder =
        ShardRouters.interval(
            LocalDateTime.parse("2026-01-01T00:00"),
            LocalDateTime.parse("2026-01-10T12:00"),
            3,
            ChronoUnit.DAYS);
    assertThat(builder.intervalCount()).isEqualTo(4); // starts on the 1st, 4th, 7th and 10th
    ShardRouter<String> router = builder.build(nodes(4));
    assertThat(router.route("2026-01-06T23:59:59.999Z").id()).isEqualTo("node-1");
    assertThat(router.route("2026-01-10T12:00Z").id()).isEqualTo("node-3");
    assertThatThrownBy(() -> router.route("2026-01-10T12:00:00.001Z"))
        .hasMessageStartingWith(
            "key '2026-01-10T12:00:00.001Z' = 2026-01-10T12:00:00.001Z is" + " outside the range");
  }

  @Test
  void badConfigurationIsRejectedNamingIt() {
    assertThatThrownBy(() -> ShardRouters.interval(JAN_1, DEC_31_END, 0, ChronoUnit.MONTHS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interval amount must be positive but was 0");
    assertThatThrownBy(() -> ShardRouters.interval(JAN_1, DEC_31_END, 1, ChronoUnit.MICROS))
        .hasMessage("interval unit must be MILLIS up to MILLENNIA but was Micros");
    assertThatThrownBy(() -> ShardRouters.interval(JAN_1, DEC_31_END, 1, ChronoUnit.FOREVER))
        .hasMessage("interval unit must be MILLIS up to MILLENNIA but was Forever");
    assertThatThrownBy(() -> ShardRouters.interval(DEC_31_END, JAN_1, 1, ChronoUnit.MONTHS))
        .hasMessage(
            "lower 2026-12-31T23:59:59.999 must be before upper 2026-01-01T00:00 for an interval"
                + " router");
    assertThatThrownBy(
            () ->
                ShardRouters.interval(
                    JAN_1, LocalDateTime.parse("2026-02-01T00:00:00.0000001"), 1, ChronoUnit.DAYS))
        .hasMessage(
            "interval bounds are whole milliseconds but 2026-02-01T00:00:00.000000100 has a finer"
                + " fraction");
    assertThatThrownBy(() -> monthsOf2026().build(nodes(11)))
        .hasMessage(
            "interval[2026-01-01T00:00, 2026-12-31T23:59:59.999] every 1 Months in Z has 12"
                + " intervals and needs exactly 12 nodes, one per interval, but got 11");
    assertThatThrownBy(() -> monthsOf2026().build(nodes(12)).withNodes(nodes(13)))
        .hasMessageEndingWith("needs exactly 12 nodes, one per interval, but got 13");
    assertThatThrownBy(() -> monthsOf2026().zone(ZoneOffset.UTC).zone(ZoneOffset.UTC))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("zone was already set to Z");
    assertThatThrownBy(
            () ->
                ShardRouters.interval(
                        JAN_1, LocalDateTime.parse("2030-01-01T00:00"), 1, ChronoUnit.MINUTES)
                    .intervalCount())
        .hasMessage(
            "interval[2026-01-01T00:00, 2030-01-01T00:00] every 1 Minutes in Z has more than 1048576"
                + " intervals; use a longer interval");
  }

  @Test
  void monthlyIntervalsFromThe31stStartEachMonthOnItsLastPossibleDay() {
    ShardRouter<String> router =
        ShardRouters.interval(
                LocalDateTime.parse("2026-01-31T00:00"),
                LocalDateTime.parse("2026-05-30T23:59:59.999"),
                1,
                ChronoUnit.MONTHS)
            .build(nodes(4)); // starts Jan 31, Feb 28, Mar 31, Apr 30
    assertThat(router.route("2026-02-27T23:59:59.999Z").id()).isEqualTo("node-0");
    assertThat(router.route("2026-02-28").id()).isEqualTo("node-1");
    assertThat(router.route("2026-03-30").id()).isEqualTo("node-1");
    assertThat(router.route("2026-03-31").id()).isEqualTo("node-2");
    assertThat(router.route("2026-04-30").id()).isEqualTo("node-3");
  }
}
