package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedirectStatusTest {
  @Test
  void redirectsWith301WhenConfigured(@TempDir Path data) {
    try (TestServer http = new TestServer(data, builder -> builder.redirectStatus(301))) {
      String code = http.create("https://example.com/permanent");

      HttpResponse<String> redirect = http.get("/" + code);

      assertThat(redirect.statusCode()).isEqualTo(301);
      assertThat(redirect.headers().firstValue("Location"))
          .contains("https://example.com/permanent");
    }
  }

  @Test
  void shortUrlsUseThePublicUrl(@TempDir Path data) {
    try (TestServer http =
        new TestServer(data, builder -> builder.publicUrl(URI.create("https://sho.rt/")))) {
      HttpResponse<String> created =
          http.post("/api/urls", "{\"target\":\"https://example.com/\"}");

      String code = http.body(created).get("code").asText();
      assertThat(http.body(created).get("shortUrl").asText()).isEqualTo("https://sho.rt/" + code);
      http.assertError(
          http.post("/api/urls", "{\"target\":\"https://SHO.RT/abcdefg\"}"), 400, "invalid_target");
    }
  }

  @Test
  void theBuilderRefusesBadSettingsNamingThem() {
    TinyUrlServer.Builder builder = TinyUrlServer.builder();
    assertThatThrownBy(() -> builder.redirectStatus(307)).hasMessageContaining("307");
    assertThatThrownBy(() -> builder.port(70_000)).hasMessageContaining("70000");
    assertThatThrownBy(() -> builder.publicUrl(URI.create("https://sho.rt/x")))
        .hasMessageContaining("https://sho.rt/x");
    assertThatThrownBy(() -> builder.database("postgres://x")).hasMessageContaining("postgres://x");
    assertThatThrownBy(() -> builder.apiKeyHash("abc")).hasMessageContaining("abc");
    assertThatThrownBy(() -> builder.apiKey("short")).hasMessageContaining("16");
  }

  @Test
  void aDatabaseThatCannotBeOpenedIsNamedWithItsPasswordHidden() {
    TinyUrlServer.Builder builder =
        TinyUrlServer.builder()
            .port(0)
            .database("jdbc:h2:mem:fine")
            .database("jdbc:nosuchdriver://db:1/x?password=s3cret");

    assertThatThrownBy(builder::start)
        .hasMessageContaining("cannot open shard-1")
        .hasMessageContaining("password=***")
        .hasMessageNotContaining("s3cret");
  }
}
