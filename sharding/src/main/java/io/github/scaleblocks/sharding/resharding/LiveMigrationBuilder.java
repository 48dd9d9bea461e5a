package io.github.scaleblocks.sharding.resharding;

import io.github.scaleblocks.core.event.EventListener;
import io.github.scaleblocks.core.event.EventPublisher;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.core.time.Ticker;
import io.github.scaleblocks.sharding.ShardRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link LiveMigration}; from {@link LiveMigration#builder}. Each setting may be set
 * once; {@link #build()} copies the configuration, so the builder can be reused.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param <T> the node payload type
 */
public final class LiveMigrationBuilder<K, V, T> {
  /** The batch size when none is set. */
  public static final int DEFAULT_BATCH_SIZE = 500;

  /** How many failures a {@link MigrationReport} lists; the count covers all. */
  public static final int MAX_REPORTED_FAILURES = 100;

  private final ShardRouter<T> oldRouter;
  private final ShardRouter<T> newRouter;
  private final KeyRouting<K> routing;
  private final ShardAccess<K, V, T> access;
  private final List<EventListener<? super MigrationEvent>> listeners = new ArrayList<>();
  private int batchSize = -1;
  private int retries = -1;
  private @Nullable CheckpointStore checkpoint;
  private @Nullable BiPredicate<? super V, ? super V> equivalence;
  private @Nullable Ticker ticker;

  LiveMigrationBuilder(
      ShardRouter<T> oldRouter,
      ShardRouter<T> newRouter,
      KeyRouting<K> routing,
      ShardAccess<K, V, T> access) {
    this.oldRouter = Checks.notNull(oldRouter, "oldRouter");
    this.newRouter = Checks.notNull(newRouter, "newRouter");
    this.routing = Checks.notNull(routing, "routing");
    this.access = Checks.notNull(access, "access");
  }

  /**
   * Keys per batch (default {@value #DEFAULT_BATCH_SIZE}); a batch is the unit of checkpointing and
   * of progress events.
   */
  public LiveMigrationBuilder<K, V, T> batchSize(int size) {
    Checks.positive(size, "batchSize");
    if (batchSize != -1) {
      throw new IllegalStateException("batchSize was already set to " + batchSize);
    }
    batchSize = size;
    return this;
  }

  /**
   * Further attempts for a key whose move failed (default 0), made at once: the whole idempotent
   * move is repeated, so transient errors (a dropped connection, a serialization failure) heal.
   */
  public LiveMigrationBuilder<K, V, T> retries(int count) {
    Checks.notNegative(count, "retries");
    if (retries != -1) {
      throw new IllegalStateException("retries was already set to " + retries);
    }
    retries = count;
    return this;
  }

  /**
   * Where finished batches are recorded (default: a new {@link CheckpointStore#inMemory()} per
   * built migration). Use {@link CheckpointStore#file} to resume quickly after a crash.
   */
  public LiveMigrationBuilder<K, V, T> checkpoint(CheckpointStore store) {
    Checks.notNull(store, "checkpoint");
    if (checkpoint != null) {
      throw new IllegalStateException("checkpoint was already set to " + checkpoint);
    }
    checkpoint = store;
    return this;
  }

  /**
   * How a copy is verified (default {@link Objects#equals}); set it for values without a value
   * {@code equals}, such as {@code byte[]} ({@code Arrays::equals}).
   */
  public LiveMigrationBuilder<K, V, T> equivalence(BiPredicate<? super V, ? super V> same) {
    Checks.notNull(same, "equivalence");
    if (equivalence != null) {
      throw new IllegalStateException("equivalence was already set to " + equivalence);
    }
    equivalence = same;
    return this;
  }

  /** The time source for batch and run durations (default {@link Ticker#system()}). */
  public LiveMigrationBuilder<K, V, T> ticker(Ticker source) {
    Checks.notNull(source, "ticker");
    if (ticker != null) {
      throw new IllegalStateException("ticker was already set to " + ticker);
    }
    ticker = source;
    return this;
  }

  /** Adds a listener for {@link MigrationEvent}s; called on the migration thread. */
  public LiveMigrationBuilder<K, V, T> listener(EventListener<? super MigrationEvent> listener) {
    listeners.add(Checks.notNull(listener, "listener"));
    return this;
  }

  /** A migration with this configuration. */
  public LiveMigration<K, V, T> build() {
    return new DefaultLiveMigration<>(
        oldRouter,
        newRouter,
        routing,
        access,
        batchSize == -1 ? DEFAULT_BATCH_SIZE : batchSize,
        retries == -1 ? 0 : retries,
        checkpoint == null ? CheckpointStore.inMemory() : checkpoint,
        equivalence == null ? Objects::equals : equivalence,
        ticker == null ? Ticker.system() : ticker,
        EventPublisher.<MigrationEvent>of(List.copyOf(listeners)));
  }
}
