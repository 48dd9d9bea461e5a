package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java ... Main --cluster 2} as its own process, as a user starts it: it serves through the
 * gateway, and when it is killed with SIGKILL (no shutdown hook runs) its clones exit on their own
 * because their stdin pipe ends: no orphan JVMs.
 */
class ClusterOrphanTest {
  private static final Pattern SERVING =
      Pattern.compile("tinyurl cluster serving \\S+ \\(gateway peak-ewma on port (\\d+);");
  private static final Pattern PID = Pattern.compile("pid (\\d+)");

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void clonesExitWhenTheParentIsKilled(@TempDir Path data) throws Exception {
    Path log = data.resolve("parent.log");
    Process parent =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--cluster",
                "2",
                "--port",
                "0",
                "--data",
                data.toString(),
                "--allow-private-targets")
            .redirectError(log.toFile())
            .start();
    List<Long> clones = new ArrayList<>();
    try {
      String serving = null;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (SERVING.matcher(line).find()) {
            serving = line;
            break;
          }
        }
        assertThat(serving).as("the parent's log:\n%s", Files.readString(log)).isNotNull();
        Matcher port = SERVING.matcher(serving);
        assertThat(port.find()).isTrue();
        Matcher pids = PID.matcher(serving);
        while (pids.find()) {
          clones.add(Long.parseLong(pids.group(1)));
        }
        assertThat(clones).hasSize(2);
        ClusterClient client = new ClusterClient();
        assertThat(
                client
                    .get(URI.create("http://127.0.0.1:" + port.group(1) + "/healthz"))
                    .statusCode())
            .isEqualTo(200);

        parent.destroyForcibly();
        assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      for (long pid : clones) {
        ClusterClient.await(
            Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
            "clone process " + pid + " exited after its parent was killed",
            () -> ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true),
            () -> "clones " + clones + "; their logs:\n" + logs(data));
      }
    } finally {
      parent.destroyForcibly();
      for (long pid : clones) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  private static String logs(Path data) {
    StringBuilder text = new StringBuilder();
    try (var files = Files.list(data.resolve("logs"))) {
      for (Path file : files.sorted().toList()) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        text.append("== ").append(file.getFileName()).append('\n');
        lines
            .subList(Math.max(0, lines.size() - 15), lines.size())
            .forEach(line -> text.append(line).append('\n'));
      }
    } catch (java.io.IOException e) {
      text.append("(cannot read the logs: ").append(e).append(')');
    }
    return text.toString();
  }
}
