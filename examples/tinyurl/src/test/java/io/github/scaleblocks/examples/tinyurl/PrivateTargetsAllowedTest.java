package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateTargetsAllowedTest {
  @Test
  void theFlagAllowsPrivateTargetsButNeverTheServiceItself(@TempDir Path data) {
    try (TestServer http = new TestServer(data, builder -> builder.allowPrivateTargets(true))) {
      String code = http.create("http://localhost:3000/dev");
      assertThat(http.get("/" + code).headers().firstValue("Location"))
          .contains("http://localhost:3000/dev");
      assertThat(http.post("/api/urls", "{\"target\":\"http://10.1.2.3/\"}").statusCode())
          .isEqualTo(201);

      http.assertError(
          http.post("/api/urls", "{\"target\":\"http://127.0.0.1:" + http.server.port() + "/x\"}"),
          400,
          "invalid_target");
    }
  }
}
