package io.github.scaleblocks.mapreduce.examples;

import io.github.scaleblocks.core.event.EventListener;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.core.time.Ticker;
import io.github.scaleblocks.mapreduce.MapReduceEvent;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line terminal progress bar drawn from {@link MapReduceEvent}s: redrawn in place with a
 * carriage return at most every {@code intervalNanos}, finished with a newline when the job ends.
 * Thread-safe (events arrive from every task thread).
 */
public final class ProgressBar implements EventListener<MapReduceEvent> {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final Ticker ticker;
  private final long intervalNanos;
  private long lastDrawn;
  private boolean drawn;

  /** A bar on {@code out}, redrawn at most every {@code intervalNanos} by {@code ticker}. */
  public ProgressBar(PrintStream out, Ticker ticker, long intervalNanos) {
    this.out = Checks.notNull(out, "out");
    this.ticker = Checks.notNull(ticker, "ticker");
    this.intervalNanos = Checks.notNegative(intervalNanos, "intervalNanos");
  }

  @Override
  public synchronized void onEvent(MapReduceEvent event) {
    if (event instanceof MapReduceEvent.Progress progress) {
      long now = ticker.read();
      if (!drawn || now - lastDrawn >= intervalNanos) {
        draw(progress);
        lastDrawn = now;
        drawn = true;
      }
    } else if (event instanceof MapReduceEvent.JobCompleted completed) {
      out.print(
          String.format(
              Locale.ROOT,
              "\r%-100s%n",
              "done: " + completed.job() + " in " + completed.elapsed().toMillis() + " ms"));
      out.flush();
    } else if (event instanceof MapReduceEvent.JobFailed
        || event instanceof MapReduceEvent.JobCancelled) {
      if (drawn) {
        out.println();
        out.flush();
      }
    }
  }

  private void draw(MapReduceEvent.Progress p) {
    double fraction = p.fractionDone();
    int filled = (int) Math.round(fraction * WIDTH);
    StringBuilder line = new StringBuilder("\r[");
    for (int i = 0; i < WIDTH; i++) {
      line.append(i < filled ? '#' : '-');
    }
    line.append(String.format(Locale.ROOT, "] %3d%% %-6s ", Math.round(fraction * 100), p.phase()));
    line.append(bytes(p.bytesRead()));
    if (p.totalBytes() >= 0) {
      line.append('/').append(bytes(p.totalBytes()));
    }
    line.append(
        String.format(Locale.ROOT, "  %,d records  %d spills", p.recordsRead(), p.spills()));
    out.print(line);
    out.flush();
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
