package io.github.scaleblocks.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.Node;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerticalRouterTest {
  final ShardRouter<String> profiles =
      ShardRouters.boundaryRange(1000).build(List.of(Node.named("p-low"), Node.named("p-high")));
  final ShardRouter<String> messages =
      ShardRouters.jump().build(List.of(Node.named("m-0"), Node.named("m-1"), Node.named("m-2")));

  VerticalRouter<String> router() {
    return ShardRouters.vertical()
        .feature("profiles", profiles)
        .feature("messages", messages)
        .build();
  }

  @Test
  void eachFeatureRoutesWithItsOwnRouter() {
    VerticalRouter<String> router = router();
    assertThat(router.route("profiles", 999L).id()).isEqualTo("p-low");
    assertThat(router.route("profiles", "1000").id()).isEqualTo("p-high");
    for (int i = 0; i < 200; i++) {
      String key = "conversation-" + i;
      assertThat(router.route("messages", key)).isEqualTo(messages.route(key));
      assertThat(router.route("messages", key.getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(messages.route(key));
      assertThat(router.route("messages", (long) i)).isEqualTo(messages.route((long) i));
    }
    assertThat(router.router("messages")).isSameAs(messages);
    assertThat(router.features()).containsExactly("profiles", "messages");
  }

  @Test
  void unknownFeatureIsRejectedListingTheKnownOnes() {
    assertThatThrownBy(() -> router().route("orders", 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown feature 'orders'; known features: [profiles, messages]");
  }

  @Test
  void featureNamesAreValidatedAndUnique() {
    VerticalRouter.Builder<String> builder = ShardRouters.vertical().feature("profiles", profiles);
    assertThatThrownBy(() -> builder.feature("profiles", messages))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("feature 'profiles' was already added; feature names must be unique");
    String rule =
        " must be 1 to 64 chars of ASCII letters, digits, '.', '_' or '-', starting with a letter"
            + " or digit";
    for (String bad : List.of("", "has space", "-leading", "ünicode", "x".repeat(65), "a/b")) {
      assertThatThrownBy(() -> builder.feature(bad, messages))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("feature name '" + bad + "'" + rule);
    }
    assertThat(builder.feature("user.messages_v2-eu", messages).build().features())
        .containsExactly("profiles", "user.messages_v2-eu");
  }

  @Test
  void builtRoutersDoNotSeeLaterFeatures() {
    VerticalRouter.Builder<String> builder = ShardRouters.vertical().feature("profiles", profiles);
    VerticalRouter<String> first = builder.build();
    builder.feature("messages", messages);
    assertThat(first.features()).containsExactly("profiles");
    assertThat(builder.build().features()).containsExactly("profiles", "messages");
    assertThatThrownBy(() -> first.features().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullArgumentsAreRejectedNamingThem() {
    assertThatThrownBy(() -> ShardRouters.vertical().feature("profiles", nullValue()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("router of feature 'profiles' must not be null");
    assertThatThrownBy(() -> router().router(nullValue()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("feature must not be null");
  }

  @SuppressWarnings({"TypeParameterUnusedInFormals", "NullAway"}) // feeds null to test rejection
  private static <T> T nullValue() {
    return null;
  }
}
