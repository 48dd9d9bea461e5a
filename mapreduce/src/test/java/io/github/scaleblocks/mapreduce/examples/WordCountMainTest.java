package io.github.scaleblocks.mapreduce.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordCountMainTest {
  @SuppressWarnings("NullAway.Init") // injected by JUnit before each test
  @TempDir
  Path temp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(boolean terminal, String... args) {
    return WordCountMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        terminal);
  }

  @Test
  void countsFilesAndDirectoriesRecursivelyHighestFirstTiesByWord() throws Exception {
    Files.createDirectories(temp.resolve("docs/deep"));
    Files.writeString(temp.resolve("docs/a.txt"), "b a\nc b\n");
    Files.writeString(temp.resolve("docs/deep/b.txt"), "A, c! d");
    Path single = Files.writeString(temp.resolve("single.txt"), "Été été\n");
    int status = run(false, "--threads", "2", temp.resolve("docs").toString(), single.toString());
    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a\t2\nb\t2\nc\t2\nété\t2\nd\t1\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void drawsAProgressBarOnStderrWhenAsked() throws Exception {
    Path file = Files.writeString(temp.resolve("f.txt"), "x y z\n".repeat(10_000));
    assertThat(run(false, "--progress", file.toString())).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("[").contains("%").contains("done");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("x\t10000\ny\t10000\nz\t10000\n");
  }

  @Test
  void noProgressBarWhenStderrIsNotATerminal() throws Exception {
    Path file = Files.writeString(temp.resolve("f.txt"), "x\n");
    assertThat(run(false, file.toString())).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void badUsageAndMissingFilesFailWithAMessage() {
    assertThat(run(false)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no file or directory given");
    assertThat(run(false, "--threads", "zero", "x")).isEqualTo(2);
    Path missing = temp.resolve("missing.txt");
    assertThat(run(false, missing.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(missing.toString());
  }
}
