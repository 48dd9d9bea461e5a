package io.github.scaleblocks.sharding.resharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.event.EventPublisher;
import io.github.scaleblocks.core.hash.KeyHasher;
import io.github.scaleblocks.core.hash.KeyHashers;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.core.time.Ticker;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.resharding.MigrationFailure.Stage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LiveMigration} built by {@link LiveMigrationBuilder}.
 *
 * <p>Design: each key's move is a sequence of idempotent steps (see {@link LiveMigration}), so the
 * only state that matters lives in the user's stores. The checkpoint is an optimisation keyed by a
 * fingerprint of (old node ids, new node ids, pair, keys of the batch): a batch is skipped only if
 * exactly that batch finished before, and is recorded only after all of its keys succeeded.
 *
 * <p>A batch first goes through the store's batch calls (read all sources, read all targets, write
 * the missing, read them back, delete the verified sources): the same steps as for one key, in five
 * calls. If a batch call throws, the batch is redone key by key, which is safe because every step
 * is; keys whose values differ are also redone key by key, so they retry and fail by name.
 */
final class DefaultLiveMigration<K, V, T> implements LiveMigration<K, V, T> {
  private static final KeyHasher HASH = KeyHashers.xxh3();
  private static final Logger LOG = LoggerFactory.getLogger(DefaultLiveMigration.class);

  private final ShardRouter<T> oldRouter;
  private final ShardRouter<T> newRouter;
  private final KeyRouting<K> routing;
  private final ShardAccess<K, V, T> access;
  private final int batchSize;
  private final int retries;
  private final CheckpointStore checkpoint;
  private final BiPredicate<? super V, ? super V> equivalence;
  private final Ticker ticker;
  private final EventPublisher<MigrationEvent> events;
  private final Map<String, Node<T>> oldNodes = new HashMap<>();
  private final Map<String, Node<T>> newNodes = new HashMap<>();
  private final long topology;
  private final AtomicBoolean running = new AtomicBoolean();

  DefaultLiveMigration(
      ShardRouter<T> oldRouter,
      ShardRouter<T> newRouter,
      KeyRouting<K> routing,
      ShardAccess<K, V, T> access,
      int batchSize,
      int retries,
      CheckpointStore checkpoint,
      BiPredicate<? super V, ? super V> equivalence,
      Ticker ticker,
      EventPublisher<MigrationEvent> events) {
    this.oldRouter = oldRouter;
    this.newRouter = newRouter;
    this.routing = routing;
    this.access = access;
    this.batchSize = batchSize;
    this.retries = retries;
    this.checkpoint = checkpoint;
    this.equivalence = equivalence;
    this.ticker = ticker;
    this.events = events;
    StringBuilder ids = new StringBuilder("old");
    for (Node<T> node : oldRouter.nodes()) {
      oldNodes.put(node.id(), node);
      ids.append('\n').append(node.id());
    }
    ids.append("\nnew");
    for (Node<T> node : newRouter.nodes()) {
      newNodes.put(node.id(), node);
      ids.append('\n').append(node.id());
    }
    this.topology = HASH.hash(ids);
  }

  @Override
  public MigrationReport run(Iterable<? extends K> keys) {
    Checks.notNull(keys, "keys");
    return guarded(
        run -> {
          Map<ShardPair, List<K>> pending = new LinkedHashMap<>();
          long position = 0;
          for (K key : keys) {
            Checks.notNull(key, "key at position " + position++);
            Node<T> from = routing.route(oldRouter, key);
            Node<T> to = routing.route(newRouter, key);
            if (from.id().equals(to.id())) {
              continue;
            }
            ShardPair pair = new ShardPair(from.id(), to.id());
            List<K> batch = pending.computeIfAbsent(pair, p -> new ArrayList<>(batchSize));
            batch.add(key);
            if (batch.size() == batchSize) {
              run.batch(pair, batch);
              pending.remove(pair);
            }
          }
          pending.forEach(run::batch);
        });
  }

