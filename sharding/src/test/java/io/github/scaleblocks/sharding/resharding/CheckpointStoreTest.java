package io.github.scaleblocks.sharding.resharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @Test
  void aFileCheckpointIsReadBackByANewStore(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("migration.checkpoint");
    CheckpointStore store = CheckpointStore.file(file);
    assertThat(store.completedBatches()).isEmpty();
    assertThat(file).doesNotExist();

    store.markCompleted(42L);
    store.markCompleted(-1L);
    store.markCompleted(42L);

    assertThat(CheckpointStore.file(file).completedBatches()).containsExactlyInAnyOrder(42L, -1L);
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
        .containsExactly(FileCheckpointStore.HEADER, "2a", "ffffffffffffffff");
    try (var listing = Files.list(dir)) {
      assertThat(listing.toList()).as("no temp file left behind").containsExactly(file);
    }
  }

  @Test
  void clearingLeavesAnEmptyCheckpoint(@TempDir Path dir) {
    Path file = dir.resolve("c");
    CheckpointStore store = CheckpointStore.file(file);
    store.markCompleted(7L);
    store.clear();
    assertThat(CheckpointStore.file(file).completedBatches()).isEmpty();
  }

  @Test
  void aForeignFileIsRejectedNamingIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("not-a-checkpoint");
    Files.write(file, List.of("hello"), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> CheckpointStore.file(file).completedBatches())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "checkpoint "
                + file.toAbsolutePath()
                + " does not start with the line '"
                + FileCheckpointStore.HEADER
                + "'");
    Files.write(file, List.of(FileCheckpointStore.HEADER, "zz"), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> CheckpointStore.file(file).completedBatches())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("line 2 is not a hex fingerprint: 'zz'");
  }

  @Test
  void theInMemoryCheckpointForgetsOnClear() {
    CheckpointStore store = CheckpointStore.inMemory();
    store.markCompleted(1L);
    assertThat(store.completedBatches()).containsExactly(1L);
    store.clear();
    assertThat(store.completedBatches()).isEmpty();
  }
}
