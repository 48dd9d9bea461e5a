package io.github.scaleblocks.mapreduce.examples;

import io.github.scaleblocks.core.time.Ticker;
import io.github.scaleblocks.mapreduce.Inputs;
import io.github.scaleblocks.mapreduce.JobResult;
import io.github.scaleblocks.mapreduce.MapReduceEngine;
import io.github.scaleblocks.mapreduce.MapReduceEngineBuilder;
import io.github.scaleblocks.mapreduce.MapReduceException;
import io.github.scaleblocks.mapreduce.Outputs;
import io.github.scaleblocks.mapreduce.TextInputBuilder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The word-count command-line runner: counts the words ({@link WordCount#lineJob()}, on the lines'
 * bytes) of the given files and directories (recursively) and prints {@code word<TAB>count} lines
 * to standard output, highest count first, ties by word. A progress bar goes to standard error when
 * it is a terminal, or with {@code --progress}.
 *
 * <pre>
 * java -cp ... io.github.scaleblocks.mapreduce.examples.WordCountMain [options] PATH...
 *   --threads N       task slots (default: all cores)
 *   --memory-mb N     memory budget for map-side buffers before spilling (default: heap / 4)
 *   --temp DIR        where spill files go (default: java.io.tmpdir)
 *   --progress        always draw the progress bar;  --no-progress  never
 * </pre>
 *
 * Exit status: 0 on success, 1 when the job fails (the message names the file), 2 on bad usage.
 */
public final class WordCountMain {
  private WordCountMain() {}

  /** Runs the word count; see the class documentation. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, stderrIsTerminal()));
  }

  /** Runs with the given streams; returns the exit status. */
  static int run(String[] args, PrintStream stdout, PrintStream stderr, boolean terminal) {
    MapReduceEngineBuilder engine = MapReduceEngine.builder();
    TextInputBuilder input = Inputs.text();
    boolean progress = terminal;
    List<Path> paths = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--threads" -> engine.parallelism(Integer.parseInt(value(args, ++i, arg)));
          case "--memory-mb" ->
              engine.memoryBudgetBytes(Long.parseLong(value(args, ++i, arg)) * 1024 * 1024);
          case "--temp" -> engine.tempDirectory(Path.of(value(args, ++i, arg)));
          case "--progress" -> progress = true;
          case "--no-progress" -> progress = false;
          default -> {
            if (arg.startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + arg);
            }
            paths.add(Path.of(arg));
          }
        }
      }
      if (paths.isEmpty()) {
        throw new IllegalArgumentException("no file or directory given");
      }
    } catch (IllegalArgumentException e) {
      stderr.println("wordcount: " + e.getMessage());
      stderr.println(
          "usage: wordcount [--threads N] [--memory-mb N] [--temp DIR] [--progress|--no-progress]"
              + " PATH...");
      return 2;
    }
    paths.forEach(input::path);
    if (progress) {
      engine.listener(new ProgressBar(stderr, Ticker.system(), TimeUnit.MILLISECONDS.toNanos(200)));
    }
    JobResult<List<Map.Entry<String, Long>>> result;
    try {
      result =
          engine
              .build()
              .run(
                  WordCount.lineJob(),
                  input.buildLines(),
                  Outputs.toSortedList(
                      Map.Entry.<String, Long>comparingByValue()
                          .reversed()
                          .thenComparing(Map.Entry.comparingByKey())));
    } catch (MapReduceException e) {
      stderr.println("wordcount: " + e.getMessage());
      return 1;
    }
    BufferedWriter out =
        new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16);
    try {
      for (Map.Entry<String, Long> entry : result.output()) {
        out.write(entry.getKey());
        out.write('\t');
        out.write(Long.toString(entry.getValue()));
        out.write('\n');
      }
      out.flush();
    } catch (IOException e) {
      stderr.println("wordcount: cannot write the output: " + e);
      return 1;
    }
    return 0;
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  /** Whether file descriptor 2 is a terminal (Linux /proc; else: whether there is a console). */
  private static boolean stderrIsTerminal() {
    try {
      Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/2"));
      return target.toString().startsWith("/dev/pts/") || target.toString().startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }
}
