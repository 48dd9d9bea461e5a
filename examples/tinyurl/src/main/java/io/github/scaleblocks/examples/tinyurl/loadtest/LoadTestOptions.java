package io.github.scaleblocks.examples.tinyurl.loadtest;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a load test does, parsed from {@code loadtest}'s arguments by {@link #parse}. Every bad
 * value is an {@link IllegalArgumentException} naming the option and the value.
 *
 * @param url the service's base URL ({@code http://host:port}, no path): a server or a gateway
 * @param apiKey the API key for creates (needed unless every request is a redirect of loaded codes)
 * @param mode what the requests are
 * @param connections keep-alive connections, spread over {@code threads}
 * @param threads event-loop threads of the generator
 * @param duration how long the measured part runs
 * @param warmup how long load runs before measuring starts (not recorded)
 * @param rate requests per second over all connections; 0 = closed loop, as fast as answered
 * @param codes how many codes to create for redirects (unless loaded)
 * @param loadCodes a file of codes to redirect to, one a line, instead of creating them
 * @param saveCodes where to write the codes used, one a line (for {@code wrk}'s script)
 * @param createPercent in mixed mode, the share of requests that are creates
 * @param target what created links point to; each gets a distinct suffix
 * @param timeout a request without a whole answer after this long has failed
 * @param progress print one line a second while running
 */
record LoadTestOptions(
    URI url,
    @Nullable String apiKey,
    Mode mode,
    int connections,
    int threads,
    Duration duration,
    Duration warmup,
    int rate,
    int codes,
    @Nullable Path loadCodes,
    @Nullable Path saveCodes,
    int createPercent,
    String target,
    Duration timeout,
    boolean progress) {

  static final String USAGE =
      """
      usage: java -jar tinyurl.jar loadtest --url http://HOST:PORT [options]
        --url URL              the service (or cluster gateway) to load, http://host:port
        --key KEY              API key for creating links (X-API-Key)
        --mode MODE            redirects (default): GET /{code} over the codes, rotating
                               creates: POST /api/urls
                               mixed: creates for --create-percent of requests, else redirects
                               codes: only create the codes (and --save-codes them), no load
        --connections N        keep-alive connections (default 32)
        --threads N            event-loop threads (default: half the processors, at least 1)
        --duration TIME        measured time, e.g. 30s, 2m, 500ms (default 30s)
        --warmup TIME          load before measuring, not recorded (default 0s)
        --rate N               constant rate in requests/s over all connections (open loop,
                               latency from each request's intended send time); 0 (default)
                               = closed loop, each connection sends when answered
        --codes N              codes to create first for redirects (default 10000)
        --load-codes FILE      redirect to the codes in FILE (one a line) instead of creating
        --save-codes FILE      write the codes used to FILE, one a line (for wrk's script)
        --create-percent P     mixed mode: percent of requests that create (default 10)
        --target URL           what created links point to (default https://example.com/lt/)
        --timeout TIME         a request not answered within TIME failed (default 5s)
        --progress             print requests/s and errors every second
        --help                 print this and exit
      """;

  /** What the requests are. */
  enum Mode {
    REDIRECTS,
    CREATES,
    MIXED,
    CODES;

    boolean needsCodes() {
      return this == REDIRECTS || this == MIXED || this == CODES;
    }

    boolean creates() {
      return this == CREATES || this == MIXED;
    }
  }

  /** The options, or {@code null} when {@code --help} was asked for. */
  static @Nullable LoadTestOptions parse(List<String> args) {
    URI url = null;
    String apiKey = null;
    Mode mode = Mode.REDIRECTS;
    int connections = 32;
    Integer threads = null;
    Duration duration = Duration.ofSeconds(30);
    Duration warmup = Duration.ZERO;
    int rate = 0;
    int codes = 10_000;
    Path loadCodes = null;
    Path saveCodes = null;
    int createPercent = 10;
    String target = "https://example.com/lt/";
    Duration timeout = Duration.ofSeconds(5);
    boolean progress = false;
    for (int i = 0; i < args.size(); i++) {
      String option = args.get(i);
      switch (option) {
        case "--help", "-h" -> {
          return null;
        }
        case "--url" -> url = baseUrl(value(args, ++i, option));
        case "--key" -> apiKey = value(args, ++i, option);
        case "--mode" -> mode = mode(value(args, ++i, option));
        case "--connections" -> connections = atLeast(option, value(args, ++i, option), 1);
        case "--threads" -> threads = atLeast(option, value(args, ++i, option), 1);
        case "--duration" -> duration = duration(option, value(args, ++i, option), false);
        case "--warmup" -> warmup = duration(option, value(args, ++i, option), true);
        case "--rate" -> rate = atLeast(option, value(args, ++i, option), 0);
        case "--codes" -> codes = atLeast(option, value(args, ++i, option), 1);
        case "--load-codes" -> loadCodes = Path.of(value(args, ++i, option));
        case "--save-codes" -> saveCodes = Path.of(value(args, ++i, option));
        case "--create-percent" -> {
          createPercent = atLeast(option, value(args, ++i, option), 0);
          if (createPercent > 100) {
            throw new IllegalArgumentException(
                "--create-percent must be 0 to 100 but was " + createPercent);
          }
        }
        case "--target" -> target = targetBase(value(args, ++i, option));
        case "--timeout" -> timeout = duration(option, value(args, ++i, option), false);
        case "--progress" -> progress = true;
        default -> throw new IllegalArgumentException("unknown option '" + option + "'");
      }
    }
    if (url == null) {
      throw new IllegalArgumentException("--url is required, e.g. --url http://127.0.0.1:8080");
    }
    boolean createsCodes = mode.needsCodes() && loadCodes == null;
    if (apiKey == null && (mode.creates() || createsCodes)) {
      throw new IllegalArgumentException(
          "--key is required to create links (mode "
              + mode.name().toLowerCase(Locale.ROOT)
              + (createsCodes ? ", codes are created first; or give --load-codes FILE" : "")
              + ")");
    }
    if (mode == Mode.CODES && loadCodes != null) {
      throw new IllegalArgumentException("--mode codes creates codes; it takes no --load-codes");
    }
    int threadCount =
        threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    if (threadCount > connections) {
      throw new IllegalArgumentException(
          "--threads ("
              + threadCount
              + ") must not exceed --connections ("
              + connections
              + "): each thread drives its own connections");
    }
    return new LoadTestOptions(
        url,
        apiKey,
        mode,
        connections,
        threadCount,
        duration,
        warmup,
        rate,
        codes,
        loadCodes,
        saveCodes,
        createPercent,
        target,
        timeout,
        progress);
  }

  /** Whether requests go at a constant rate (open loop). */
  boolean openLoop() {
    return rate > 0;
  }

  /** The port of {@link #url}, with http's default. */
  int port() {
    return url.getPort() < 0 ? 80 : url.getPort();
  }

  /** The value of the Host header. */
  String hostHeader() {
    return url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
  }

  private static URI baseUrl(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--url is not a URL: '" + value + "'", e);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (!"http".equalsIgnoreCase(uri.getScheme())
        || uri.getHost() == null
        || !(path.isEmpty() || path.equals("/"))
        || uri.getRawQuery() != null) {
      throw new IllegalArgumentException(
          "--url must be http://host[:port] with no path (https is not supported) but was '"
              + value
              + "'");
    }
    return URI.create(value.replaceAll("/$", ""));
  }

  private static String targetBase(String value) {
    if (!(value.startsWith("http://") || value.startsWith("https://"))) {
      throw new IllegalArgumentException(
          "--target must be an http:// or https:// URL but was '" + value + "'");
    }
    if (value.contains("\"") || value.contains("\\") || value.chars().anyMatch(c -> c < 0x21)) {
      throw new IllegalArgumentException(
          "--target must not hold quotes, backslashes, spaces or control characters: '"
              + value
              + "'");
    }
    return value;
  }

  private static Mode mode(String value) {
    try {
      return Mode.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--mode must be redirects, creates, mixed or codes but was '" + value + "'", e);
    }
  }

  private static String value(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(index);
  }

  private static int atLeast(String option, String value, int min) {
    int parsed;
    try {
      parsed = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " needs a whole number but got '" + value + "'", e);
    }
    if (parsed < min) {
      throw new IllegalArgumentException(
          option + " must be at least " + min + " but was " + parsed);
    }
    return parsed;
  }

  /** {@code 30s}, {@code 2m}, {@code 500ms}, {@code 1h}, or a bare number of seconds. */
  static Duration duration(String option, String value, boolean zeroAllowed) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    long multiplierMillis;
    String number;
    if (text.endsWith("ms")) {
      multiplierMillis = 1;
      number = text.substring(0, text.length() - 2);
    } else if (text.endsWith("s")) {
      multiplierMillis = 1_000;
      number = text.substring(0, text.length() - 1);
    } else if (text.endsWith("m")) {
      multiplierMillis = 60_000;
      number = text.substring(0, text.length() - 1);
    } else if (text.endsWith("h")) {
      multiplierMillis = 3_600_000;
      number = text.substring(0, text.length() - 1);
    } else {
      multiplierMillis = 1_000;
      number = text;
    }
    long amount;
    try {
      amount = Long.parseLong(number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " needs a time such as 30s, 2m or 500ms but got '" + value + "'", e);
    }
    if (amount < 0
        || (amount == 0 && !zeroAllowed)
        || amount > 24L * 3_600_000 / multiplierMillis) {
      throw new IllegalArgumentException(
          option
              + " must be "
              + (zeroAllowed ? "0" : "more than 0")
              + " to 24h but was '"
              + value
              + "'");
    }
    return Duration.ofMillis(amount * multiplierMillis);
  }
}
