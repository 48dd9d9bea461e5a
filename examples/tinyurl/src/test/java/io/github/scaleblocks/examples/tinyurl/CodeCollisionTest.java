package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.caching.CacheAside;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clones sharing the databases whose generators draw the same codes: the second clone's first
 * draw hits the primary key on the owning shard, and it retries with its next draw.
 */
class CodeCollisionTest {
  private static final String OWNER = ApiKeys.sha256Hex("owner-key-0123456789");

  @Test
  void aCloneThatDrawsATakenCodeRetriesWithAFreshOne(@TempDir Path data) throws Exception {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      urls.add("jdbc:h2:file:" + data.resolve("shard-" + i));
    }
    try (UrlStore store = UrlStore.open(urls, 2)) {
      ShortCodes expected = new ShortCodes(seeded());
      String first = expected.next();
      String second = expected.next();
      UrlService cloneA = service(store);
      UrlService cloneB = service(store);
      CreateRequest request = new CreateRequest("https://example.com/", null, null, null);

      assertThat(cloneA.create(request, OWNER).code()).isEqualTo(first);
      UrlService.UrlView retried = cloneB.create(request, OWNER);

      assertThat(retried.code()).isEqualTo(second).isNotEqualTo(first);
      assertThat(store.find(first)).isPresent();
      assertThat(store.find(second)).isPresent();
    }
  }

  @Test
  void codesAreSevenBase62CharactersAndNeverReserved() throws Exception {
    ShortCodes codes = new ShortCodes(seeded());
    for (int i = 0; i < 10_000; i++) {
      String code = codes.next();
      assertThat(code).matches("[0-9A-Za-z]{7}");
      assertThat(ShortCodes.isReserved(code)).isFalse();
    }
  }

  private static UrlService service(UrlStore store) throws NoSuchAlgorithmException {
    TargetPolicy targets =
        new TargetPolicy(
            URI.create("http://localhost:8080"),
            8080,
            false,
            host -> new InetAddress[] {InetAddress.getByName("93.184.215.14")});
    CacheAside<String, CachedUrl> cache =
        CacheAside.<String, CachedUrl>builder(
                code -> store.find(code).map(CachedUrl::of).orElse(null))
            .build();
    return new UrlService(
        store,
        cache,
        new VisitCounter(store),
        new ShortCodes(seeded()),
        targets,
        Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC),
        URI.create("http://localhost:8080"));
  }

  /** SHA1PRNG seeded before its first use is deterministic: every instance draws the same. */
  private static SecureRandom seeded() throws NoSuchAlgorithmException {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(42L);
    return random;
  }
}
