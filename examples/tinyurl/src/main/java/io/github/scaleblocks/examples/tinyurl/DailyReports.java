package io.github.scaleblocks.examples.tinyurl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.scaleblocks.mapreduce.Codecs;
import io.github.scaleblocks.mapreduce.MapReduceEngine;
import io.github.scaleblocks.mapreduce.MapReduceException;
import io.github.scaleblocks.mapreduce.MapReduceJob;
import io.github.scaleblocks.mapreduce.Outputs;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily click reports computed with the MapReduce block over the click log of every shard.
 *
 * <p>The job reads one UTC day through {@link ClickLogInput} (one split per shard), maps each click
 * to {@code (c<TAB>code, 1)} and to {@code (r<TAB>referrer host, 1)} (or {@code (d, 1)} for a
 * direct visit), combines and reduces by summing. From the counts it takes the day's total, the
 * number of codes clicked, the direct clicks and the {@value #KEPT} codes and referrer hosts with
 * the most clicks (ties by name), and stores that as the day's report (table {@code click_reports}
 * of the first shard, replacing the previous one). Clicks per code for every code and day are kept
 * by the click consumer in {@code click_counts}; the report keeps the top {@value #KEPT}.
 *
 * <p>Runs: on demand ({@link #run}), and on a schedule every {@code interval}: today's report each
 * time, and yesterday's once more at the first run of a new UTC day (so clicks of the last minutes
 * before midnight, written a batch wait later, are in it). Clones sharing the databases each run
 * the schedule; the reports they store are the same computation, the last one stored wins. A report
 * of today is as of its {@code computedAt}.
 *
 * <p>Thread-safe; runs are serialized.
 */
final class DailyReports implements AutoCloseable {
  /** How many top codes and referrers a report keeps. */
  static final int KEPT = 100;

  /** Keeps durable batch ids this long, far beyond any redelivery (leases are 30 s). */
  static final Duration BATCH_ID_RETENTION = Duration.ofDays(1);

  private static final Logger LOG = LoggerFactory.getLogger(DailyReports.class);

  /** The report job: a click counted under its code and under its referrer (or "d": direct). */
  static final MapReduceJob<ClickStore.Row, String, Long, Long> JOB =
      MapReduceJob.<ClickStore.Row, String, Long, Long>builder(
              (row, out) -> {
                out.emit("c\t" + row.code(), 1L);
                String host = row.referrerHost();
                out.emit(host == null ? "d" : "r\t" + host, 1L);
              },
              (key, counts, out) -> {
                long sum = 0;
                for (long count : counts) {
                  sum += count;
                }
                out.write(sum);
              })
          .name("tinyurl-daily-clicks")
          .combiner(Long::sum)
          .codecs(Codecs.string(), Codecs.longs())
          .build();

  private final ClickStore store;
  private final Clock clock;
  private final MapReduceEngine engine;
  private final ObjectMapper mapper = new ObjectMapper();
  private final @Nullable ScheduledExecutorService scheduler;
  private @Nullable LocalDate finalized; // guarded by this

  /** A day's report. */
  record Report(
      String day,
      String computedAt,
      long clicks,
      long codes,
      long directClicks,
      List<CodeClicks> topCodes,
      List<ReferrerClicks> topReferrers) {}

  /** A code and its clicks on the report's day. */
  record CodeClicks(String code, long clicks) {}

  /** A referrer host and the clicks it sent on the report's day. */
  record ReferrerClicks(String host, long clicks) {}

  /**
   * Reports over {@code store}; with a positive {@code interval}, scheduled (first run one interval
   * after start).
   */
  DailyReports(ClickStore store, Clock clock, MapReduceEngine engine, Duration interval) {
    this.store = store;
    this.clock = clock;
    this.engine = engine;
    if (interval.isZero()) {
      scheduler = null;
    } else {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "tinyurl-daily-reports");
                thread.setDaemon(true);
                return thread;
              });
      long millis = Math.max(1, interval.toMillis());
      var unused =
          scheduler.scheduleWithFixedDelay(
              this::tickQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** Today's UTC day on the service's clock. */
  LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** Computes the report of {@code day} now, stores it and returns it. */
  synchronized Report run(LocalDate day) throws SQLException {
    Map<String, Long> counts;
    try {
      counts = engine.run(JOB, new ClickLogInput(store, day), Outputs.toMap()).output();
    } catch (MapReduceException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof SQLException sql) {
          throw sql;
        }
      }
      throw e;
    }
    long total = 0;
    long direct = 0;
    List<CodeClicks> codes = new ArrayList<>();
    List<ReferrerClicks> referrers = new ArrayList<>();
    for (Map.Entry<String, Long> count : counts.entrySet()) {
      String key = count.getKey();
      long clicks = count.getValue();
      if (key.startsWith("c\t")) {
        codes.add(new CodeClicks(key.substring(2), clicks));
        total += clicks;
      } else if (key.startsWith("r\t")) {
        referrers.add(new ReferrerClicks(key.substring(2), clicks));
      } else {
        direct += clicks;
      }
    }
    int distinct = codes.size();
    codes.sort(
        Comparator.comparingLong(CodeClicks::clicks).reversed().thenComparing(CodeClicks::code));
    referrers.sort(
        Comparator.comparingLong(ReferrerClicks::clicks)
            .reversed()
            .thenComparing(ReferrerClicks::host));
    Instant now = clock.instant();
    Report report =
        new Report(
            day.toString(),
            now.toString(),
            total,
            distinct,
            direct,
            List.copyOf(codes.subList(0, Math.min(KEPT, codes.size()))),
            List.copyOf(referrers.subList(0, Math.min(KEPT, referrers.size()))));
    try {
      store.saveReport(day, now.toEpochMilli(), mapper.writeValueAsString(report));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report of " + day, e);
    }
    return report;
  }

  /** The stored report of {@code day}, if one was computed. */
  Optional<Report> stored(LocalDate day) throws SQLException {
    Optional<String> body = store.findReport(day);
    if (body.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(mapper.readValue(body.get(), Report.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the stored report of " + day + " is not readable", e);
    }
  }

  /** The stored report of {@code day}, computed (and stored) now when there is none. */
  Report storedOrRun(LocalDate day) throws SQLException {
    Optional<Report> stored = stored(day);
    return stored.isPresent() ? stored.get() : run(day);
  }

  /**
   * One scheduled run: yesterday's report once per new day (the first run after midnight, or after
   * start), then today's; and forgets durable batch ids older than a day.
   */
  void tick() throws SQLException {
    LocalDate today = today();
    LocalDate yesterday = today.minusDays(1);
    synchronized (this) {
      if (finalized == null || finalized.isBefore(yesterday)) {
        run(yesterday);
        finalized = yesterday;
      }
      run(today);
    }
    store.pruneBatches(clock.millis() - BATCH_ID_RETENTION.toMillis());
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "the scheduled daily report failed; next run at the next interval: {}", e.toString());
    }
  }

  @Override
  public void close() {
    ScheduledExecutorService running = scheduler;
    if (running != null) {
      running.shutdownNow();
      try {
        if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
          LOG.warn("the daily report did not stop within 10 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
