package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shard that goes away: health says which, and its codes answer 503 with a JSON error. */
class DeadShardTest {

  @Test
  void aDeadShardIsReportedAndItsCodesAnswer503(@TempDir Path data) throws Exception {
    String name = "tinyurl_dead_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
    String dying = "jdbc:h2:mem:" + name;
    // keeps the in-memory database alive until SHUTDOWN; the server may only open it, not create it
    try (Connection keeper = DriverManager.getConnection(dying + ";DB_CLOSE_DELAY=-1", "sa", "");
        TestServer http =
            new TestServer(
                data,
                builder ->
                    builder
                        .database("jdbc:h2:mem:" + name + "_alive;DB_CLOSE_DELAY=-1")
                        .database(dying + ";IFEXISTS=TRUE"))) {
      String onDyingShard = null;
      String onLiveShard = null;
      while (onDyingShard == null || onLiveShard == null) {
        JsonNode created =
            http.body(http.post("/api/urls", "{\"target\":\"https://example.com/\"}"));
        if (created.get("shard").asText().equals("shard-1")) {
          onDyingShard = created.get("code").asText();
        } else {
          onLiveShard = created.get("code").asText();
        }
      }

      try (Statement statement = keeper.createStatement()) {
        statement.execute("SHUTDOWN");
      }

      HttpResponse<String> health = http.get("/healthz");
      assertThat(health.statusCode()).isEqualTo(503);
      JsonNode shards = http.body(health).get("shards");
      assertThat(shards.get(0).get("status").asText()).isEqualTo("up");
      assertThat(shards.get(1).get("status").asText()).isEqualTo("down");
      assertThat(http.body(health).get("status").asText()).isEqualTo("down");

      http.assertError(http.get("/" + onDyingShard), 503, "database_unavailable");
      assertThat(http.get("/" + onLiveShard).statusCode()).isEqualTo(302);
    }
  }
}
