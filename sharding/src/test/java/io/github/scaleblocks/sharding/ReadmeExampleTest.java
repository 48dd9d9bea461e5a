package io.github.scaleblocks.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.core.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "Sharding in a few lines", with strings standing in for DataSources. */
class ReadmeExampleTest {

  @Test
  void theReadmeSnippetWorksAsItSays() {
    String ds1 = "ds1";
    String ds2 = "ds2";
    String ds3 = "ds3";
    String ds4 = "ds4";
    List<Node<String>> shards =
        List.of(Node.of("db-1", ds1), Node.of("db-2", ds2), Node.of("db-3", 2, ds3));
    ShardRouter<String> router = ShardRouters.ring().build(shards);
    String owner = router.route("user:1001").payload();
    List<Node<String>> replicas = router.route("user:1001", 2);
    assertThat(replicas.get(0).payload()).isEqualTo(owner);
    assertThat(replicas).doesNotHaveDuplicates();

    RouterHolder<String> live = RouterHolder.builder(router).build();
    live.addNode(Node.of("db-4", ds4));

    int moved = 0;
    int keys = 100_000;
    for (int i = 0; i < keys; i++) {
      String key = "user:" + i;
      String before = router.route(key).id();
      String after = live.route(key).id();
      if (!before.equals(after)) {
        assertThat(after).isEqualTo("db-4");
        moved++;
      }
    }
    assertThat(moved / (double) keys).isBetween(0.17, 0.23);
  }
}
