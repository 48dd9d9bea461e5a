package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers over the same databases sharing a Redis cache tier: a delete on one evicts the code
 * from the other's in-process cache through the tier's pub/sub invalidation (the in-process TTL is
 * a day of virtual time that never passes, so nothing else could evict it). Needs Redis at
 * 127.0.0.1:6379: skipped when it is unreachable, failed under {@code CI=true}. Keys carry a prefix
 * unique to this run.
 */
class SharedRedisTierTest {
  private static final String SERVER = "Redis at 127.0.0.1:6379";

  @BeforeEach
  void requireRedis() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 6379), 2_000);
    } catch (IOException e) {
      if ("true".equals(System.getenv("CI"))) {
        fail(SERVER + " is unreachable and CI=true requires it: " + e.getMessage(), e);
      }
      Assumptions.abort(SERVER + " is unreachable; skipping: " + e.getMessage());
    }
  }

  @Test
  void aDeleteOnOneCloneEvictsTheCodeOnTheOther(@TempDir Path data) throws Exception {
    String prefix = "tinyurl-test:" + ProcessHandle.current().pid() + ":" + System.nanoTime() + ":";
    UnaryOperator<TinyUrlServer.Builder> shared =
        builder ->
            builder
                .redis(URI.create("redis://127.0.0.1:6379"))
                .redisKeyPrefix(prefix)
                .cacheTtl(Duration.ofDays(1))
                .visitFlushInterval(Duration.ofHours(1));
    try (TestServer a = new TestServer(data, shared);
        TestServer b = new TestServer(data, shared)) {
      String code = a.create("https://example.com/shared");
      assertThat(b.get("/" + code).statusCode()).isEqualTo(302); // B loads it (and fills Redis)
      long bStatements = b.server.databaseStatements();
      assertThat(b.get("/" + code).statusCode()).isEqualTo(302);
      assertThat(b.server.databaseStatements())
          .as("B serves it from its cache")
          .isEqualTo(bStatements);
      long aStatements = a.server.databaseStatements();
      assertThat(a.get("/" + code).statusCode()).isEqualTo(302);
      assertThat(a.server.databaseStatements()).as("A finds it in Redis").isEqualTo(aStatements);

      assertThat(a.delete("/api/urls/" + code, TestServer.ALICE).statusCode()).isEqualTo(204);

      // the invalidation travels over pub/sub: wait for it with a deadline, not a fixed sleep
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      int status = b.get("/" + code).statusCode();
      while (status == 302 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
        status = b.get("/" + code).statusCode();
      }
      assertThat(status).as("B after A's delete").isEqualTo(404);
    }
  }
}
