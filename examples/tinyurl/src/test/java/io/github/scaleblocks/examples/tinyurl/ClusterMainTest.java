package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterMainTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void clusterOptionsAndCloneOptionsAreAccepted() {
    assertThat(
            ClusterMain.parse(
                List.of(
                    "--cluster",
                    "3",
                    "--gateway",
                    "naive",
                    "--port",
                    "0",
                    "--bind",
                    "127.0.0.1",
                    "--data",
                    "target/x",
                    "--public-url",
                    "https://sho.rt",
                    "--allow-private-targets",
                    "--rate-limit",
                    "5",
                    "--db",
                    "jdbc:postgresql://127.0.0.1:5432/a"),
                out))
        .isNotNull();
    assertThat(TinyUrlCluster.GatewayMode.parse("peak-ewma"))
        .isEqualTo(TinyUrlCluster.GatewayMode.PEAK_EWMA);
  }

  @Test
  void helpPrintsTheClusterOptions() {
    assertThat(ClusterMain.parse(List.of("--cluster", "2", "--help"), out)).isNull();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("--cluster N")
        .contains("--gateway peak-ewma|naive");
  }

  @Test
  void badClusterOptionsAreNamed() {
    assertThatThrownBy(() -> ClusterMain.parse(List.of("--cluster", "0"), out))
        .hasMessageContaining("1 to 16")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> ClusterMain.parse(List.of("--cluster", "x"), out))
        .hasMessageContaining("'x'");
    assertThatThrownBy(() -> ClusterMain.parse(List.of("--cluster", "3", "--gateway", "fast"), out))
        .hasMessageContaining("peak-ewma or naive")
        .hasMessageContaining("fast");
    // a clone option is checked by the parent before any process starts
    assertThatThrownBy(() -> ClusterMain.parse(List.of("--cluster", "3", "--nope"), out))
        .hasMessageContaining("--nope");
    assertThatThrownBy(
            () -> ClusterMain.parse(List.of("--cluster", "3", "--redirect-status", "303"), out))
        .hasMessageContaining("303");
    assertThatThrownBy(() -> TinyUrlCluster.builder().cloneOptions(List.of("--port", "1")))
        .hasMessageContaining("--port is set for the whole cluster");
  }
}
