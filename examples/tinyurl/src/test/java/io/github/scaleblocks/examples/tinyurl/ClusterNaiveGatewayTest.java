package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --gateway naive}, the "before" of the design doc: plain round robin without health checks,
 * ejection or retries keeps sending a dead clone its share of requests, and they fail.
 */
class ClusterNaiveGatewayTest {
  private final ClusterClient client = new ClusterClient();

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void requestsRoutedToAKilledCloneFailWithoutHealthChecksOrRetries(@TempDir Path data)
      throws Exception {
    try (TinyUrlCluster cluster =
        ClusterClient.builder(data, 2)
            .gateway(TinyUrlCluster.GatewayMode.NAIVE)
            // keep the killed clone down while the test looks
            .restartBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30))
            .start()) {
      String code = client.create(cluster, "https://example.com/naive");
      TinyUrlCluster.CloneStatus victim = ClusterClient.status(cluster, "clone-2");
      ProcessHandle process = ProcessHandle.of(victim.pid()).orElseThrow();
      assertThat(process.destroyForcibly()).isTrue();
      process.onExit().get(10, TimeUnit.SECONDS);
      ClusterClient.await(
          Duration.ofSeconds(10),
          "the supervisor saw clone-2 exit",
          () -> ClusterClient.status(cluster, "clone-2").state().equals("restarting"),
          () -> cluster.clones().toString());

      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        statuses.add(client.get(ClusterClient.gateway(cluster, "/" + code)).statusCode());
      }
      // round robin over two clones: every other request goes to the dead one
      assertThat(statuses).containsOnly(302, 502).containsExactlyInAnyOrder(302, 302, 502, 502);

      HttpResponse<String> health = client.get(ClusterClient.gateway(cluster, "/healthz"));
      JsonNode body = client.body(health);
      assertThat(body.get("gateway").asText()).isEqualTo("naive");
      assertThat(body.get("status").asText()).isEqualTo("degraded");
      assertThat(body.get("clones").get(1).get("state").asText()).isEqualTo("restarting");
      assertThat(body.get("retries").asLong()).isZero();
    }
  }
}