  @Override
  public MigrationReport run(ReshardingPlan<K, T> plan) {
    Checks.notNull(plan, "plan");
    checkSameNodes("old", plan.oldRouter(), oldRouter);
    checkSameNodes("new", plan.newRouter(), newRouter);
    return guarded(
        run ->
            plan.moves()
                .forEach(
                    (pair, keys) -> {
                      for (int start = 0; start < keys.size(); start += batchSize) {
                        run.batch(
                            pair, keys.subList(start, Math.min(keys.size(), start + batchSize)));
                      }
                    }));
  }

  private static void checkSameNodes(String which, ShardRouter<?> planned, ShardRouter<?> ours) {
    if (!planned.nodes().equals(ours.nodes())) {
      throw new IllegalArgumentException(
          "the plan's "
              + which
              + " router has nodes "
              + planned.nodes()
              + " but this migration's has "
              + ours.nodes());
    }
  }

  private MigrationReport guarded(Consumer<Run> body) {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("this migration is already running on another thread");
    }
    try {
      Run run = new Run(checkpoint.completedBatches());
      body.accept(run);
      MigrationReport report = run.report();
      if (report.isComplete()) {
        checkpoint.clear();
      }
      if (events.hasListeners()) {
        events.publish(new MigrationEvent.Finished(report));
      }
      return report;
    } finally {
      running.set(false);
    }
  }

  @Override
  public @Nullable V read(K key) {
    Checks.notNull(key, "key");
    Node<T> to = routing.route(newRouter, key);
    V value = readOn(to, key);
    if (value != null) {
      return value;
    }
    Node<T> from = routing.route(oldRouter, key);
    if (from.id().equals(to.id())) {
      return null;
    }
    value = readOn(from, key);
    if (value != null) {
      return value;
    }
    // The migration writes the target before it deletes the source: a key that moved after the
    // first read is on the target now.
    return readOn(to, key);
  }

  private @Nullable V readOn(Node<T> node, K key) {
    try {
      return access.read(node, key);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReshardingException(
          "interrupted while reading key " + routing.describe(key) + " on " + node, e);
    } catch (RuntimeException e) {
      throw new ReshardingException(
          "reading key " + routing.describe(key) + " on " + node + " failed: " + e, e);
    } catch (Exception e) {
      throw new ReshardingException(
          "reading key " + routing.describe(key) + " on " + node + " failed: " + e, e);
    }
  }

  @Override
  public ShardRouter<T> oldRouter() {
    return oldRouter;
  }

  @Override
  public ShardRouter<T> newRouter() {
    return newRouter;
  }

  @Override
  public String toString() {
    return "LiveMigration["
        + oldRouter.nodes().size()
        + " -> "
        + newRouter.nodes().size()
        + " nodes, batchSize="
        + batchSize
        + ", retries="
        + retries
        + ", "
        + checkpoint
        + "]";
  }

  private enum Outcome {
    MOVED,
    VERIFIED_ON_TARGET,
    ALREADY_MOVED,
    MISSING,
    FAILED
  }

  /** A value comparison that failed: reported with no cause. */
  private static final class Mismatch extends Exception {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(message, null, false, false);
    }
  }

  /** The state of one run: counters and the checkpoint's finished batches. */
  private final class Run {
    private final Set<Long> finished;
    private final long started = ticker.read();
    private final Map<ShardPair, Long> movedPerPair = new TreeMap<>();
    private final List<MigrationFailure> failures = new ArrayList<>();
    private long considered;
    private long moved;
    private long verifiedOnTarget;
    private long alreadyMoved;
    private long missing;
    private long failed;
    private long batchesRun;
    private long batchesSkipped;

    Run(Set<Long> finished) {
      this.finished = finished;
    }

    void batch(ShardPair pair, List<K> keys) {
      long fingerprint = fingerprint(pair, keys);
      if (finished.contains(fingerprint)) {
        batchesSkipped++;
        if (events.hasListeners()) {
          events.publish(new MigrationEvent.BatchSkipped(pair, keys.size()));
        }
        return;
      }
      Node<T> from = node(oldNodes, pair.fromId(), "old");
      Node<T> to = node(newNodes, pair.toId(), "new");
      long batchStart = ticker.read();
      int[] outcomes = new int[Outcome.values().length];
      try {
        moveBatch(keys, pair, from, to, outcomes);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ReshardingException("interrupted while migrating a batch of " + pair, e);
      } catch (Exception e) {
        LOG.warn(
            "moving a batch of {} keys {} in bulk failed; moving them one by one",
            keys.size(),
            pair,
            e);
        Arrays.fill(outcomes, 0);
        for (K key : keys) {
          outcomes[move(key, pair, from, to).ordinal()]++;
        }
      }
      batchesRun++;
      considered += keys.size();
      int batchMoved = outcomes[Outcome.MOVED.ordinal()];
      moved += batchMoved;
      verifiedOnTarget += outcomes[Outcome.VERIFIED_ON_TARGET.ordinal()];
      alreadyMoved += outcomes[Outcome.ALREADY_MOVED.ordinal()];
      missing += outcomes[Outcome.MISSING.ordinal()];
      failed += outcomes[Outcome.FAILED.ordinal()];
      if (batchMoved > 0) {
        movedPerPair.merge(pair, (long) batchMoved, Long::sum);
      }
      if (outcomes[Outcome.FAILED.ordinal()] == 0) {
        checkpoint.markCompleted(fingerprint);
      }
      if (events.hasListeners()) {
        events.publish(
            new MigrationEvent.BatchFinished(
                pair,
                keys.size(),
                batchMoved,
                outcomes[Outcome.VERIFIED_ON_TARGET.ordinal()],
                outcomes[Outcome.ALREADY_MOVED.ordinal()],
                outcomes[Outcome.MISSING.ordinal()],
                outcomes[Outcome.FAILED.ordinal()],
                Duration.ofNanos(ticker.read() - batchStart)));
        events.publish(new MigrationEvent.Progress(report()));
      }
    }

    /** The steps of {@link #move} for a whole batch, through the store's batch calls. */
    private void moveBatch(List<K> keys, ShardPair pair, Node<T> from, Node<T> to, int[] outcomes)
        throws Exception {
      List<Optional<V>> sources = sized(access.readAll(from, keys), keys.size(), from);
      List<Optional<V>> targets = sized(access.readAll(to, keys), keys.size(), to);
      List<K> toWrite = new ArrayList<>();
      List<V> written = new ArrayList<>();
      List<K> toDelete = new ArrayList<>();
      List<K> oneByOne = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        V source = sources.get(i).orElse(null);
        V target = targets.get(i).orElse(null);
        if (source == null) {
          outcomes[(target == null ? Outcome.MISSING : Outcome.ALREADY_MOVED).ordinal()]++;
        } else if (target == null) {
          toWrite.add(keys.get(i));
          written.add(source);
        } else if (equivalence.test(source, target)) {
          toDelete.add(keys.get(i));
          outcomes[Outcome.VERIFIED_ON_TARGET.ordinal()]++;
        } else {
          oneByOne.add(keys.get(i));
        }
      }
      if (!toWrite.isEmpty()) {
        access.writeAll(to, toWrite, written);
        List<Optional<V>> copies = sized(access.readAll(to, toWrite), toWrite.size(), to);
        for (int i = 0; i < toWrite.size(); i++) {
          V copy = copies.get(i).orElse(null);
          if (copy != null && equivalence.test(written.get(i), copy)) {
            toDelete.add(toWrite.get(i));
            outcomes[Outcome.MOVED.ordinal()]++;
          } else {
            oneByOne.add(toWrite.get(i));
          }
        }
      }
      if (!toDelete.isEmpty()) {
        access.deleteAll(from, toDelete);
      }
      for (K key : oneByOne) {
        outcomes[move(key, pair, from, to).ordinal()]++;
      }
    }

    private List<Optional<V>> sized(List<Optional<V>> values, int expected, Node<T> node) {
      if (values.size() != expected) {
        throw new IllegalStateException(
            "readAll on "
                + node
                + " returned "
                + values.size()
                + " values for "
                + expected
                + " keys");
      }
      return values;
    }

    private Node<T> node(Map<String, Node<T>> nodes, String id, String which) {
      Node<T> node = nodes.get(id);
      if (node == null) {
        throw new IllegalArgumentException(
            "node '" + id + "' is not a node of the " + which + " router " + nodes.keySet());
      }
      return node;
    }

    private long fingerprint(ShardPair pair, List<K> keys) {
      ByteBuffer bytes = ByteBuffer.allocate(8 * (3 + keys.size())).order(ByteOrder.LITTLE_ENDIAN);
      bytes.putLong(topology).putLong(HASH.hash(pair.fromId())).putLong(HASH.hash(pair.toId()));
      for (K key : keys) {
        bytes.putLong(routing.fingerprint(key));
      }
      return HASH.hash(bytes.array());
    }

    private Outcome move(K key, ShardPair pair, Node<T> from, Node<T> to) {
      int attempts = 0;
      while (true) {
        attempts++;
        Stage stage = Stage.READ_SOURCE;
        try {
          V source = access.read(from, key);
          stage = Stage.READ_TARGET;
          V target = access.read(to, key);
          if (source == null) {
            return target == null ? Outcome.MISSING : Outcome.ALREADY_MOVED;
          }
          if (target != null) {
            stage = Stage.VERIFY;
            if (!equivalence.test(source, target)) {
              throw new Mismatch("the target already holds a different value");
            }
            stage = Stage.DELETE;
            access.delete(from, key);
            return Outcome.VERIFIED_ON_TARGET;
          }
          stage = Stage.WRITE;
          access.write(to, key, source);
          stage = Stage.VERIFY;
          V copy = access.read(to, key);
          if (copy == null) {
            throw new Mismatch("the target does not hold the key after the write");
          }
          if (!equivalence.test(source, copy)) {
            throw new Mismatch("the target holds a different value after the write");
          }
          stage = Stage.DELETE;
          access.delete(from, key);
          return Outcome.MOVED;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ReshardingException(
              "interrupted while migrating key " + routing.describe(key) + " (" + pair + ")", e);
        } catch (Exception e) {
          if (attempts <= retries) {
            continue;
          }
          fail(key, pair, stage, attempts, e);
          return Outcome.FAILED;
        }
      }
    }

    private void fail(K key, ShardPair pair, Stage stage, int attempts, Exception e) {
      String described = routing.describe(key);
      String message =
          "migrating key "
              + described
              + " from node '"
              + pair.fromId()
              + "' to node '"
              + pair.toId()
              + "' failed at "
              + stage
              + " after "
              + attempts
              + (attempts == 1 ? " attempt: " : " attempts: ")
              + (e instanceof Mismatch ? e.getMessage() : e.toString());
      MigrationFailure failure =
          new MigrationFailure(
              described, pair, stage, attempts, message, e instanceof Mismatch ? null : e);
      if (failures.size() < LiveMigrationBuilder.MAX_REPORTED_FAILURES) {
        failures.add(failure);
      }
      if (events.hasListeners()) {
        events.publish(new MigrationEvent.KeyFailed(failure));
      }
    }

    MigrationReport report() {
      return new MigrationReport(
          considered,
          moved,
          verifiedOnTarget,
          alreadyMoved,
          missing,
          failed,
          batchesRun,
          batchesSkipped,
          movedPerPair,
          failures,
          Duration.ofNanos(ticker.read() - started));
    }
  }
}
