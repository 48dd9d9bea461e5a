package io.github.scaleblocks.caching.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Codecs and builder validation; no server needed. */
class CodecsAndBuilderTest {

  @Test
  void builtInCodecsRoundTrip() {
    assertThat(ValueCodec.utf8().decode(ValueCodec.utf8().encode("grüße ✓"))).isEqualTo("grüße ✓");
    byte[] raw = {0, -1, 42};
    assertThat(ValueCodec.bytes().decode(ValueCodec.bytes().encode(raw))).isEqualTo(raw);
    KeyCodec<Long> longs = KeyCodec.of(String::valueOf, Long::valueOf);
    assertThat(longs.decode(longs.encode(-7L))).isEqualTo(-7L);
    assertThat(KeyCodec.strings().encode("a|b")).isEqualTo("a|b");
  }

  @Test
  @SuppressWarnings("NullAway") // a deliberate null
  void textCodecStoresTheTextFormAsUtf8() {
    ValueCodec<Duration> durations = ValueCodec.text(Duration::toString, Duration::parse);
    assertThat(new String(durations.encode(Duration.ofSeconds(90)), UTF_8)).isEqualTo("PT1M30S");
    assertThat(durations.decode("PT2H".getBytes(UTF_8))).isEqualTo(Duration.ofHours(2));
    assertThatThrownBy(() -> ValueCodec.text(null, Duration::parse))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("toText");
  }

  @Test
  void builderRejectsBadValues() {
    var builder = RedisSecondLevel.builder(KeyCodec.strings(), ValueCodec.utf8());
    assertThatThrownBy(() -> builder.ttl(Duration.ZERO))
        .hasMessage("ttl must be positive but was PT0S");
    assertThatThrownBy(() -> builder.keyPrefix("")).hasMessage("keyPrefix must not be empty");
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no Redis configured");
    builder.redis(RedisURI.create("redis://127.0.0.1:1"));
    assertThatThrownBy(() -> builder.redis(RedisURI.create("redis://127.0.0.1:2")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redis/shards was already set");
  }

  @Test
  void anUnreachableServerAtBuildIsAClearError() {
    assertThatThrownBy(
            () ->
                RedisSecondLevel.builder(KeyCodec.strings(), ValueCodec.utf8())
                    .redis(RedisURI.create("redis://127.0.0.1:1"))
                    .build())
        .isInstanceOf(SecondLevelException.class)
        .hasMessageContaining("cannot connect to Redis");
  }
}
