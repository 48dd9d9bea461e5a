package io.github.scaleblocks.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.mapreduce.examples.WordCount;
import io.github.scaleblocks.mapreduce.spi.InputSplit;
import io.github.scaleblocks.mapreduce.spi.RecordSink;
import io.github.scaleblocks.mapreduce.spi.SplitPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextInputTest {
  @SuppressWarnings("NullAway.Init") // injected by JUnit before each test
  @TempDir
  Path temp;

  static List<String> readAll(io.github.scaleblocks.mapreduce.spi.Input<String> input)
      throws Exception {
    SplitPlan<String> plan = input.plan(2);
    List<String> lines = new ArrayList<>();
    long[] bytes = {0};
    var splits = plan.splits();
    while (splits.hasNext()) {
      InputSplit<String> split = splits.next();
      split.read(
          new RecordSink<String>() {
            @Override
            public void accept(String record, long position) {
              lines.add(record);
            }

            @Override
            public void bytesRead(long n) {
              bytes[0] += n;
            }
          });
    }
    assertThat(bytes[0]).as("bytes reported").isEqualTo(plan.totalBytes());
    return lines;
  }

  /** A random text file's content and the lines a reader must find in it. */
  record Text(String content, List<String> lines) {
    static Text random(
        int lineCount, int maxLineLength, boolean trailingNewline, boolean crlf, long seed) {
      java.util.Random random = new java.util.Random(seed);
      List<String> expected = new ArrayList<>();
      StringBuilder content = new StringBuilder();
      for (int i = 0; i < lineCount; i++) {
        int length = maxLineLength == 0 ? 0 : random.nextInt(maxLineLength + 1);
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < length; c++) {
          line.append(random.nextInt(10) == 0 ? 'é' : (char) ('a' + random.nextInt(26)));
        }
        expected.add(line.toString());
        content.append(line);
        if (i < lineCount - 1 || trailingNewline) {
          content.append(crlf ? "\r\n" : "\n");
        }
      }
      if (lineCount > 0 && !trailingNewline && expected.get(lineCount - 1).isEmpty()) {
        expected.remove(lineCount - 1); // an empty last line without a newline is no line at all
      }
      return new Text(content.toString(), expected);
    }

    /** Runs {@code body} on this text written to a file in a fresh directory, then deletes both. */
    void inFile(FileBody body) throws Exception {
      Path dir = Files.createTempDirectory("text-input");
      Path file = dir.resolve("f.txt");
      try {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        body.accept(file);
      } finally {
        Files.deleteIfExists(file);
        Files.delete(dir);
      }
    }
  }

  @FunctionalInterface
  interface FileBody {
    void accept(Path file) throws Exception;
  }

  /** Every line is read exactly once, in order, whatever the split size. */
  @Property(tries = 200, seed = "42")
  void splitsCoverEveryLineExactlyOnce(
      @ForAll @IntRange(min = 0, max = 40) int lineCount,
      @ForAll @IntRange(min = 0, max = 50) int maxLineLength,
      @ForAll @LongRange(min = 1, max = 64) long splitBytes,
      @ForAll boolean trailingNewline,
      @ForAll boolean crlf,
      @ForAll long seed)
      throws Exception {
    Text text = Text.random(lineCount, maxLineLength, trailingNewline, crlf, seed);
    text.inFile(
        file ->
            assertThat(readAll(Inputs.text().path(file).splitBytes(splitBytes).build()))
                .isEqualTo(text.lines()));
  }

  /**
   * Splits cut while they are read ({@link InputSplit#trySplit}, as the engine cuts the last
   * running splits for idle workers), before they are read, and again while the parts are read:
   * every line is still read exactly once, at its own position, and the bytes reported add up to
   * the file's. The cuts come from inside the sink, so each lands between two records of a running
   * read.
   */
  @Property(tries = 300, seed = "7")
  void splitsCutWhileTheyAreReadStillCoverEveryLineExactlyOnce(
      @ForAll @IntRange(min = 0, max = 60) int lineCount,
      @ForAll @IntRange(min = 0, max = 50) int maxLineLength,
      @ForAll @LongRange(min = 16, max = 4096) long splitBytes,
      @ForAll boolean trailingNewline,
      @ForAll boolean crlf,
      @ForAll long seed)
      throws Exception {
    Text text = Text.random(lineCount, maxLineLength, trailingNewline, crlf, seed);
    text.inFile(
        file -> {
          SplitPlan<String> plan = Inputs.text().path(file).splitBytes(splitBytes).build().plan(2);
          java.util.Random random = new java.util.Random(seed);
          java.util.ArrayDeque<InputSplit<String>> pending = new java.util.ArrayDeque<>();
          plan.splits().forEachRemaining(pending::add);
          java.util.TreeMap<Long, String> found = new java.util.TreeMap<>();
          long[] bytes = {0};
          int cuts = 0;
          while (!pending.isEmpty()) {
            InputSplit<String> split = pending.poll();
            if (random.nextInt(4) == 0) {
              InputSplit<String> piece = split.trySplit();
              if (piece != null) {
                pending.add(piece);
                cuts++;
              }
            }
            List<InputSplit<String>> cutOff = new ArrayList<>();
            split.read(
                new RecordSink<String>() {
                  @Override
                  public void accept(String record, long position) {
                    assertThat(found.put(position, record))
                        .as("line at %s read twice", position)
                        .isNull();
                    if (random.nextInt(3) == 0) {
                      InputSplit<String> piece = split.trySplit();
                      if (piece != null) {
                        cutOff.add(piece);
                      }
                    }
                  }

                  @Override
                  public void bytesRead(long n) {
                    bytes[0] += n;
                  }
                });
            cuts += cutOff.size();
            pending.addAll(cutOff);
            assertThat(split.trySplit())
                .as("a split read to its end has nothing left to cut")
                .isNull();
          }
          assertThat(List.copyOf(found.values())).isEqualTo(text.lines());
          assertThat(bytes[0]).as("bytes reported").isEqualTo(plan.totalBytes());
          if (plan.totalBytes() >= 8 * splitBytes) {
            assertThat(cuts).as("cuts made").isPositive();
          }
        });
  }

  @Test
  void oneBigFileIsCutIntoManySplits() throws Exception {
    Path file = temp.resolve("big.txt");
    List<String> lines = TestData.lines(7, 20_000, 300);
    Files.write(file, lines);
    SplitPlan<String> plan = Inputs.text().path(file).splitBytes(16 * 1024).build().plan(2);
    int splits = 0;
    for (var it = plan.splits(); it.hasNext(); it.next()) {
      splits++;
    }
    assertThat(splits).isEqualTo((int) ((Files.size(file) + 16 * 1024 - 1) / (16 * 1024)));
    JobResult<Map<String, Long>> result =
        MapReduceEngine.builder()
            .parallelism(2)
            .build()
            .run(
                WordCount.job(),
                Inputs.text().path(file).splitBytes(16 * 1024).build(),
                Outputs.toMap());
    assertThat(result.output()).isEqualTo(TestData.wordCount(lines));
    assertThat(result.counters().get(JobCounter.INPUT_BYTES)).isEqualTo(Files.size(file));
    assertThat(result.counters().get(JobCounter.INPUT_RECORDS)).isEqualTo(20_000);
  }

  @Test
  void directoriesAreReadRecursivelyAndGlobsFilter() throws Exception {
    Files.createDirectories(temp.resolve("a/b"));
    Files.writeString(temp.resolve("a/one.txt"), "one\n");
    Files.writeString(temp.resolve("a/b/two.txt"), "two\n");
    Files.writeString(temp.resolve("a/b/skip.log"), "skip\n");
    assertThat(readAll(Inputs.text().path(temp.resolve("a")).build()))
        .containsExactlyInAnyOrder("one", "two", "skip");
    assertThat(readAll(Inputs.text().glob(temp.resolve("a"), "**.txt").build()))
        .containsExactlyInAnyOrder("one", "two");
    assertThatThrownBy(() -> readAll(Inputs.text().glob(temp.resolve("a"), "*.csv").build()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("matched no file");
  }

  @Test
  void aMissingFileFailsTheJobNamingIt() {
    Path missing = temp.resolve("nope.txt");
    assertThatThrownBy(
            () ->
                MapReduceEngine.builder()
                    .tempDirectory(temp)
                    .build()
                    .run(WordCount.job(), Inputs.text().path(missing).build(), Outputs.toMap()))
        .isInstanceOf(MapReduceException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void malformedUtf8FailsTheJobNamingTheFileAndOffset() throws Exception {
    Path file = temp.resolve("bad.txt");
    byte[] good = "fine line\nsecond\n".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = Arrays.copyOf(good, good.length + 4);
    bytes[good.length] = 'x';
    bytes[good.length + 1] = (byte) 0xC3; // a lead byte followed by no continuation byte
    bytes[good.length + 2] = 'y';
    bytes[good.length + 3] = '\n';
    Files.write(file, bytes);
    assertThatThrownBy(
            () ->
                MapReduceEngine.builder()
                    .tempDirectory(temp)
                    .build()
                    .run(WordCount.job(), Inputs.text().path(file).build(), Outputs.toMap()))
        .isInstanceOf(MapReduceException.class)
        .hasMessageContaining("malformed UTF-8 in " + file)
        .hasMessageContaining("at byte " + good.length);
  }

  @Test
  void aRealReplacementCharacterAndOtherScriptsDecodeExactly() throws Exception {
    // U+FFFD in the file is well-formed UTF-8: the fast decoder's replacement check must not turn
    // it into an error; 2-, 3- and 4-byte sequences and CRLF decode as a strict decoder does.
    Path file = temp.resolve("utf8.txt");
    String text = "caf\u00e9 \ufffd ok\r\n\u4e2d\u6587 \ud83d\ude00 \u0663\n\ufffd\n";
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    Map<String, Long> counts =
        MapReduceEngine.builder()
            .tempDirectory(temp)
            .build()
            .run(WordCount.job(), Inputs.text().path(file).build(), Outputs.toMap())
            .output();
    assertThat(counts)
        .isEqualTo(Map.of("caf\u00e9", 1L, "ok", 1L, "\u4e2d\u6587", 1L, "\u0663", 1L));
    List<String> lines = new ArrayList<>();
    for (InputSplit<String> split : iterable(Inputs.text().path(file).build().plan(1))) {
      split.read(
          new RecordSink<String>() {
            @Override
            public void accept(String record, long position) {
              lines.add(record);
            }

            @Override
            public void bytesRead(long n) {}
          });
    }
    assertThat(lines)
        .containsExactly("caf\u00e9 \ufffd ok", "\u4e2d\u6587 \ud83d\ude00 \u0663", "\ufffd");
  }

  private static <I> Iterable<InputSplit<I>> iterable(SplitPlan<I> plan) {
    List<InputSplit<I>> splits = new ArrayList<>();
    plan.splits().forEachRemaining(splits::add);
    return splits;
  }
}
