package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing a redirect's headers into a stored click, and the durable batch codec. */
class ClickTest {

  @ParameterizedTest
  @CsvSource({
    "https://News.Example.org/a?b=c, news.example.org",
    "http://user:pw@blog.example.net:8080/x, blog.example.net",
    "https://example.com., example.com",
    "https://example.com#frag, example.com",
    "HTTPS://[2001:db8::1]:443/p, [2001:db8::1]"
  })
  void referrerHostsAreLowerCaseWithoutPortOrUserInfo(String referrer, String host) {
    assertThat(Click.referrerHost(referrer)).isEqualTo(host);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "android-app://com.example",
        "ftp://example.com/",
        "no scheme",
        "https://",
        "https://bad host/",
        "https://ex\u00e4mple.com/"
      })
  void otherReferrersCountAsDirect(String referrer) {
    assertThat(Click.referrerHost(referrer)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "'Mozilla/5.0 (X11; Linux x86_64) Chrome/120', browser",
    "'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148', mobile",
    "'Mozilla/5.0 (compatible; Googlebot/2.1)', bot",
    "curl/8.5.0, tool",
    "Java-http-client/17, tool",
    "Lynx/2.9, other",
    "'  ', unknown"
  })
  void userAgentsAreClassified(String agent, String kind) {
    assertThat(Click.agentClass(agent)).isEqualTo(kind);
  }

  @Test
  void aMissingUserAgentIsUnknown() {
    assertThat(Click.agentClass(null)).isEqualTo("unknown");
    assertThat(Click.referrerHost(null)).isNull();
  }

  @Test
  void clicksAreDatedInUtc() {
    // 23:30 in New York on Feb 28 is Mar 1 in UTC
    long at = java.time.Instant.parse("2026-03-01T04:30:00Z").toEpochMilli();
    assertThat(Click.of(new ClickEvent("abc", at, null, null)).day())
        .isEqualTo(LocalDate.parse("2026-03-01"));
  }

  @Test
  void aBatchSurvivesItsCodec() {
    long at = 1_772_000_000_000L;
    ClickBatch batch =
        new ClickBatch(
            "6f1c9a5e-0000-4000-8000-000000000001",
            List.of(
                new Click("abc1234", at, Click.dayOf(at), "a.example", "browser"),
                new Click("alias-\u00e9", at + 5, Click.dayOf(at + 5), null, "unknown")));
    assertThat(ClickBatch.CODEC.decode(ClickBatch.CODEC.encode(batch))).isEqualTo(batch);
  }
}
