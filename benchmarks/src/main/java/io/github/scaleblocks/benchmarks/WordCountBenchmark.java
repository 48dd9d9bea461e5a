package io.github.scaleblocks.benchmarks;

import io.github.scaleblocks.mapreduce.Inputs;
import io.github.scaleblocks.mapreduce.JobCounter;
import io.github.scaleblocks.mapreduce.JobResult;
import io.github.scaleblocks.mapreduce.MapReduceEngine;
import io.github.scaleblocks.mapreduce.Outputs;
import io.github.scaleblocks.mapreduce.examples.WordCount;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Word count throughput, printed as one table: the MapReduce engine against parallel streams and
 * Spark {@code local[n]} on the same files with the same tokenizer, with 1 and 2 threads; and the
 * engine's spill path (small memory budget) against its in-memory path. Each cell is the best of
 * {@code --repeats} timed runs after one warm-up run (wall time, and the process's CPU time as a
 * steadier figure on a shared machine); every method's counts are checked equal.
 *
 * <p>A main, not JMH: one run over 1 GB takes seconds, and JMH forks would multiply the corpus
 * generation and Spark start-up. Like JMH, though, it runs every cell (corpus, threads, method) in
 * a fresh JVM with this one's options and class path, so no cell inherits another's heap, threads
 * or JIT profile (Spark running the same word-count code first made the engine's later cells
 * slower; {@code --no-fork} runs every cell in this JVM, as before). See docs/benchmarks.md for the
 * commands.
 *
 * <pre>
 * --dir DIR        where corpora are written once and reused (default target/wordcount-data)
 * --zipf-mb N      size of the Zipf corpus (default 1024); --vocabulary V (default 1000000)
 * --real-mb N      size of the real-text corpus (default 256; 0 skips); --real-source DIR
 * --threads 1,2    thread counts; --repeats N (default 2); --no-spark; --spill-budget-mb N (8)
 * --methods LIST   which rows, comma-separated (default all): engine (TextLine input, words
 *                  emitted as bytes), engine_strings (String lines and words, WordCount.job()),
 *                  streams, spark, spill (engine with a small budget)
 * --big-gb N       instead: the bounded-memory run (see {@link #bigRun})
 * --scaling-pairs N  instead: the engine on 1 and 2 threads, paired (see {@link #scalingPairs})
 * --no-fork        run every cell in this JVM
 * </pre>
 */
public final class WordCountBenchmark {
  private WordCountBenchmark() {}

  /** Runs the benchmark; see the class documentation for the options. */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String key = args[i].substring(2);
      if (key.startsWith("no-")) {
        options.put(key, "true");
      } else {
        options.put(key, args[++i]);
      }
    }
    Path dir = Path.of(options.getOrDefault("dir", "target/wordcount-data"));
    if (options.containsKey("big-gb")) {
      bigRun(
          dir,
          Long.parseLong(options.get("big-gb")),
          Long.parseLong(options.getOrDefault("vocabulary", "20000000")));
      return;
    }
    long zipfMb = Long.parseLong(options.getOrDefault("zipf-mb", "1024"));
    long realMb = Long.parseLong(options.getOrDefault("real-mb", "256"));
    long vocabulary = Long.parseLong(options.getOrDefault("vocabulary", "1000000"));
    int repeats = Integer.parseInt(options.getOrDefault("repeats", "2"));
    boolean spark = !options.containsKey("no-spark");
    long spillBudget = Long.parseLong(options.getOrDefault("spill-budget-mb", "8")) << 20;
    Set<String> methods =
        Set.of(
            options
                .getOrDefault("methods", "engine,engine_strings,streams,spark,spill")
                .split(","));
    for (String method : methods) {
      if (!Set.of("engine", "engine_strings", "streams", "spark", "spill").contains(method)) {
        throw new IllegalArgumentException("unknown method " + method);
      }
    }
    List<Integer> threads = new ArrayList<>();
    for (String t : options.getOrDefault("threads", "1,2").split(",", -1)) {
      threads.add(Integer.parseInt(t));
    }

    Map<String, Path> corpora = new java.util.LinkedHashMap<>();
    long t0 = System.nanoTime();
    corpora.put("zipf", WordCorpus.zipf(dir, zipfMb << 20, vocabulary, 42));
    if (realMb > 0) {
      corpora.put(
          "real",
          WordCorpus.realText(
              dir, Path.of(options.getOrDefault("real-source", "/usr/share/doc")), realMb << 20));
    }
    System.err.printf(
        Locale.ROOT, "corpora ready in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, corpora);

    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "corpus",
          "MB",
          "threads",
          "method",
          "best s",
          "MB/s",
          "CPU s",
          "vs streams",
          "distinct words",
          "spills"
        });
    if (options.containsKey("scaling-pairs")) {
      scalingPairs(corpora.get("zipf"), Integer.parseInt(options.get("scaling-pairs")));
      return;
    }
    boolean fork = !options.containsKey("fork"); // --no-fork
    if (options.containsKey("cell")) {
      String[] cell = options.get("cell").split(":", -1);
      Path file = corpora.get(cell[0]);
      Measured m = measureCell(cell[2], file, Integer.parseInt(cell[1]), repeats, spillBudget);
      System.out.printf(
          Locale.ROOT,
          "CELL %s %s %d %d %d%n",
          Double.toString(m.seconds),
          Double.toString(m.cpuSeconds),
          m.run.distinct,
          m.run.spills,
          m.run.digest);
      return;
    }
    for (Map.Entry<String, Path> corpus : corpora.entrySet()) {
      Path file = corpus.getValue();
      double mb = Files.size(file) / (1024.0 * 1024.0);
      for (int t : threads) {
        List<String> cells = new ArrayList<>();
        for (String method : List.of("engine", "engine_strings", "streams", "spark")) {
          if (methods.contains(method) && (spark || !method.equals("spark"))) {
            cells.add(method);
          }
        }
        if (methods.contains("spill")
            && t == threads.get(threads.size() - 1)
            && corpus.getKey().equals("zipf")) {
          cells.add("spill");
        }
        Map<String, Measured> results = new java.util.LinkedHashMap<>();
        for (String method : cells) {
          String cell = corpus.getKey() + ":" + t + ":" + method;
          results.put(
              rowName(method, t, spillBudget),
              fork
                  ? measureInChild(args, cell)
                  : measureCell(method, file, t, repeats, spillBudget));
        }
        long reference = results.values().iterator().next().run.digest;
        Measured streamsRun = results.get("baseline_parallelStreams");
        double streamsSeconds = streamsRun == null ? Double.NaN : streamsRun.seconds;
        for (Map.Entry<String, Measured> r : results.entrySet()) {
          if (r.getValue().run.digest != reference) {
            throw new IllegalStateException(
                r.getKey()
                    + " counted differently from "
                    + results.keySet().iterator().next()
                    + " on "
                    + file);
          }
          rows.add(
              new String[] {
                corpus.getKey(),
                String.format(Locale.ROOT, "%.0f", mb),
                Integer.toString(t),
                r.getKey(),
                String.format(Locale.ROOT, "%.2f", r.getValue().seconds),
                String.format(Locale.ROOT, "%.0f", mb / r.getValue().seconds),
                String.format(Locale.ROOT, "%.2f", r.getValue().cpuSeconds),
                String.format(Locale.ROOT, "%.2fx", streamsSeconds / r.getValue().seconds),
                Integer.toString(r.getValue().run.distinct),
                Long.toString(r.getValue().run.spills)
              });
        }
        printTable(rows);
      }
    }
    System.out.println();
    printTable(rows);
  }

  private record Run(Map<String, Long> counts, long spills) {}

  /** What the table needs of a run: its counts as a digest, the distinct words, the spills. */
  private record Counted(long digest, int distinct, long spills) {}

  /** Wall seconds and process CPU seconds (all threads, GC and JIT included) of the best run. */
  private record Measured(double seconds, double cpuSeconds, Counted run) {}

  private static String rowName(String method, int threads, long spillBudget) {
    return switch (method) {
      case "streams" -> "baseline_parallelStreams";
      case "spark" -> "baseline_sparkLocal" + threads;
      case "spill" -> "engine_spill(" + (spillBudget >> 20) + "MB budget)";
      default -> method;
    };
  }

  /** One cell in this JVM. */
  private static Measured measureCell(
      String method, Path file, int threads, int repeats, long spillBudget) throws Exception {
    return switch (method) {
      case "engine" -> measure(repeats, () -> engine(file, threads, 0));
      case "engine_strings" -> measure(repeats, () -> engineStrings(file, threads));
      case "streams" -> measure(repeats, () -> streams(file, threads));
      case "spark" -> {
        try (SparkWordCount sparkCount = new SparkWordCount(threads)) {
          yield measure(repeats, () -> new Run(sparkCount.count(file), 0));
        }
      }
      case "spill" -> measure(repeats, () -> engine(file, threads, spillBudget));
      default -> throw new IllegalArgumentException("unknown method " + method);
    };
  }

  /**
   * One cell in a fresh JVM started with this one's options, class path and arguments, plus {@code
   * --cell}; it prints one {@code CELL} line with its result.
   */
  private static Measured measureInChild(String[] args, String cell) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(WordCountBenchmark.class.getName());
    command.addAll(List.of(args));
    command.add("--cell");
    command.add(cell);
    Process child =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String result = null;
    try (BufferedReader out = child.inputReader(StandardCharsets.UTF_8)) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("CELL ")) {
          result = line;
        } else {
          System.out.println(line);
        }
      }
    }
    int exit = child.waitFor();
    if (exit != 0 || result == null) {
      throw new IllegalStateException("cell " + cell + " failed (exit " + exit + ")");
    }
    String[] f = result.split(" ", -1);
    return new Measured(
        Double.parseDouble(f[1]),
        Double.parseDouble(f[2]),
        new Counted(Long.parseLong(f[5]), Integer.parseInt(f[3]), Long.parseLong(f[4])));
  }

  /**
   * The engine's 2-thread speed-up, measured in pairs: after a warm-up on each thread count, {@code
   * pairs} rounds of one 1-thread run and one 2-thread run back to back (the order alternating, so
   * a drift in the machine's speed does not favour either), each after a {@code System.gc()}. The
   * table cells measure each thread count minutes apart, and a shared VM's speed drifts by more
   * than the margin of a speed-up target in that time; a pair's two runs see the same machine.
   * Prints each pair's times and ratio, and the median ratio.
   */
  private static void scalingPairs(Path file, int pairs) throws Exception {
    Counted one = countedOf(engine(file, 1, 0));
    Counted two = countedOf(engine(file, 2, 0));
    if (!one.equals(two)) {
      throw new IllegalStateException("1 and 2 threads counted differently: " + one + ", " + two);
    }
    System.out.println("| pair | 1 thread s | 2 threads s | speed-up |");
    System.out.println("|------|------------|-------------|----------|");
    double[] ratios = new double[pairs];
    for (int i = 0; i < pairs; i++) {
      double first = timedEngineRun(file, i % 2 == 0 ? 1 : 2, one);
      double second = timedEngineRun(file, i % 2 == 0 ? 2 : 1, one);
      double single = i % 2 == 0 ? first : second;
      double dual = i % 2 == 0 ? second : first;
      ratios[i] = single / dual;
      System.out.printf(
          Locale.ROOT, "| %d | %.2f | %.2f | %.2fx |%n", i + 1, single, dual, ratios[i]);
    }
    java.util.Arrays.sort(ratios);
    double median =
        pairs % 2 == 1 ? ratios[pairs / 2] : (ratios[pairs / 2 - 1] + ratios[pairs / 2]) / 2;
    System.out.printf(
        Locale.ROOT,
        "median speed-up %.2fx over %d pairs (lowest %.2fx, highest %.2fx)%n",
        median,
        pairs,
        ratios[0],
        ratios[pairs - 1]);
  }

  /** One timed engine run after a {@code System.gc()}; its counts must be {@code expected}. */
  private static double timedEngineRun(Path file, int threads, Counted expected) throws Exception {
    System.gc();
    long start = System.nanoTime();
    Run run = engine(file, threads, 0);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!countedOf(run).equals(expected)) {
      throw new IllegalStateException(threads + " threads counted differently");
    }
    return seconds;
  }

  private static Counted countedOf(Run run) {
    return new Counted(digest(run.counts), run.counts.size(), run.spills);
  }

  /** An order-independent digest of the counts (equal counts, equal digests). */
  private static long digest(Map<String, Long> counts) {
    long sum = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      long z = e.getKey().hashCode() * 0x9E3779B97F4A7C15L + e.getValue();
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      sum += z ^ (z >>> 31);
    }
    return sum;
  }

  private interface Task {
    Run run() throws Exception;
  }

  private static Measured measure(int repeats, Task task) throws Exception {
    Run run = task.run(); // warm-up
    double best = Double.MAX_VALUE;
    double bestCpu = Double.MAX_VALUE;
    for (int i = 0; i < repeats; i++) {
      System.gc();
      long cpu = processCpuNanos();
      long start = System.nanoTime();
      run = task.run();
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
      bestCpu = Math.min(bestCpu, (processCpuNanos() - cpu) / 1e9);
    }
    return new Measured(best, bestCpu, countedOf(run));
  }

  /**
   * The process's CPU time: on a shared machine, less sensitive than wall time to other processes
   * (and insensitive to this one being paused), though not to their effect on caches.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The engine on the fast path: {@code TextLine}s, words emitted as bytes. */
  private static Run engine(Path file, int threads, long budget) {
    var builder = MapReduceEngine.builder().parallelism(threads);
    if (budget > 0) {
      builder.memoryBudgetBytes(budget);
    }
    JobResult<Map<String, Long>> result =
        builder
            .build()
            .run(WordCount.lineJob(), Inputs.text().path(file).buildLines(), Outputs.toMap());
    return new Run(result.output(), result.counters().get(JobCounter.SPILLS));
  }

  /** The engine on {@code String} lines and words ({@code WordCount.job()}), the previous path. */
  private static Run engineStrings(Path file, int threads) {
    JobResult<Map<String, Long>> result =
        MapReduceEngine.builder()
            .parallelism(threads)
            .build()
            .run(WordCount.job(), Inputs.text().path(file).build(), Outputs.toMap());
    return new Run(result.output(), result.counters().get(JobCounter.SPILLS));
  }

  private static Run streams(Path file, int threads) throws Exception {
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      Map<String, Long> counts =
          pool.submit(
                  () -> {
                    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                      return lines
                          .parallel()
                          .<String>mapMulti((line, sink) -> WordCount.forEachWord(line, sink))
                          .collect(
                              Collectors.toConcurrentMap(Function.identity(), w -> 1L, Long::sum));
                    }
                  })
              .get();
      return new Run(new HashMap<>(counts), 0);
    } finally {
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }
  }

  private static void printTable(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      out.append('|');
      for (int i = 0; i < widths.length; i++) {
        out.append(' ').append(String.format("%-" + widths[i] + "s", rows.get(r)[i])).append(" |");
      }
      out.append('\n');
      if (r == 0) {
        out.append('|');
        for (int w : widths) {
          out.append("-".repeat(w + 2)).append('|');
        }
        out.append('\n');
      }
    }
    System.out.print(out);
    System.out.flush();
  }

  /**
   * The bounded-memory run: a Zipf corpus of {@code gigabytes} GB over a vocabulary too large for
   * the heap, counted by the engine (default budget, a quarter of the heap) into TSV files; then
   * 1,000 sample words are counted by a plain sequential scan that holds only them (the in-memory
   * path restricted to the sample) and compared with the engine's counts. Run with -Xmx512m.
   */
  static void bigRun(Path dir, long gigabytes, long vocabulary) throws IOException {
    long t0 = System.nanoTime();
    Path file = WordCorpus.zipf(dir, gigabytes << 30, vocabulary, 7);
    System.err.printf(
        Locale.ROOT, "corpus %s ready in %.1f s%n", file, (System.nanoTime() - t0) / 1e9);
    Set<String> sample = new HashSet<>();
    java.util.SplittableRandom random = new java.util.SplittableRandom(99);
    while (sample.size() < 1_000) {
      long rank = Math.min(vocabulary, (long) Math.exp(random.nextDouble() * Math.log(vocabulary)));
      String word = new String(WordCorpus.word(rank), StandardCharsets.UTF_8);
      WordCount.forEachWord(word, sample::add);
    }
    Path out = dir.resolve("big-output-" + System.nanoTime());
    long start = System.nanoTime();
    JobResult<List<Path>> result =
        MapReduceEngine.builder()
            .tempDirectory(dir.resolve("spill"))
            .build()
            .run(WordCount.lineJob(), Inputs.text().path(file).buildLines(), Outputs.tsvFiles(out));
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Long> engineSample = new HashMap<>();
    long distinct = 0;
    for (Path part : result.output()) {
      try (BufferedReader reader = Files.newBufferedReader(part)) {
        String line;
        while ((line = reader.readLine()) != null) {
          distinct++;
          int tab = line.indexOf('\t');
          String word = line.substring(0, tab);
          if (sample.contains(word)) {
            engineSample.put(word, Long.parseLong(line.substring(tab + 1)));
          }
        }
      }
    }
    Map<String, Long> scanSample = new HashMap<>();
    try (Stream<String> lines = Files.lines(file)) {
      lines.forEach(
          line ->
              WordCount.forEachWord(
                  line,
                  w -> {
                    if (sample.contains(w)) {
                      scanSample.merge(w, 1L, Long::sum);
                    }
                  }));
    }
    boolean same = engineSample.equals(scanSample);
    System.out.printf(
        Locale.ROOT,
        "| %.1f GB | -Xmx%dm | budget %d MB | %.1f s | %.0f MB/s | %,d distinct words | %,d spills"
            + " | %,d spilled records | sample of %d words: %s |%n",
        Files.size(file) / 1e9,
        Runtime.getRuntime().maxMemory() >> 20,
        (Runtime.getRuntime().maxMemory() / 4) >> 20,
        seconds,
        Files.size(file) / 1048576.0 / seconds,
        distinct,
        result.counters().get(JobCounter.SPILLS),
        result.counters().get(JobCounter.SPILLED_RECORDS),
        sample.size(),
        same
            ? "same counts"
            : "DIFFERENT counts " + engineSample.size() + " vs " + scanSample.size());
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(out);
    if (!same) {
      throw new IllegalStateException("the engine's counts differ from the sequential scan");
    }
  }
}
