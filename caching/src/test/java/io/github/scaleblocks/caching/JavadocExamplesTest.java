package io.github.scaleblocks.caching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The examples of the public javadoc, compiled and run. */
class JavadocExamplesTest {
  private final Map<String, String> repository = Map.of("42", "Ada");

  private @Nullable String name(String id) {
    return repository.get(id);
  }

  @Test
  void cacheAsideBuilderExample() {
    // CacheAside#builder
    CacheAside<String, String> users =
        CacheAside.<String, String>builder(id -> name(id))
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .staleIfError(Duration.ofMinutes(30))
            .build();
    try (users) {
      assertThat(users.get("42")).isEqualTo("Ada");
      assertThat(users.get("7")).isNull();
    }
  }
}
