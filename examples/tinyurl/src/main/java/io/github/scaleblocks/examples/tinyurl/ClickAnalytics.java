package io.github.scaleblocks.examples.tinyurl;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What the API answers about clicks, without HTTP: a code's clicks per day and top referrers, the
 * top codes of a day and the daily reports. Validates query parameters and days, refusing bad ones
 * with a 400 that names the parameter and the value. Thread-safe.
 *
 * <p>Sources, one per number: {@code visits} of the stats is the visit counter's (exact at once,
 * see {@link VisitCounter}); {@code clicksPerDay}, {@code clicks} and {@code topReferrers} come
 * from {@code click_counts} (clicks per code, day and referrer host), written by the click consumer
 * with the click log rows (a batch wait behind the redirects); top codes and reports come from the
 * stored daily reports (MapReduce over the click log). Nothing is counted in two places.
 */
final class ClickAnalytics {
  static final int DEFAULT_DAYS = 30;
  static final int MAX_DAYS = 366;
  static final int TOP_REFERRERS = 10;
  static final int DEFAULT_TOP = 10;

  private final ClickStore store;
  private final DailyReports reports;

  ClickAnalytics(ClickStore store, DailyReports reports) {
    this.store = store;
    this.reports = reports;
  }

  /** The {@code days} parameter of a code's stats (default 30, 1 to 366), checked first. */
  int days(Map<String, Deque<String>> query) {
    allowOnly(query, Set.of("days"));
    String days = single(query, "days");
    return days == null ? DEFAULT_DAYS : wholeNumber("days", days, 1, MAX_DAYS);
  }

  /**
   * The stats of {@code stats}' code with its clicks over the {@code days} UTC days ending today:
   * the visit fields as before, then {@code days}, {@code from}, {@code to}, {@code clicks} (the
   * sum), {@code clicksPerDay} (every day, zero-filled, oldest first) and {@code topReferrers}.
   */
  Map<String, Object> stats(UrlService.StatsView stats, int days) throws SQLException {
    LocalDate to = reports.today();
    LocalDate from = to.minusDays(days - 1L);
    Map<LocalDate, Long> counts = store.perDay(stats.code(), from, to);
    List<Map<String, Object>> perDay = new ArrayList<>(days);
    long total = 0;
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      long clicks = counts.getOrDefault(day, 0L);
      total += clicks;
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("day", day.toString());
      entry.put("clicks", clicks);
      perDay.add(entry);
    }
    List<Map<String, Object>> referrers = new ArrayList<>();
    for (ClickStore.Count count : store.topReferrers(stats.code(), from, to, TOP_REFERRERS)) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("host", count.name());
      entry.put("clicks", count.clicks());
      referrers.add(entry);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", stats.code());
    body.put("visits", stats.visits());
    body.put("maxVisits", stats.maxVisits());
    body.put("remainingVisits", stats.remainingVisits());
    body.put("status", stats.status());
    body.put("days", days);
    body.put("from", from.toString());
    body.put("to", to.toString());
    body.put("clicks", total);
    body.put("clicksPerDay", perDay);
    body.put("topReferrers", referrers);
    return body;
  }

  /**
   * {@code GET /api/top?day=&n=}: the {@code n} (default 10, at most 100) codes with the most
   * clicks on {@code day} (default today, UTC), from the stored report of that day, computed and
   * stored now when there is none yet.
   */
  Map<String, Object> top(Map<String, Deque<String>> query) throws SQLException {
    allowOnly(query, Set.of("day", "n"));
    String dayText = single(query, "day");
    String nText = single(query, "n");
    LocalDate day = dayText == null ? reports.today() : day("day", dayText);
    int n = nText == null ? DEFAULT_TOP : wholeNumber("n", nText, 1, DailyReports.KEPT);
    DailyReports.Report report = reports.storedOrRun(day);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("day", report.day());
    body.put("computedAt", report.computedAt());
    body.put("clicks", report.clicks());
    body.put("top", report.topCodes().subList(0, Math.min(n, report.topCodes().size())));
    return body;
  }

  /** {@code POST /api/reports/{day}}: computes the report of {@code day} now and stores it. */
  DailyReports.Report runReport(String day, Map<String, Deque<String>> query) throws SQLException {
    allowOnly(query, Set.of());
    return reports.run(day("day", day));
  }

  /** {@code GET /api/reports/{day}}: the stored report, or a 404 saying how to compute it. */
  DailyReports.Report storedReport(String day, Map<String, Deque<String>> query)
      throws SQLException {
    allowOnly(query, Set.of());
    LocalDate date = day("day", day);
    return reports
        .stored(date)
        .orElseThrow(
            () ->
                new ApiException(
                    404,
                    "no_report",
                    "no report of "
                        + date
                        + " was computed yet; POST /api/reports/"
                        + date
                        + " computes it"));
  }

  /** {@code text} as a UTC day that is not after today, or a 400 naming {@code name}. */
  private LocalDate day(String name, String text) {
    LocalDate day;
    try {
      day = LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "invalid_day",
          name + " must be a date as YYYY-MM-DD but was '" + Errors.printable(text) + "'");
    }
    LocalDate today = reports.today();
    if (day.isAfter(today)) {
      throw ApiException.badRequest(
          "invalid_day", name + " " + day + " is in the future (today is " + today + " UTC)");
    }
    return day;
  }

  private static int wholeNumber(String name, String text, int min, int max) {
    int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "invalid_" + name,
          name
              + " must be a whole number from "
              + min
              + " to "
              + max
              + " but was '"
              + Errors.printable(text)
              + "'");
    }
    if (value < min || value > max) {
      throw ApiException.badRequest(
          "invalid_" + name, name + " must be from " + min + " to " + max + " but was " + value);
    }
    return value;
  }

  private static @Nullable String single(Map<String, Deque<String>> query, String name) {
    Deque<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw ApiException.badRequest(
          "invalid_parameter",
          "query parameter '" + name + "' was given " + values.size() + " times");
    }
    return values.getFirst();
  }

  private static void allowOnly(Map<String, Deque<String>> query, Set<String> allowed) {
    for (String name : query.keySet()) {
      if (!allowed.contains(name)) {
        throw ApiException.badRequest(
            "unknown_parameter",
            "unknown query parameter '"
                + Errors.printable(name)
                + "'"
                + (allowed.isEmpty()
                    ? "; this path takes none"
                    : "; allowed: " + String.join(", ", new TreeSet<>(allowed))));
      }
    }
  }
}
