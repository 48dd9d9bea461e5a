package io.github.scaleblocks.sharding.resharding.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.resharding.KeyRouting;
import io.github.scaleblocks.sharding.resharding.LiveMigration;
import io.github.scaleblocks.sharding.resharding.MigrationReport;
import io.github.scaleblocks.sharding.resharding.ReshardingPlan;
import io.github.scaleblocks.sharding.resharding.ShardPair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresReshardingTest {
  private static final int ROWS = 20_000;

  @BeforeAll
  static void server() {
    PgShards.requireServer();
  }

  static List<Long> ids(int count) {
    return LongStream.range(0, count).boxed().toList();
  }

  @Test
  void reshardsTwentyThousandRowsFromTwoDatabasesToThreeAndThenToAnotherTwo() throws Exception {
    String prefix = "sb_shard_";
    PgShards.recreate(prefix, "a", "b", "c");
    List<Node<String>> all = PgShards.nodes(prefix, "a", "b", "c");
    ShardRouter<String> two = PgShards.router(prefix, "a", "b");
    ShardRouter<String> three = PgShards.router(prefix, "a", "b", "c");
    PgShards.load(two, ROWS);
    PgShards.Totals before = PgShards.totals(all);
    assertThat(before.rows()).isEqualTo(ROWS);
    assertThat(PgShards.misplaced(all, two)).isEmpty();

    try (PgShards access = new PgShards()) {
      // 2 -> 3, driven by the id list
      ReshardingPlan<Long, String> plan =
          ReshardingPlan.between(two, three).forKeys(ids(ROWS), KeyRouting.longs());
      MigrationReport toThree =
          LiveMigration.builder(two, three, KeyRouting.longs(), access)
              .batchSize(500)
              .build()
              .run(ids(ROWS))
              .throwIfFailed();

      assertThat(toThree.moved()).isEqualTo(plan.movedKeys());
      assertThat(plan.moves().keySet())
          .containsExactly(new ShardPair("a", "c"), new ShardPair("b", "c"));
      assertThat(PgShards.totals(all)).isEqualTo(before);
      assertThat(PgShards.misplaced(all, three)).isEmpty();
      assertThat(PgShards.idsByNode(all).get("c")).hasSize((int) plan.movedKeys());

      // 3 -> {a, c}: b is retired; driven by a plan made by scanning what each database holds
      ShardRouter<String> retireB = PgShards.router(prefix, "a", "c");
      ReshardingPlan<Long, String> scanned =
          ReshardingPlan.between(three, retireB).forScan(PgShards.keyScan(), KeyRouting.longs());
      assertThat(scanned.moves().keySet())
          .containsExactly(new ShardPair("b", "a"), new ShardPair("b", "c"));
      MigrationReport toTwo =
          LiveMigration.builder(three, retireB, KeyRouting.longs(), access)
              .batchSize(500)
              .build()
              .run(scanned)
              .throwIfFailed();

      assertThat(toTwo.moved()).isEqualTo(scanned.movedKeys());
      assertThat(PgShards.totals(all)).isEqualTo(before);
      assertThat(PgShards.misplaced(all, retireB)).isEmpty();
      assertThat(PgShards.idsByNode(all).get("b")).isEmpty();
    }
  }

  @Test
  void readersNeverMissWhileRowsMoveBetweenDatabases() throws Exception {
    String prefix = "sb_dual_";
    int rows = 6000;
    PgShards.reset(prefix, "a", "b", "c");
    List<Node<String>> all = PgShards.nodes(prefix, "a", "b", "c");
    ShardRouter<String> two = PgShards.router(prefix, "a", "b");
    ShardRouter<String> three = PgShards.router(prefix, "a", "b", "c");
    PgShards.load(two, rows);
    PgShards.Totals before = PgShards.totals(all);

    try (PgShards access = new PgShards()) {
      LiveMigration<Long, String, String> migration =
          LiveMigration.builder(two, three, KeyRouting.longs(), access).batchSize(20).build();
      int readers = 2;
      CountDownLatch reading = new CountDownLatch(readers);
      AtomicBoolean done = new AtomicBoolean();
      AtomicLong reads = new AtomicLong();
      List<String> misses = java.util.Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(readers);
      List<Future<?>> futures = new ArrayList<>();
      for (int r = 0; r < readers; r++) {
        SplittableRandom random = new SplittableRandom(100 + r);
        futures.add(
            pool.submit(
                () -> {
                  reading.countDown();
                  while (!done.get()) {
                    long id = random.nextLong(rows);
                    String value = migration.read(id);
                    if (!PgShards.payload(id).equals(value)) {
                      misses.add(id + " read as " + value);
                    }
                    reads.incrementAndGet();
                  }
                }));
      }
      assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
      long readsBefore = reads.get();
      MigrationReport report = migration.run(ids(rows)).throwIfFailed();
      long readsDuring = reads.get() - readsBefore;
      done.set(true);
      for (Future<?> future : futures) {
        future.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();

      assertThat(report.moved()).isGreaterThan(rows / 4);
      assertThat(readsDuring).isGreaterThan(200);
      assertThat(misses).isEmpty();
      assertThat(PgShards.totals(all)).isEqualTo(before);
      assertThat(PgShards.misplaced(all, three)).isEmpty();
    }
  }
}
