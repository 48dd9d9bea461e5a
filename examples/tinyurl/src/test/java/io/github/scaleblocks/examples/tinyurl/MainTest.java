package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void helpPrintsTheUsage() {
    assertThat(Main.parse(List.of("--help"), out)).isNull();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("--port")
        .contains("--db JDBC_URL")
        .contains("--redirect-status 301|302")
        .contains("--allow-private-targets");
  }

  @Test
  void everyOptionIsAccepted() {
    assertThat(
            Main.parse(
                List.of(
                    "--port",
                    "0",
                    "--bind",
                    "127.0.0.1",
                    "--data",
                    "target/x",
                    "--db",
                    "jdbc:h2:mem:a",
                    "--db",
                    "jdbc:h2:mem:b",
                    "--redirect-status",
                    "301",
                    "--public-url",
                    "https://sho.rt",
                    "--allow-private-targets",
                    "--api-key-sha256",
                    "a".repeat(64),
                    "--rate-limit",
                    "5",
                    "--rate-burst",
                    "10",
                    "--redis",
                    "redis://127.0.0.1:6379",
                    "--clicks",
                    "queued",
                    "--click-queue",
                    "durable",
                    "--report-interval",
                    "0"),
                out))
        .isNotNull();
  }

  @Test
  void clickOptionsAreCheckedAndNamed() {
    assertThat(Main.parse(List.of("--clicks", "sync"), out)).isNotNull();
    assertThat(Main.parse(List.of("--clicks", "off"), out)).isNotNull();
    assertThatThrownBy(() -> Main.parse(List.of("--clicks", "later"), out))
        .hasMessageContaining("--clicks must be one of queued, sync, off but was 'later'");
    assertThatThrownBy(() -> Main.parse(List.of("--click-queue", "disk"), out))
        .hasMessageContaining("--click-queue must be one of memory, durable");
    assertThatThrownBy(
            () -> Main.parse(List.of("--clicks", "sync", "--click-queue", "durable"), out))
        .hasMessageContaining("--click-queue durable needs --clicks queued");
    assertThatThrownBy(() -> Main.parse(List.of("--report-interval", "-1"), out))
        .hasMessageContaining("--report-interval needs 0 or more minutes");
  }

  @Test
  void badOptionsAreNamed() {
    assertThatThrownBy(() -> Main.parse(List.of("--nope"), out)).hasMessageContaining("--nope");
    assertThatThrownBy(() -> Main.parse(List.of("--port"), out))
        .hasMessageContaining("--port needs a value");
    assertThatThrownBy(() -> Main.parse(List.of("--port", "x"), out)).hasMessageContaining("'x'");
    assertThatThrownBy(() -> Main.parse(List.of("--redirect-status", "303"), out))
        .hasMessageContaining("303");
    assertThatThrownBy(() -> Main.parse(List.of("--redis", "http://127.0.0.1:6379"), out))
        .hasMessageContaining("redis://host:port")
        .hasMessageContaining("http://127.0.0.1:6379");
    assertThatThrownBy(() -> Main.parse(List.of("--rate-limit", "0"), out))
        .hasMessageContaining("rate limit");
  }
}
