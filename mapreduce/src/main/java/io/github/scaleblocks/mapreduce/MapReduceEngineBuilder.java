package io.github.scaleblocks.mapreduce;

import io.github.scaleblocks.core.event.EventListener;
import io.github.scaleblocks.core.event.EventPublisher;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.core.time.Ticker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link MapReduceEngine}. Each setter may be called once; {@link #build()} copies the
 * settings.
 */
public final class MapReduceEngineBuilder {
  private @Nullable Executor executor;
  private int parallelism;
  private long memoryBudgetBytes;
  private @Nullable Path tempDirectory;
  private int maxAttempts;
  private @Nullable Ticker ticker;
  private final List<EventListener<? super MapReduceEvent>> listeners = new ArrayList<>();

  MapReduceEngineBuilder() {}

  /**
   * The executor that runs map and reduce tasks. Unless set, each job gets its own pool of {@code
   * parallelism} daemon threads, shut down when the job ends. A given executor is not shut down; it
   * needs at least {@code parallelism} threads for full speed.
   */
  public MapReduceEngineBuilder executor(Executor executor) {
    Checks.notNull(executor, "executor");
    Checks.argument(this.executor == null, "executor was already set to " + this.executor);
    this.executor = executor;
    return this;
  }

  /** How many tasks run at once; {@link Runtime#availableProcessors()} unless set. */
  public MapReduceEngineBuilder parallelism(int parallelism) {
    Checks.positive(parallelism, "parallelism");
    Checks.argument(this.parallelism == 0, "parallelism was already set to " + this.parallelism);
    this.parallelism = parallelism;
    return this;
  }

  /**
   * The estimated heap a job's buffers may use before spilling; a quarter of {@link
   * Runtime#maxMemory()} unless set. Each running map task gets {@code budget / (2 * (parallelism +
   * 1))}; finished tasks' buffers are merged into per-partition maps that may grow to about half
   * the budget. The estimate counts entries, keys and values roughly; leave heap headroom for what
   * it misses.
   */
  public MapReduceEngineBuilder memoryBudgetBytes(long memoryBudgetBytes) {
    Checks.positive(memoryBudgetBytes, "memoryBudgetBytes");
    Checks.argument(
        this.memoryBudgetBytes == 0,
        "memoryBudgetBytes was already set to " + this.memoryBudgetBytes);
    this.memoryBudgetBytes = memoryBudgetBytes;
    return this;
  }

  /**
   * Where jobs create their temporary directory (one per job, deleted when the job ends); {@code
   * java.io.tmpdir} unless set.
   */
  public MapReduceEngineBuilder tempDirectory(Path tempDirectory) {
    Checks.notNull(tempDirectory, "tempDirectory");
    Checks.argument(
        this.tempDirectory == null, "tempDirectory was already set to " + this.tempDirectory);
    this.tempDirectory = tempDirectory;
    return this;
  }

  /** Attempts per task before the job fails (1 = no retry); 3 unless set. */
  public MapReduceEngineBuilder maxAttempts(int maxAttempts) {
    Checks.positive(maxAttempts, "maxAttempts");
    Checks.argument(this.maxAttempts == 0, "maxAttempts was already set to " + this.maxAttempts);
    this.maxAttempts = maxAttempts;
    return this;
  }

  /** The ticker that times jobs; {@link Ticker#system()} unless set. */
  public MapReduceEngineBuilder ticker(Ticker ticker) {
    Checks.notNull(ticker, "ticker");
    Checks.argument(this.ticker == null, "ticker was already set to " + this.ticker);
    this.ticker = ticker;
    return this;
  }

  /**
   * Adds a listener for {@link MapReduceEvent}s; called on task threads and the job's coordinator
   * thread, so it must be thread-safe and fast.
   */
  public MapReduceEngineBuilder listener(EventListener<? super MapReduceEvent> listener) {
    listeners.add(Checks.notNull(listener, "listener"));
    return this;
  }

  /** The engine. */
  public MapReduceEngine build() {
    int p = parallelism == 0 ? Runtime.getRuntime().availableProcessors() : parallelism;
    return new DefaultMapReduceEngine(
        new EngineConfig(
            executor,
            p,
            memoryBudgetBytes == 0 ? Runtime.getRuntime().maxMemory() / 4 : memoryBudgetBytes,
            tempDirectory == null ? Path.of(System.getProperty("java.io.tmpdir")) : tempDirectory,
            maxAttempts == 0 ? 3 : maxAttempts,
            ticker == null ? Ticker.system() : ticker,
            EventPublisher.of(listeners)));
  }
}
