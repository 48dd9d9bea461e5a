package io.github.scaleblocks.sharding.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InMemoryDirectoryStoreTest {
  private final DirectoryStore store = DirectoryStores.inMemory();

  @Test
  void assignIfAbsentKeepsTheFirstShard() {
    assertThat(store.lookup("k")).isEmpty();
    assertThat(store.assignIfAbsent("k", "a")).isEqualTo("a");
    assertThat(store.assignIfAbsent("k", "b")).isEqualTo("a");
    assertThat(store.lookup("k")).contains("a");
  }

  @Test
  void moveIsACompareAndSet() {
    assertThat(store.move("k", "a", "b")).as("no entry").isFalse();
    assertThat(store.lookup("k")).isEmpty();
    store.assignIfAbsent("k", "a");
    assertThat(store.move("k", "c", "b")).as("wrong expectation").isFalse();
    assertThat(store.lookup("k")).contains("a");
    assertThat(store.move("k", "a", "b")).isTrue();
    assertThat(store.lookup("k")).contains("b");
  }

  @Test
  void removeDeletesTheEntry() {
    assertThat(store.remove("k")).isFalse();
    store.assignIfAbsent("k", "a");
    assertThat(store.remove("k")).isTrue();
    assertThat(store.lookup("k")).isEmpty();
    assertThat(store.assignIfAbsent("k", "b")).isEqualTo("b");
    assertThat(store).hasToString("DirectoryStores.inMemory()[1 keys]");
  }

  @Test
  void invalidKeysAreRejected() {
    assertThatThrownBy(() -> store.assignIfAbsent("x".repeat(513), "a"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.lookup("\u0000")).isInstanceOf(IllegalArgumentException.class);
  }
}
