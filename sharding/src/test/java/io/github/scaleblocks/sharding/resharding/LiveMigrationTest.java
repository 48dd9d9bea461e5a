package io.github.scaleblocks.sharding.resharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveMigrationTest {
  private static final int KEYS = 5000;

  private final ShardRouter<String> two = ShardRouters.rendezvous().build(nodes("a", "b"));
  private final ShardRouter<String> three = two.withNodes(nodes("a", "b", "c"));

  static List<Node<String>> nodes(String... ids) {
    List<Node<String>> nodes = new ArrayList<>();
    for (String id : ids) {
      nodes.add(Node.named(id));
    }
    return nodes;
  }

  private LiveMigrationBuilder<Long, String, String> builder(MapShards shards) {
    return LiveMigration.builder(two, three, KeyRouting.longs(), shards);
  }

  /** Thrown by a hook to stand for the process dying: an Error is not caught by the migration. */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void movesEveryKeyToItsNewOwnerAndNothingElse() {
    MapShards shards = MapShards.placed(two, KEYS);
    ReshardingPlan<Long, String> plan =
        ReshardingPlan.between(two, three).forKeys(MapShards.ids(KEYS), KeyRouting.longs());

    MigrationReport report = builder(shards).batchSize(100).build().run(MapShards.ids(KEYS));

    assertThat(shards.misplaced(three)).isNull();
    assertThat(shards.total()).isEqualTo(KEYS);
    assertThat(report.isComplete()).isTrue();
    assertThat(report.moved()).isEqualTo(plan.movedKeys()).isEqualTo(report.keysConsidered());
    assertThat(report.movedPerPair()).isEqualTo(plan.counts().perPair());
    for (long key = 0; key < KEYS; key++) {
      assertThat(shards.on(three.route(key).id())).containsEntry(key, "v" + key);
    }
  }

  @Test
  void runningAgainFindsEveryKeyAlreadyMoved() {
    MapShards shards = MapShards.placed(two, KEYS);
    LiveMigration<Long, String, String> migration = builder(shards).build();
    MigrationReport first = migration.run(MapShards.ids(KEYS));

    MigrationReport second = migration.run(MapShards.ids(KEYS));

    assertThat(second.moved()).isZero();
    assertThat(second.alreadyMoved()).isEqualTo(first.moved());
    assertThat(shards.misplaced(three)).isNull();
    assertThat(shards.total()).isEqualTo(KEYS);
  }

  @Test
  void aPlanDrivesTheSameMigration() {
    MapShards shards = MapShards.placed(two, KEYS);
    ReshardingPlan<Long, String> plan =
        ReshardingPlan.between(two, three).forKeys(MapShards.ids(KEYS), KeyRouting.longs());

    MigrationReport report = builder(shards).batchSize(64).build().run(plan);

    assertThat(report.moved()).isEqualTo(plan.movedKeys());
    assertThat(shards.misplaced(three)).isNull();
  }

  @Test
  void aPlanOverOtherNodesIsRejected() {
    MapShards shards = MapShards.placed(two, 10);
    ReshardingPlan<Long, String> plan =
        ReshardingPlan.between(two, two.withNodes(nodes("a", "b", "d")))
            .forKeys(MapShards.ids(10), KeyRouting.longs());
    assertThatThrownBy(() -> builder(shards).build().run(plan))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the plan's new router has nodes [Node[a], Node[b], Node[d]]");
  }

  @Test
  void aCrashedRunIsFinishedByTheNextAndTheCheckpointSkipsFinishedBatches() {
    MapShards shards = MapShards.placed(two, KEYS);
    CheckpointStore checkpoint = CheckpointStore.inMemory();
    AtomicInteger deletes = new AtomicInteger();
    // die after the write of the 750th moved key, before its delete
    shards.hook =
        (operation, node, key) -> {
          if (operation.equals("delete") && deletes.incrementAndGet() == 750) {
            throw new Crash();
          }
        };
    LiveMigration<Long, String, String> migration =
        builder(shards).batchSize(100).checkpoint(checkpoint).build();
    assertThatThrownBy(() -> migration.run(MapShards.ids(KEYS))).isInstanceOf(Crash.class);
    assertThat(shards.misplaced(three)).isNotNull();
    int recorded = checkpoint.completedBatches().size();
    assertThat(recorded).isBetween(1, 7);

    shards.hook = (operation, node, key) -> {};
    long readsBefore = shards.reads.get();
    MigrationReport second = migration.run(MapShards.ids(KEYS));

    long moving =
        ReshardingPlan.between(two, three)
            .count(MapShards.ids(KEYS), KeyRouting.longs())
            .movedKeys();
    assertThat(second.batchesSkipped()).isEqualTo(recorded);
    assertThat(second.keysConsidered()).isEqualTo(moving - 100L * recorded);
    // the crashed batch had all its keys written and 49 deleted
    long deletedOfCrashedBatch = 749 - 100L * recorded;
    assertThat(second.alreadyMoved()).isEqualTo(deletedOfCrashedBatch);
    assertThat(second.verifiedOnTarget()).isEqualTo(100 - deletedOfCrashedBatch);
    assertThat(second.moved()).isEqualTo(moving - 100L * (recorded + 1));
    // skipped batches cost no callback: 3 reads per moved key, 2 per key found moved or copied
    assertThat(shards.reads.get() - readsBefore)
        .isEqualTo(3 * second.moved() + 2 * (second.verifiedOnTarget() + second.alreadyMoved()));
    assertThat(shards.misplaced(three)).isNull();
    assertThat(shards.total()).isEqualTo(KEYS);
    assertThat(checkpoint.completedBatches()).as("cleared on completion").isEmpty();
  }

  @Test
  void aLostCheckpointOnlyCostsTime() {
    MapShards shards = MapShards.placed(two, KEYS);
    AtomicInteger writes = new AtomicInteger();
    shards.hook =
        (operation, node, key) -> {
          if (operation.equals("write") && writes.incrementAndGet() == 900) {
            throw new Crash();
          }
        };
    assertThatThrownBy(() -> builder(shards).batchSize(100).build().run(MapShards.ids(KEYS)))
        .isInstanceOf(Crash.class);
    shards.hook = (operation, node, key) -> {};

    // a new migration with a fresh (empty) checkpoint redoes and verifies everything
    MigrationReport second = builder(shards).batchSize(100).build().run(MapShards.ids(KEYS));

    assertThat(second.batchesSkipped()).isZero();
    assertThat(second.alreadyMoved()).isEqualTo(800); // 8 batches done
    assertThat(second.verifiedOnTarget()).isEqualTo(99); // the 9th written but not deleted
    assertThat(second.failed()).isZero();
    assertThat(shards.misplaced(three)).isNull();
    assertThat(shards.total()).isEqualTo(KEYS);
  }

  @Test
  void storesWithBatchCallsMoveABatchInFiveCalls() {
    MapShards shards = MapShards.placed(two, KEYS);
    shards.bulk = true;
    MigrationReport report = builder(shards).batchSize(100).build().run(MapShards.ids(KEYS));

    assertThat(report.isComplete()).isTrue();
    assertThat(shards.bulkCalls.get()).isEqualTo(5 * report.batchesRun());
    assertThat(shards.reads.get() + shards.writes.get() + shards.deletes.get()).isZero();
    assertThat(shards.misplaced(three)).isNull();
    assertThat(shards.total()).isEqualTo(KEYS);
  }

  @Test
  void aFailingBatchCallRedoesTheBatchKeyByKey() {
    MapShards shards = MapShards.placed(two, KEYS);
    shards.bulk = true;
    AtomicInteger deleteAlls = new AtomicInteger();
    shards.hook =
        (operation, node, key) -> {
          if (operation.equals("deleteAll") && deleteAlls.incrementAndGet() == 3) {
            throw new IOException("deadlock detected");
          }
        };
    MigrationReport report = builder(shards).batchSize(100).build().run(MapShards.ids(KEYS));

    assertThat(report.isComplete()).isTrue();
    assertThat(report.verifiedOnTarget()).as("the third batch, written in bulk").isEqualTo(100);
    assertThat(shards.deletes.get()).isEqualTo(100);
    assertThat(shards.misplaced(three)).isNull();
    assertThat(shards.total()).isEqualTo(KEYS);
  }

  @Test
  void aKeyDeletedByTheApplicationIsMissingNotFailed() {
    MapShards shards = MapShards.placed(two, KEYS);
    long gone =
        MapShards.ids(KEYS).stream()
            .filter(k -> !two.route(k).id().equals(three.route(k).id()))
            .findFirst()
            .get();
    shards.on(two.route(gone).id()).remove(gone);

    MigrationReport report = builder(shards).build().run(MapShards.ids(KEYS));

    assertThat(report.missing()).isEqualTo(1);
    assertThat(report.isComplete()).isTrue();
    assertThat(shards.total()).isEqualTo(KEYS - 1);
  }

  @Test
  void aDifferentValueOnTheTargetFailsNamingKeyAndNodesAndKeepsTheSource() {
    MapShards shards = MapShards.placed(two, KEYS);
    long key =
        MapShards.ids(KEYS).stream().filter(k -> three.route(k).id().equals("c")).findFirst().get();
    String from = two.route(key).id();
    shards.on("c").put(key, "changed");
    CheckpointStore checkpoint = CheckpointStore.inMemory();
    List<MigrationEvent> events = new CopyOnWriteArrayList<>();

    MigrationReport report =
        builder(shards)
            .checkpoint(checkpoint)
            .listener(events::add)
            .build()
            .run(MapShards.ids(KEYS));

    assertThat(report.failed()).isEqualTo(1);
    MigrationFailure failure = report.failures().get(0);
    assertThat(failure.stage()).isEqualTo(MigrationFailure.Stage.VERIFY);
    assertThat(failure.pair()).isEqualTo(new ShardPair(from, "c"));
    assertThat(failure.message())
        .isEqualTo(
            "migrating key "
                + key
                + " from node '"
                + from
                + "' to node 'c' failed at VERIFY after 1 attempt: "
                + "the target already holds a different value");
    assertThat(shards.on(from)).containsEntry(key, "v" + key);
    assertThat(events).contains(new MigrationEvent.KeyFailed(failure));
    assertThat(checkpoint.completedBatches())
        .as("every batch but the failed one recorded")
        .hasSize((int) report.batchesRun() - 1);
    assertThatThrownBy(report::throwIfFailed)
        .isInstanceOf(ReshardingException.class)
        .hasMessageStartingWith("1 key(s) failed to migrate; first: migrating key " + key);
  }

  @Test
  void transientCallbackFailuresAreRetriedAndPersistentOnesReported() {
    MapShards shards = MapShards.placed(two, KEYS);
    long key =
        MapShards.ids(KEYS).stream().filter(k -> three.route(k).id().equals("c")).findFirst().get();
    AtomicInteger failuresLeft = new AtomicInteger(2);
    shards.hook =
        (operation, node, k) -> {
          if (operation.equals("write") && k == key && failuresLeft.getAndDecrement() > 0) {
            throw new IOException("connection reset");
          }
        };
    MigrationReport retried = builder(shards).retries(2).build().run(MapShards.ids(KEYS));
    assertThat(retried.isComplete()).isTrue();
    assertThat(shards.misplaced(three)).isNull();

    MapShards again = MapShards.placed(two, KEYS);
    again.hook =
        (operation, node, k) -> {
          if (operation.equals("write") && k == key) {
            throw new IOException("connection reset");
          }
        };
    MigrationReport failed =
        LiveMigration.builder(two, three, KeyRouting.longs(), again)
            .retries(1)
            .build()
            .run(MapShards.ids(KEYS));
    MigrationFailure failure = failed.failures().get(0);
    assertThat(failure.attempts()).isEqualTo(2);
    assertThat(failure.stage()).isEqualTo(MigrationFailure.Stage.WRITE);
    assertThat(failure.cause()).isInstanceOf(IOException.class);
    assertThat(failure.message())
        .endsWith(
            "to node 'c' failed at WRITE after 2 attempts: java.io.IOException: connection reset");
    assertThat(again.on(two.route(key).id())).containsKey(key);
  }

  @Test
  void eventsReportBatchesProgressAndDurationsOnTheInjectedTicker() {
    MapShards shards = MapShards.placed(two, KEYS);
    ManualTicker time = ManualTicker.create();
    shards.hook =
        (operation, node, key) -> {
          if (operation.equals("write")) {
            time.advance(1, TimeUnit.MILLISECONDS);
          }
        };
    List<MigrationEvent> events = new ArrayList<>();
    MigrationReport report =
        builder(shards)
            .batchSize(250)
            .ticker(time)
            .listener(events::add)
            .build()
            .run(MapShards.ids(KEYS));

    List<MigrationEvent.BatchFinished> batches =
        events.stream()
            .filter(MigrationEvent.BatchFinished.class::isInstance)
            .map(MigrationEvent.BatchFinished.class::cast)
            .toList();
    assertThat(batches).hasSize((int) report.batchesRun());
    for (MigrationEvent.BatchFinished batch : batches) {
      assertThat(batch.took()).isEqualTo(Duration.ofMillis(batch.moved()));
    }
    assertThat(batches.stream().mapToLong(MigrationEvent.BatchFinished::moved).sum())
        .isEqualTo(report.moved());
    assertThat(report.elapsed()).isEqualTo(Duration.ofMillis(report.moved()));
    MigrationEvent.Progress lastProgress = (MigrationEvent.Progress) events.get(events.size() - 2);
    assertThat(lastProgress.soFar().movedPerPair()).isEqualTo(report.movedPerPair());
    assertThat(events.get(events.size() - 1)).isEqualTo(new MigrationEvent.Finished(report));
  }

  @Test
  void aReadFindsAKeyThatMovesBetweenItsTargetAndSourceReads() {
    MapShards shards = MapShards.placed(two, KEYS);
    long key =
        MapShards.ids(KEYS).stream().filter(k -> three.route(k).id().equals("c")).findFirst().get();
    String from = two.route(key).id();
    LiveMigration<Long, String, String> migration = builder(shards).build();
    AtomicInteger targetReads = new AtomicInteger();
    AtomicInteger sourceReads = new AtomicInteger();
    // the reader's target read finds nothing; then, just before its source read, the migration
    // copies the key to the target and deletes it from the source
    shards.hook =
        (operation, node, k) -> {
          if (k != key || !operation.equals("read")) {
            return;
          }
          if (node.equals("c")) {
            targetReads.incrementAndGet();
          } else if (node.equals(from) && sourceReads.incrementAndGet() == 1) {
            shards.on("c").put(key, shards.on(from).remove(key));
          }
        };

    assertThat(migration.read(key)).isEqualTo("v" + key);
    assertThat(targetReads).as("found by the second read of the target").hasValue(2);
    assertThat(sourceReads).hasValue(1);
  }

  @Test
  void readersNeverMissWhileTheMigrationRuns() throws Exception {
    int keys = 20_000;
    MapShards shards = MapShards.placed(two, keys);
    LiveMigration<Long, String, String> migration = builder(shards).batchSize(200).build();
    int readers = 4;
    CountDownLatch reading = new CountDownLatch(readers);
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong reads = new AtomicLong();
    AtomicLong misses = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(readers);
    List<Future<?>> futures = new ArrayList<>();
    for (int r = 0; r < readers; r++) {
      SplittableRandom random = new SplittableRandom(r);
      futures.add(
          pool.submit(
              () -> {
                boolean first = true;
                while (!done.get()) {
                  long key = random.nextLong(keys);
                  String value = migration.read(key);
                  reads.incrementAndGet();
                  if (!("v" + key).equals(value)) {
                    misses.incrementAndGet();
                  }
                  if (first) {
                    reading.countDown();
                    first = false;
                  }
                }
              }));
    }
    assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
    long readsBefore = reads.get();
    MigrationReport report = migration.run(MapShards.ids(keys));
    long readsDuring = reads.get() - readsBefore;
    done.set(true);
    for (Future<?> future : futures) {
      future.get(10, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(report.moved()).isGreaterThan(keys / 4);
    assertThat(readsDuring).isPositive();
    assertThat(misses.get()).isZero();
    assertThat(shards.misplaced(three)).isNull();
  }

  @Test
  void afterTheMigrationReadsAreAnsweredByTheNewOwner() {
    MapShards shards = MapShards.placed(two, KEYS);
    LiveMigration<Long, String, String> migration = builder(shards).build();
    migration.run(MapShards.ids(KEYS));
    long readsBefore = shards.reads.get();
    for (long key = 0; key < KEYS; key++) {
      assertThat(migration.read(key)).isEqualTo("v" + key);
    }
    assertThat(shards.reads.get() - readsBefore).isEqualTo(KEYS);
  }

  @Test
  void aFailingReadNamesTheKeyAndNode() {
    MapShards shards = MapShards.placed(two, 10);
    shards.hook =
        (operation, node, key) -> {
          throw new IOException("timeout");
        };
    LiveMigration<Long, String, String> migration = builder(shards).build();
    assertThatThrownBy(() -> migration.read(7L))
        .isInstanceOf(ReshardingException.class)
        .hasMessage(
            "reading key 7 on Node["
                + three.route(7L).id()
                + "] failed: java.io.IOException: timeout");
  }

  @Test
  void aSecondConcurrentRunIsRejected() {
    MapShards shards = MapShards.placed(two, 100);
    List<LiveMigration<Long, String, String>> holder = new ArrayList<>();
    List<Throwable> nested = new ArrayList<>();
    shards.hook =
        (operation, node, key) -> {
          if (nested.isEmpty()) {
            try {
              holder.get(0).run(List.of(key));
            } catch (IllegalStateException e) {
              nested.add(e);
            }
          }
        };
    holder.add(builder(shards).build());
    assertThat(holder.get(0).run(MapShards.ids(100)).isComplete()).isTrue();
    assertThat(nested)
        .singleElement()
        .extracting(Throwable::getMessage)
        .isEqualTo("this migration is already running on another thread");
  }

  @Test
  void byteArrayKeysAreNamedInHex() {
    assertThat(KeyRouting.bytes().describe(new byte[] {0x0a, (byte) 0xff})).isEqualTo("0x0aff");
    assertThat(KeyRouting.bytes().fingerprint(new byte[] {1, 2}))
        .isEqualTo(KeyRouting.bytes().fingerprint(new byte[] {1, 2}));
  }

  @Test
  void builderRejectsBadAndRepeatedSettings() {
    MapShards shards = new MapShards();
    assertThatThrownBy(() -> builder(shards).batchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize must be positive but was 0");
    assertThatThrownBy(() -> builder(shards).retries(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retries must not be negative but was -1");
    assertThatThrownBy(() -> builder(shards).batchSize(10).batchSize(20))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("batchSize was already set to 10");
  }

  @Test
  void aBuilderIsReusableAndEachMigrationHasItsOwnDefaultCheckpoint() {
    MapShards shards = MapShards.placed(two, KEYS);
    LiveMigrationBuilder<Long, String, String> builder = builder(shards).batchSize(100);
    LiveMigration<Long, String, String> one = builder.build();
    LiveMigration<Long, String, String> other = builder.build();
    assertThat(one.run(MapShards.ids(KEYS)).isComplete()).isTrue();
    assertThat(other.run(MapShards.ids(KEYS)).batchesSkipped()).isZero();
    assertThat(Map.copyOf(shards.data)).hasSize(3);
  }
}
