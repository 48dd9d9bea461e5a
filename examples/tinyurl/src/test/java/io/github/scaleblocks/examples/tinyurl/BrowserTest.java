package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page end to end in headless Chromium: paste a URL, shorten it with the development key,
 * read the short link, follow it to a target served by a local JDK HTTP server, and see the visit
 * in the page's stats and the click in its clicks-per-day chart (the click queue is drained through
 * the server's package-private hook, not waited for). Needs Debian's {@code chromium} and {@code
 * chromedriver} on the PATH: skipped naming what is missing, failed under {@code CI=true}.
 */
class BrowserTest {

  @Test
  void pasteShortenFollowAndSeeTheVisit(@TempDir Path data) throws Exception {
    Path chromium = require("chromium");
    Path chromedriver = require("chromedriver");
    AtomicInteger landings = new AtomicInteger();
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext(
        "/",
        exchange -> {
          if (exchange.getRequestURI().getPath().equals("/docs/landing")) {
            landings.incrementAndGet(); // not the browser's own /favicon.ico request
          }
          byte[] page =
              "<!DOCTYPE html><html><head><title>landed</title></head><body><h1 id=\"landed\">landed</h1></body></html>"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, page.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(page);
          }
        });
    target.start();
    String targetUrl =
        "http://127.0.0.1:" + target.getAddress().getPort() + "/docs/landing?from=browser";
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
    try (TinyUrlServer server =
        TinyUrlServer.builder()
            .port(0)
            .dataDirectory(data)
            .allowPrivateTargets(true)
            .visitFlushInterval(Duration.ofHours(1))
            .start()) {
      String key = server.developmentApiKey().orElseThrow();
      WebDriver browser = new ChromeDriver(service, options);
      try {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get(server.publicUrl() + "/");
        assertThat(browser.getTitle()).isEqualTo("tinyurl");

        browser.findElement(By.id("api-key")).sendKeys(key);
        browser.findElement(By.id("target")).sendKeys(targetUrl);
        browser.findElement(By.id("shorten")).click();

        WebElement link =
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("short-link")));
        String shortUrl = link.getText();
        assertThat(shortUrl).matches(server.publicUrl() + "/[0-9A-Za-z]{7}");
        assertThat(link.getAttribute("href")).isEqualTo(shortUrl);
        wait.until(ExpectedConditions.textToBe(By.id("stats-visits"), "0"));
        wait.until(ExpectedConditions.attributeToBe(By.id("clicks-chart"), "data-total", "0"));
        browser.findElement(By.id("copy")).click();
        wait.until(driver -> !driver.findElement(By.id("copied")).getText().isEmpty());

        link.click();
        wait.until(ExpectedConditions.titleIs("landed"));
        assertThat(browser.getCurrentUrl()).isEqualTo(targetUrl);
        assertThat(landings).hasValue(1);
        assertThat(server.drainClicks(Duration.ofSeconds(30))).isTrue();

        browser.get(server.publicUrl() + "/");
        assertThat(browser.findElement(By.id("api-key")).getAttribute("value"))
            .as("the key is remembered in localStorage")
            .isEqualTo(key);
        browser.findElement(By.id("stats-code")).sendKeys(shortUrl);
        browser.findElement(By.id("stats-button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("stats-visits"), "1"));
        assertThat(browser.findElement(By.id("stats-status")).getText()).isEqualTo("active");

        // the chart: 30 bars, today's (the last) holds the click, and it is labelled in words
        wait.until(ExpectedConditions.attributeToBe(By.id("clicks-chart"), "data-total", "1"));
        WebElement chart = browser.findElement(By.id("clicks-chart"));
        assertThat(chart.getAttribute("role")).isEqualTo("img");
        List<WebElement> bars = chart.findElements(By.cssSelector("rect.bar"));
        assertThat(bars).hasSize(30);
        assertThat(bars.get(29).getAttribute("data-clicks")).isEqualTo("1");
        assertThat(bars.get(28).getAttribute("data-clicks")).isEqualTo("0");
        assertThat(bars.get(29).findElement(By.tagName("title")).getAttribute("textContent"))
            .endsWith(": 1 click");
        assertThat(browser.findElement(By.id("clicks-summary")).getText())
            .startsWith("1 click in 30 days; most on ");
        assertThat(browser.findElement(By.id("clicks-caption")).getText())
            .startsWith("Clicks per day (UTC), ");
        // the browser sent the page as the Referer of the click
        assertThat(browser.findElement(By.id("referrers")).getText())
            .isEqualTo("localhost: 1 click");
      } finally {
        browser.quit();
        target.stop(0);
      }
    }
  }

  @Test
  void aRejectedTargetShowsTheServersMessage(@TempDir Path data) throws Exception {
    Path chromium = require("chromium");
    Path chromedriver = require("chromedriver");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
    try (TinyUrlServer server = TinyUrlServer.builder().port(0).dataDirectory(data).start()) {
      WebDriver browser = new ChromeDriver(service, options);
      try {
        browser.get(server.publicUrl() + "/");
        browser.findElement(By.id("api-key")).sendKeys("not-the-key-0123456789");
        browser.findElement(By.id("target")).sendKeys("https://example.com/");
        browser.findElement(By.id("shorten")).click();
        WebElement error =
            new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(error.getText()).isEqualTo("the API key is not valid");
      } finally {
        browser.quit();
      }
    }
  }

  /** The executable {@code name} on the PATH; a skip (or, under CI=true, a failure) without it. */
  private static Path require(String name) {
    Optional<Path> found = onPath(name);
    if (found.isPresent()) {
      return found.get();
    }
    String message =
        "the browser test needs '"
            + name
            + "' on the PATH (Debian packages chromium and chromium-driver)";
    if ("true".equals(System.getenv("CI"))) {
      fail(message + " and CI=true requires it");
    }
    Assumptions.abort(message + "; skipping");
    throw new AssertionError("unreachable");
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    List<String> directories = new ArrayList<>(List.of("/usr/bin", "/usr/local/bin"));
    if (path != null) {
      directories.addAll(0, List.of(path.split(File.pathSeparator)));
    }
    for (String directory : directories) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static {
    // Selenium logs through java.util.logging; keep its INFO lines out of the build output
    java.util.logging.Logger.getLogger("org.openqa.selenium")
        .setLevel(java.util.logging.Level.WARNING);
  }
}
