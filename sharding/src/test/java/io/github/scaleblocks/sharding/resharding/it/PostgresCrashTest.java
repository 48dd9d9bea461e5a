package io.github.scaleblocks.sharding.resharding.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.resharding.CheckpointStore;
import io.github.scaleblocks.sharding.resharding.MigrationReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a migrating JVM with SIGKILL twice, at different points, then finishes the migration and
 * checks that no row was lost, duplicated or left behind, and that the checkpoint saved work.
 */
class PostgresCrashTest {
  private static final String PREFIX = "sb_crash_";
  private static final int ROWS = 20_000;
  private static final int BATCH = 50;

  @BeforeAll
  static void server() {
    PgShards.requireServer();
  }

  @Test
  void aMigrationKilledTwiceFinishesWithEveryRowOnItsNewOwner(@TempDir Path dir) throws Exception {
    PgShards.reset(PREFIX, "a", "b", "c");
    List<Node<String>> all = PgShards.nodes(PREFIX, "a", "b", "c");
    PgShards.load(PgShards.router(PREFIX, "a", "b"), ROWS);
    PgShards.Totals before = PgShards.totals(all);
    Path checkpoint = dir.resolve("migration.checkpoint");

    int firstKill = killOnceRecorded(checkpoint, 3, dir.resolve("first.log"));
    assertThat(PgShards.misplaced(all, PgShards.router(PREFIX, "a", "b")))
        .as("some rows moved before the first kill")
        .isNotEmpty();
    assertThat(PgShards.misplaced(all, PgShards.router(PREFIX, "a", "b", "c")))
        .as("some rows were still to move at the first kill")
        .isNotEmpty();

    int secondKill = killOnceRecorded(checkpoint, firstKill + 10, dir.resolve("second.log"));
    assertThat(secondKill).isGreaterThanOrEqualTo(firstKill + 10);
    assertThat(PgShards.misplaced(all, PgShards.router(PREFIX, "a", "b", "c"))).isNotEmpty();

    MigrationReport last;
    try (PgShards access = new PgShards()) {
      last =
          MigrationProcess.migration(PREFIX, BATCH, checkpoint, access)
              .run(MigrationProcess.ids(ROWS))
              .throwIfFailed();
    }

    assertThat(last.batchesSkipped()).isEqualTo(secondKill);
    assertThat(last.batchesRun()).isPositive();
    assertThat(PgShards.totals(all)).isEqualTo(before);
    assertThat(PgShards.misplaced(all, PgShards.router(PREFIX, "a", "b", "c"))).isEmpty();
    assertThat(CheckpointStore.file(checkpoint).completedBatches()).isEmpty();
  }

  /**
   * Starts the migration process, waits (bounded) until the checkpoint records at least {@code
   * batches} batches, kills the process with SIGKILL and returns how many batches the checkpoint
   * holds.
   */
  private static int killOnceRecorded(Path checkpoint, int batches, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                MigrationProcess.class.getName(),
                PREFIX,
                String.valueOf(ROWS),
                String.valueOf(BATCH),
                checkpoint.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (recorded(checkpoint) < batches) {
        if (!process.isAlive()) {
          fail(
              "the migration process exited with "
                  + process.exitValue()
                  + " before the checkpoint held "
                  + batches
                  + " batches; its output: "
                  + Files.readString(log, StandardCharsets.UTF_8));
        }
        if (System.nanoTime() > deadline) {
          fail("the checkpoint did not reach " + batches + " batches within 60 s");
        }
        Thread.sleep(2); // polling interval only; the condition above decides
      }
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
    } finally {
      process.destroyForcibly();
    }
    return CheckpointStore.file(checkpoint).completedBatches().size();
  }

  private static int recorded(Path checkpoint) throws Exception {
    try {
      return Math.max(0, Files.readAllLines(checkpoint, StandardCharsets.UTF_8).size() - 1);
    } catch (NoSuchFileException e) {
      return 0;
    }
  }
}
