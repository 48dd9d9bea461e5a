package io.github.scaleblocks.examples.tinyurl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One clone of cluster mode and its supervisor: a {@link CloneMain} JVM started with {@link
 * ProcessBuilder}, started again (after a backoff) whenever it exits until {@link #stop(Duration)}.
 *
 * <p>The gateway balances over these objects: {@link #base()} is where the clone serves now, or
 * {@code null} between a process's exit and its successor's ready line, so a call to a dead clone
 * fails at once instead of connecting to a port that some other process may have taken since. Each
 * process gets a new port (the clone binds port 0 and reports it); the gateway's health checks
 * decide when a restarted clone takes traffic again.
 *
 * <p>Backoff: the first restart waits {@code minBackoff}, each further one twice as long up to
 * {@code maxBackoff}; a clone that served for {@value #STABLE_SECONDS} s before exiting starts
 * again from {@code minBackoff}. A process that has not printed its ready line within {@code
 * readyTimeout} is killed (and so restarted). A clone that exits before it ever served fails {@link
 * #firstReady()} and is not restarted: that is a configuration problem, reported by {@link
 * TinyUrlCluster}'s start. The clone's stderr (its log) is appended to {@code logFile}; its stdout
 * lines other than the ready line are logged here with the clone's id.
 *
 * <p>Thread-safe: state changes are serialised on this object.
 */
final class CloneProcess {
  static final int STABLE_SECONDS = 30;
  private static final Logger LOG = LoggerFactory.getLogger(CloneProcess.class);

  /** Where a clone is in its life. */
  enum State {
    STARTING,
    RUNNING,
    RESTARTING,
    STOPPED
  }

  private final String id;
  private final List<String> command;
  private final String secret;
  private final Path logFile;
  private final ScheduledExecutorService scheduler;
  private final long minBackoffNanos;
  private final long maxBackoffNanos;
  private final Duration readyTimeout;
  private final AtomicInteger restarts = new AtomicInteger();
  private final CompletableFuture<Void> firstReady = new CompletableFuture<>();

  private volatile @Nullable URI base;
  private volatile State state = State.STARTING;
  private volatile @Nullable Process process;
  private @Nullable OutputStream stdin;
  private long readyNanos;
  private long backoffNanos;
  private boolean stopped;

  CloneProcess(
      String id,
      List<String> command,
      String secret,
      Path logFile,
      ScheduledExecutorService scheduler,
      Duration minBackoff,
      Duration maxBackoff,
      Duration readyTimeout) {
    this.id = id;
    this.command = List.copyOf(command);
    this.secret = secret;
    this.logFile = logFile;
    this.scheduler = scheduler;
    this.minBackoffNanos = minBackoff.toNanos();
    this.maxBackoffNanos = maxBackoff.toNanos();
    this.readyTimeout = readyTimeout;
    this.backoffNanos = minBackoffNanos;
  }

  String id() {
    return id;
  }

  /** Where the clone serves now ({@code http://127.0.0.1:PORT}), null while it is not serving. */
  @Nullable URI base() {
    return base;
  }

  State state() {
    return state;
  }

  /** The running process's pid, or -1. */
  long pid() {
    Process running = process;
    return running == null ? -1 : running.pid();
  }

  /** State, pid and port read together (the fields change together under this object's lock). */
  synchronized TinyUrlCluster.CloneStatus status() {
    URI serving = base;
    Process running = process;
    return new TinyUrlCluster.CloneStatus(
        id,
        state.name().toLowerCase(java.util.Locale.ROOT),
        running == null ? -1 : running.pid(),
        serving == null ? -1 : serving.getPort(),
        restarts.get());
  }

  /** How many times the supervisor started the clone again. */
  int restarts() {
    return restarts.get();
  }

  Path logFile() {
    return logFile;
  }

  /** Completes when the first process serves; fails when it exits before. */
  CompletableFuture<Void> firstReady() {
    return firstReady;
  }

  /** Starts the first process. */
  void start() {
    launch();
  }

  private synchronized void launch() {
    if (stopped) {
      return;
    }
    state = State.STARTING;
    Process started;
    try {
      Files.createDirectories(logFile.getParent());
      started =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
      OutputStream in = started.getOutputStream();
      in.write((secret + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
      stdin = in;
    } catch (IOException e) {
      LOG.error("{}: cannot start a clone process: {}", id, e.toString());
      if (!firstReady.isDone()) {
        firstReady.completeExceptionally(e);
        state = State.STOPPED;
        return;
      }
      scheduleRestart("could not be started");
      return;
    }
    process = started;
    Thread pump = new Thread(() -> pump(started), "tinyurl-" + id + "-stdout");
    pump.setDaemon(true);
    pump.start();
    var unused =
        scheduler.schedule(
            () -> {
              if (process == started && base == null && started.isAlive()) {
                LOG.error("{}: not serving {} after its start; killing it", id, readyTimeout);
                started.destroyForcibly();
              }
            },
            readyTimeout.toMillis(),
            TimeUnit.MILLISECONDS);
    var unusedExit = started.onExit().thenAccept(this::exited);
  }

  /** Reads the clone's stdout: the ready line, then anything else it prints. */
  private void pump(Process source) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(source.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith(CloneMain.READY)) {
          ready(source, Integer.parseInt(line.substring(CloneMain.READY.length()).strip()));
        } else {
          LOG.info("{}: {}", id, line);
        }
      }
    } catch (IOException | NumberFormatException e) {
      LOG.debug("{}: stdout ended: {}", id, e.toString());
    }
  }

  private synchronized void ready(Process source, int port) {
    if (stopped || process != source) {
      return;
    }
    base = URI.create("http://127.0.0.1:" + port);
    readyNanos = System.nanoTime();
    state = State.RUNNING;
    LOG.info("{} (pid {}) serving on port {}", id, source.pid(), port);
    firstReady.complete(null);
  }

  private void exited(Process gone) {
    synchronized (this) {
      if (process != gone) {
        return;
      }
      base = null;
      process = null;
      stdin = null;
      if (stopped) {
        state = State.STOPPED;
        return;
      }
      if (!firstReady.isDone()) {
        state = State.STOPPED;
        firstReady.completeExceptionally(
            new IllegalStateException(
                id
                    + " exited with status "
                    + gone.exitValue()
                    + " before serving; the end of its log "
                    + logFile
                    + ":\n"
                    + logTail(20)));
        return;
      }
      if (readyNanos != 0
          && System.nanoTime() - readyNanos > TimeUnit.SECONDS.toNanos(STABLE_SECONDS)) {
        backoffNanos = minBackoffNanos;
      }
      readyNanos = 0;
      scheduleRestart("(pid " + gone.pid() + ") exited with status " + gone.exitValue());
    }
  }

  private synchronized void scheduleRestart(String why) {
    state = State.RESTARTING;
    long delay = backoffNanos;
    backoffNanos = Math.min(maxBackoffNanos, backoffNanos * 2);
    LOG.warn(
        "{} {}; starting it again in {} ms (its log: {})",
        id,
        why,
        TimeUnit.NANOSECONDS.toMillis(delay),
        logFile);
    var unused =
        scheduler.schedule(
            () -> {
              restarts.incrementAndGet();
              launch();
            },
            delay,
            TimeUnit.NANOSECONDS);
  }

  /**
   * Stops supervising and ends the process: closes its stdin (the clone shuts down in order,
   * writing its counted visits), waits up to {@code grace}, then kills it.
   */
  void stop(Duration grace) {
    Process running;
    OutputStream in;
    synchronized (this) {
      stopped = true;
      running = process;
      in = stdin;
      base = null;
    }
    if (running == null) {
      state = State.STOPPED;
      return;
    }
    try {
      if (in != null) {
        in.close();
      }
    } catch (IOException e) {
      LOG.debug("{}: closing stdin: {}", id, e.toString());
    }
    try {
      if (!running.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} (pid {}) did not stop within {}; killing it", id, running.pid(), grace);
        running.destroyForcibly();
        running.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      running.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    state = State.STOPPED;
  }

  /** The last {@code lines} lines of the clone's log, for error messages. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }

  @Override
  public String toString() {
    return id;
  }
}
