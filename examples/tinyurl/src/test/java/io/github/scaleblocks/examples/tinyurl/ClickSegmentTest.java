package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The binary form of a click log segment: round trips, its size, and corrupt bodies refused. */
class ClickSegmentTest {
  private static final LocalDate DAY = LocalDate.parse("2026-03-01");
  private static final long START = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  private static final List<String> AGENTS =
      List.of("browser", "mobile", "bot", "tool", "other", "unknown");

  /** {@code n} seeded clicks of {@link #DAY} over {@code codes} codes, a quarter direct. */
  private static List<Click> clicks(long seed, int n, int codes) {
    Random random = new Random(seed);
    List<Click> clicks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long at = START + (long) (random.nextDouble() * 86_400_000L);
      String host = random.nextInt(4) == 0 ? null : "host" + random.nextInt(20) + ".example.org";
      clicks.add(
          new Click(
              "code" + random.nextInt(codes),
              at,
              Click.dayOf(at),
              host,
              AGENTS.get(random.nextInt(AGENTS.size()))));
    }
    return clicks;
  }

  private static List<Click> decode(byte[] body, int count) {
    return ClickSegment.decode(body, "shard-2", "seg-7", DAY, count);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 17, 1_000, 10_000})
  void clicksRoundTripInOrder(int n) {
    List<Click> clicks = clicks(n, n, 1 + n / 2);

    assertThat(decode(ClickSegment.encode(clicks), n)).isEqualTo(clicks);
  }

  @Test
  void namesThatAreNotAsciiRoundTrip() {
    long at = START + 5;
    List<Click> clicks =
        List.of(
            new Click("caf\u00e9-\u6f22\u5b57", at, DAY, "[2001:db8::1]", "browser"),
            new Click("x".repeat(64), at + 86_399_000L - 5, DAY, null, "tool"));

    assertThat(decode(ClickSegment.encode(clicks), 2)).isEqualTo(clicks);
  }

  @Test
  void aClickOfABatchOfManyCodesTakesAFewBytes() {
    // 1,000 clicks over 10,000 codes: almost every code is new to the segment
    byte[] spread = ClickSegment.encode(clicks(1, 1_000, 10_000));
    // 1,000 clicks of one code
    byte[] hot = ClickSegment.encode(clicks(1, 1_000, 1));

    assertThat(spread.length).isLessThan(1_000 * 20);
    assertThat(hot.length).isLessThan(1_000 * 10);
  }

  @Test
  void aSegmentHoldsOneDayAndAtLeastOneClick() {
    long at = START + 1_000;
    List<Click> twoDays =
        List.of(
            new Click("a", at, DAY, null, "tool"),
            new Click("a", at + 86_400_000L, DAY.plusDays(1), null, "tool"));

    assertThatThrownBy(() -> ClickSegment.encode(twoDays))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-03-01")
        .hasMessageContaining("2026-03-02");
    assertThatThrownBy(() -> ClickSegment.encode(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one click");
  }

  @Test
  void everyFlippedByteIsCaughtAndNamesTheShardAndSegment() {
    byte[] body = ClickSegment.encode(clicks(3, 50, 10));
    for (int i = 0; i < body.length; i++) {
      byte[] corrupt = body.clone();
      corrupt[i] ^= 0x10;
      assertThatThrownBy(() -> decode(corrupt, 50))
          .as("byte %d", i)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("click segment seg-7 in shard-2 is corrupt: ");
    }
  }

  @Test
  void aTruncatedBodyIsCorrupt() {
    byte[] body = ClickSegment.encode(clicks(4, 50, 10));

    assertThatThrownBy(() -> decode(Arrays.copyOf(body, body.length - 1), 50))
        .hasMessageContaining("checksum");
    assertThatThrownBy(() -> decode(new byte[3], 50)).hasMessageContaining("only 3 bytes");
  }

  @Test
  void aCountOrDayOtherThanTheRowsIsCorrupt() {
    byte[] body = ClickSegment.encode(clicks(5, 50, 10));

    assertThatThrownBy(() -> decode(body, 49))
        .hasMessage(
            "click segment seg-7 in shard-2 is corrupt: it holds 50 clicks but its row says 49");
    assertThatThrownBy(() -> ClickSegment.decode(body, "shard-2", "seg-7", DAY.plusDays(1), 50))
        .hasMessageContaining("is of 2026-03-01, not of its row's day 2026-03-02");
  }

  /** A body with a valid checksum but a bad structure: what a writer bug would store. */
  private static byte[] withChecksum(byte[] content) {
    CRC32 crc = new CRC32();
    crc.update(content);
    int value = (int) crc.getValue();
    byte[] body = Arrays.copyOf(content, content.length + 4);
    for (int i = 0; i < 4; i++) {
      body[content.length + i] = (byte) (value >>> (24 - 8 * i));
    }
    return body;
  }

  @Test
  void aWellSummedBodyWithABadStructureIsCorrupt() {
    assertThatThrownBy(() -> decode(withChecksum(new byte[] {2}), 1))
        .hasMessageContaining("version 2, this build reads 1");
    // one string "a", one click whose code index (5) is past the string table
    byte[] badIndex = {1, 1, 1, 'a', 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0};
    assertThatThrownBy(() -> decode(withChecksum(badIndex), 1))
        .hasMessageContaining("index 5")
        .hasMessageContaining("not below 1");
    // a string longer than the body
    assertThatThrownBy(() -> decode(withChecksum(new byte[] {1, 1, 100, 'a'}), 1))
        .hasMessageContaining("exceeds the bytes left");
    // a valid segment with a byte too many before the checksum
    byte[] body = ClickSegment.encode(clicks(6, 3, 2));
    byte[] longer = Arrays.copyOf(body, body.length - 3);
    longer[longer.length - 1] = 0;
    assertThatThrownBy(() -> decode(withChecksum(longer), 3))
        .hasMessageContaining("1 bytes are left after the last click");
  }
}
