package io.github.scaleblocks.sharding.resharding.it;

import io.github.scaleblocks.sharding.resharding.CheckpointStore;
import io.github.scaleblocks.sharding.resharding.KeyRouting;
import io.github.scaleblocks.sharding.resharding.LiveMigration;
import io.github.scaleblocks.sharding.resharding.MigrationReport;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;

/**
 * The migration of {@link PostgresCrashTest}, run in its own JVM so the test can kill it with
 * SIGKILL: rows 0..rows-1 move from databases {prefix}a, {prefix}b to {prefix}a, {prefix}b,
 * {prefix}c, recording finished batches in a file checkpoint.
 *
 * <p>Arguments: database prefix, row count, batch size, checkpoint file.
 */
public final class MigrationProcess {
  private MigrationProcess() {}

  /** Runs the migration; exits 0 when it completed, 1 when keys failed. */
  public static void main(String[] args) throws Exception {
    String prefix = args[0];
    int rows = Integer.parseInt(args[1]);
    int batchSize = Integer.parseInt(args[2]);
    Path checkpoint = Path.of(args[3]);
    try (PgShards access = new PgShards()) {
      MigrationReport report = migration(prefix, batchSize, checkpoint, access).run(ids(rows));
      System.out.println(report.summary());
      System.exit(report.isComplete() ? 0 : 1);
    }
  }

  static LiveMigration<Long, String, String> migration(
      String prefix, int batchSize, Path checkpoint, PgShards access) {
    return LiveMigration.builder(
            PgShards.router(prefix, "a", "b"),
            PgShards.router(prefix, "a", "b", "c"),
            KeyRouting.longs(),
            access)
        .batchSize(batchSize)
        .checkpoint(CheckpointStore.file(checkpoint))
        .build();
  }

  static List<Long> ids(int rows) {
    return LongStream.range(0, rows).boxed().toList();
  }
}
