package io.github.scaleblocks.examples.tinyurl.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadTestOptionsTest {
  private static LoadTestOptions parse(List<String> args) {
    return java.util.Objects.requireNonNull(LoadTestOptions.parse(args));
  }

  @Test
  void defaultsAreAClosedLoopOfRedirectsOverTenThousandCodes() {
    LoadTestOptions options = parse(List.of("--url", "http://127.0.0.1:8080/", "--key", "k"));
    assertThat(options).isNotNull();
    assertThat(options.url()).hasToString("http://127.0.0.1:8080");
    assertThat(options.hostHeader()).isEqualTo("127.0.0.1:8080");
    assertThat(options.port()).isEqualTo(8080);
    assertThat(options.mode()).isEqualTo(LoadTestOptions.Mode.REDIRECTS);
    assertThat(options.connections()).isEqualTo(32);
    assertThat(options.threads()).isPositive();
    assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.warmup()).isZero();
    assertThat(options.openLoop()).isFalse();
    assertThat(options.codes()).isEqualTo(10_000);
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void everyOptionIsRead() {
    LoadTestOptions options =
        parse(
            List.of(
                "--url",
                "http://gateway.local",
                "--key",
                "secret-key",
                "--mode",
                "mixed",
                "--connections",
                "64",
                "--threads",
                "2",
                "--duration",
                "2m",
                "--warmup",
                "500ms",
                "--rate",
                "20000",
                "--codes",
                "500",
                "--save-codes",
                "codes.txt",
                "--create-percent",
                "25",
                "--target",
                "https://example.org/x/",
                "--timeout",
                "3",
                "--progress"));
    assertThat(options).isNotNull();
    assertThat(options.port()).isEqualTo(80);
    assertThat(options.hostHeader()).isEqualTo("gateway.local");
    assertThat(options.apiKey()).isEqualTo("secret-key");
    assertThat(options.mode()).isEqualTo(LoadTestOptions.Mode.MIXED);
    assertThat(options.connections()).isEqualTo(64);
    assertThat(options.threads()).isEqualTo(2);
    assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(options.warmup()).isEqualTo(Duration.ofMillis(500));
    assertThat(options.rate()).isEqualTo(20_000);
    assertThat(options.openLoop()).isTrue();
    assertThat(options.codes()).isEqualTo(500);
    assertThat(options.saveCodes()).isEqualTo(Path.of("codes.txt"));
    assertThat(options.createPercent()).isEqualTo(25);
    assertThat(options.target()).isEqualTo("https://example.org/x/");
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(options.progress()).isTrue();
  }

  @Test
  void redirectsOfLoadedCodesNeedNoKey() {
    LoadTestOptions options =
        parse(List.of("--url", "http://127.0.0.1:8080", "--load-codes", "codes.txt"));
    assertThat(options).isNotNull();
    assertThat(options.apiKey()).isNull();
    assertThat(options.loadCodes()).isEqualTo(Path.of("codes.txt"));
  }

  @Test
  void helpIsNull() {
    assertThat(LoadTestOptions.parse(List.of("--help"))).isNull();
    assertThat(LoadTestOptions.USAGE).contains("--rate N").contains("--mode MODE");
  }

  @Test
  void badArgumentsAreNamed() {
    String url = "http://127.0.0.1:8080";
    assertThatThrownBy(() -> LoadTestOptions.parse(List.of("--key", "k")))
        .hasMessageContaining("--url is required");
    assertThatThrownBy(() -> LoadTestOptions.parse(List.of("--url", "https://x:1", "--key", "k")))
        .hasMessageContaining("https is not supported");
    assertThatThrownBy(
            () -> LoadTestOptions.parse(List.of("--url", "http://x:1/api", "--key", "k")))
        .hasMessageContaining("no path");
    assertThatThrownBy(() -> LoadTestOptions.parse(List.of("--url", url)))
        .hasMessageContaining("--key is required")
        .hasMessageContaining("--load-codes");
    assertThatThrownBy(
            () ->
                LoadTestOptions.parse(
                    List.of("--url", url, "--mode", "creates", "--load-codes", "c.txt")))
        .hasMessageContaining("--key is required");
    assertThatThrownBy(
            () -> LoadTestOptions.parse(List.of("--url", url, "--key", "k", "--mode", "reads")))
        .hasMessageContaining("redirects, creates, mixed or codes")
        .hasMessageContaining("'reads'");
    assertThatThrownBy(
            () -> LoadTestOptions.parse(List.of("--url", url, "--key", "k", "--connections", "0")))
        .hasMessageContaining("--connections must be at least 1 but was 0");
    assertThatThrownBy(
            () -> LoadTestOptions.parse(List.of("--url", url, "--key", "k", "--rate", "fast")))
        .hasMessageContaining("--rate needs a whole number but got 'fast'");
    assertThatThrownBy(
            () -> LoadTestOptions.parse(List.of("--url", url, "--key", "k", "--duration", "0s")))
        .hasMessageContaining("--duration must be more than 0");
    assertThatThrownBy(
            () -> LoadTestOptions.parse(List.of("--url", url, "--key", "k", "--duration", "3x")))
        .hasMessageContaining("--duration needs a time")
        .hasMessageContaining("'3x'");
    assertThatThrownBy(
            () ->
                LoadTestOptions.parse(
                    List.of("--url", url, "--key", "k", "--create-percent", "101")))
        .hasMessageContaining("0 to 100");
    assertThatThrownBy(
            () ->
                LoadTestOptions.parse(
                    List.of("--url", url, "--key", "k", "--connections", "2", "--threads", "3")))
        .hasMessageContaining("--threads (3) must not exceed --connections (2)");
    assertThatThrownBy(
            () -> LoadTestOptions.parse(List.of("--url", url, "--key", "k", "--target", "ftp://x")))
        .hasMessageContaining("--target");
    assertThatThrownBy(() -> LoadTestOptions.parse(List.of("--url", url, "--key", "k", "--nope")))
        .hasMessageContaining("unknown option '--nope'");
    assertThatThrownBy(() -> LoadTestOptions.parse(List.of("--url")))
        .hasMessageContaining("--url needs a value");
  }
}
