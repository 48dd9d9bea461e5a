package io.github.scaleblocks.examples.tinyurl;

import java.time.LocalDate;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One click as stored in the click log: the code, the instant (epoch milliseconds), its UTC day,
 * the referrer's host (lower case, without port or user info; {@code null} for a direct visit or a
 * referrer that is not an http(s) URL with a valid host name), and the user agent's class ({@code
 * browser}, {@code mobile}, {@code bot}, {@code tool}, {@code other} or {@code unknown}).
 */
record Click(
    String code, long atMillis, LocalDate day, @Nullable String referrerHost, String agent) {
  static final int MAX_HOST = 253;

  /** The click of {@code event}, with its headers parsed and classified. */
  static Click of(ClickEvent event) {
    return new Click(
        event.code(),
        event.atMillis(),
        dayOf(event.atMillis()),
        referrerHost(event.referrer()),
        agentClass(event.userAgent()));
  }

  private static final long MILLIS_PER_DAY = 86_400_000L;

  /** The last day {@link #dayOf} or {@link #dayText} made: clicks come in runs of the same day. */
  private static volatile Day lastDay = new Day(LocalDate.EPOCH);

  /** A UTC day with its ISO text (as {@code click_day} stores it). */
  private record Day(LocalDate date, String text) {
    Day(LocalDate date) {
      this(date, date.toString());
    }
  }

  /** The UTC day of {@code epochMillis}; the same instance for the clicks of one day. */
  static LocalDate dayOf(long epochMillis) {
    long epochDay = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    Day day = lastDay;
    if (day.date().toEpochDay() != epochDay) {
      day = new Day(LocalDate.ofEpochDay(epochDay));
      lastDay = day;
    }
    return day.date();
  }

  /** {@code day} as {@code YYYY-MM-DD}, without a new string per click. */
  static String dayText(LocalDate day) {
    Day last = lastDay;
    return last.date().equals(day) ? last.text() : day.toString();
  }

  /** The host of an http(s) {@code Referer}, or {@code null}. */
  static @Nullable String referrerHost(@Nullable String referrer) {
    if (referrer == null) {
      return null;
    }
    String value = referrer.strip();
    int scheme = value.indexOf("://");
    if (scheme <= 0) {
      return null;
    }
    String name = value.substring(0, scheme).toLowerCase(Locale.ROOT);
    if (!name.equals("http") && !name.equals("https")) {
      return null;
    }
    int start = scheme + 3;
    int end = start;
    while (end < value.length() && "/?#".indexOf(value.charAt(end)) < 0) {
      end++;
    }
    String authority = value.substring(start, end);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    String host;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = authority.substring(0, close + 1);
    } else {
      int colon = authority.indexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.isEmpty() || host.length() > MAX_HOST) {
      return null;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '['
              || c == ']'
              || c == ':';
      if (!ok) {
        return null;
      }
    }
    return host;
  }

  /** A coarse class of a {@code User-Agent}: enough for reports, no fingerprinting. */
  static String agentClass(@Nullable String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return "unknown";
    }
    String agent = userAgent.toLowerCase(Locale.ROOT);
    if (agent.contains("bot") || agent.contains("spider") || agent.contains("crawl")) {
      return "bot";
    }
    if (agent.startsWith("curl/")
        || agent.startsWith("wget/")
        || agent.startsWith("python")
        || agent.startsWith("java")
        || agent.startsWith("go-http-client")
        || agent.startsWith("httpie/")
        || agent.startsWith("wrk")
        || agent.startsWith("okhttp")) {
      return "tool";
    }
    if (agent.startsWith("mozilla/")) {
      return agent.contains("mobi") ? "mobile" : "browser";
    }
    return "other";
  }
}
