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
                    "redis://127.0.0.1:6379"),
                out))
        .isNotNull();
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
