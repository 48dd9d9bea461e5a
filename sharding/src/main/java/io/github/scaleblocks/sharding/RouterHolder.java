package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.event.EventListener;
import io.github.scaleblocks.core.event.EventPublisher;
import io.github.scaleblocks.core.internal.Checks;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ShardRouter} whose topology changes at run time: it holds the current immutable router
 * and swaps it for a new one on each change, so readers route lock-free on whichever complete
 * topology is current, old or new, never a half-built one.
 *
 * <pre>{@code
 * RouterHolder<DataSource> holder = RouterHolder.builder(ShardRouters.rendezvous().build(dbs))
 *     .listener(event -> log.info("topology {} -> {}", event.oldNodes(), event.newNodes()))
 *     .build();
 * holder.route("user:42");           // lock-free: one volatile read, then the router's own cost
 * holder.addNode(Node.of("db-4", ds4)); // serialized with every other change
 * }</pre>
 *
 * <p>Thread-safety: routing reads one volatile field and never blocks. Changes ({@link #update},
 * {@link #addNode}, {@link #removeNode}, {@link #replaceNodes}) are serialized by one lock, so
 * concurrent changes never lose one another: each is applied to the result of the one before. A
 * change that throws (a duplicate id, a node count the strategy rejects) leaves the holder as it
 * was and publishes nothing.
 *
 * <p>Events: every applied change publishes a {@link TopologyChanged} to the builder's listeners,
 * on the changing thread, while the lock is held, so listeners see changes in the order they were
 * applied and each event's old nodes are the previous event's new nodes. Listeners must therefore
 * be quick, and must not change this holder from another thread and wait for it (that deadlocks).
 *
 * <p>Cost: a change costs the strategy's {@code withNodes} (building a new router) plus an O(n)
 * copy of the node list; a route costs what the current router's route costs.
 *
 * <p>When not to use it: for a topology that never changes (hold the router itself), or to move
 * data between nodes: swapping the router changes where keys go at once, and moving the data that
 * belongs there is the caller's (or a resharding plan's) job. {@link #withNodes} returns a plain
 * router of the current strategy, not a new holder.
 *
 * @param <T> the payload type of the nodes
 */
public final class RouterHolder<T> implements ShardRouter<T> {

  /**
   * The topology of a {@link RouterHolder} changed.
   *
   * @param oldNodes the nodes before the change, in their order
   * @param newNodes the nodes after the change, in their order
   * @param at when the change was applied, read from the holder's clock
   * @param <T> the payload type of the nodes
   */
  public record TopologyChanged<T>(List<Node<T>> oldNodes, List<Node<T>> newNodes, Instant at) {
    /** Checks and copies the components. */
    public TopologyChanged {
      oldNodes = List.copyOf(Checks.notNull(oldNodes, "oldNodes"));
      newNodes = List.copyOf(Checks.notNull(newNodes, "newNodes"));
      Checks.notNull(at, "at");
    }
  }

  private final Object writeLock = new Object();
  private final EventPublisher<TopologyChanged<T>> events;
  private final Clock clock;
  private volatile ShardRouter<T> current;

  private RouterHolder(
      ShardRouter<T> initial, EventPublisher<TopologyChanged<T>> events, Clock clock) {
    this.current = initial;
    this.events = events;
    this.clock = clock;
  }

  /** A builder of a holder that starts with {@code initialRouter}. */
  public static <T> Builder<T> builder(ShardRouter<T> initialRouter) {
    return new Builder<>(Checks.notNull(initialRouter, "initialRouter"));
  }

  /** The router in use now: an immutable snapshot that later changes do not affect. */
  public ShardRouter<T> current() {
    return current;
  }

  /**
   * Replaces the router with {@code change.apply(current())} and returns the new router. {@code
   * change} runs under the write lock, on the router left by the previous change; if it throws,
   * returns null or returns this holder, nothing changes. Returning the same router is no change
   * and publishes nothing.
   */
  public ShardRouter<T> update(UnaryOperator<ShardRouter<T>> change) {
    Checks.notNull(change, "change");
    synchronized (writeLock) {
      ShardRouter<T> old = current;
      ShardRouter<T> next =
          Checks.notNull(change.apply(old), "the router returned by the update function");
      if (next == old) {
        return old;
      }
      if (next == this) {
        throw new IllegalArgumentException(
            "the update function returned this holder itself; return a plain router instead");
      }
      current = next;
      if (events.hasListeners()) {
        events.publish(new TopologyChanged<>(old.nodes(), next.nodes(), clock.instant()));
      }
      return next;
    }
  }

  /**
   * Adds {@code node} at the end of the node list (the strategy decides which keys move to it);
   * rejects a node whose id is already present, naming it. Returns the new router.
   */
  public ShardRouter<T> addNode(Node<T> node) {
    Checks.notNull(node, "node");
    return update(
        router -> {
          List<Node<T>> nodes = new ArrayList<>(router.nodes().size() + 1);
          for (Node<T> existing : router.nodes()) {
            if (existing.id().equals(node.id())) {
              throw new IllegalArgumentException(
                  "cannot add node '" + node.id() + "': a node with that id is already present");
            }
            nodes.add(existing);
          }
          nodes.add(node);
          return router.withNodes(nodes);
        });
  }

  /**
   * Removes the node with {@code id}; rejects an id that is not present (also a node removed
   * before), naming it. Returns the new router.
   */
  public ShardRouter<T> removeNode(String id) {
    Checks.notNull(id, "id");
    return update(
        router -> {
          List<Node<T>> nodes = new ArrayList<>(router.nodes());
          if (!nodes.removeIf(node -> node.id().equals(id))) {
            throw new IllegalArgumentException(
                "cannot remove node '"
                    + id
                    + "': no node has that id among the "
                    + router.nodes().size()
                    + " present");
          }
          return router.withNodes(nodes);
        });
  }

  /** Replaces the whole node list with {@code nodes}, keeping the strategy. */
  public ShardRouter<T> replaceNodes(Collection<? extends Node<T>> nodes) {
    Checks.notNull(nodes, "nodes");
    List<Node<T>> copy = new ArrayList<>(nodes);
    return update(router -> router.withNodes(copy));
  }

  @Override
  public Node<T> route(CharSequence key) {
    return current.route(key);
  }

  @Override
  public Node<T> route(byte[] key) {
    return current.route(key);
  }

  @Override
  public Node<T> route(long key) {
    return current.route(key);
  }

  @Override
  public List<Node<T>> route(CharSequence key, int count) {
    return current.route(key, count);
  }

  @Override
  public List<Node<T>> route(byte[] key, int count) {
    return current.route(key, count);
  }

  @Override
  public List<Node<T>> route(long key, int count) {
    return current.route(key, count);
  }

  @Override
  public List<Node<T>> nodes() {
    return current.nodes();
  }

  /** A plain router of the current strategy over {@code nodes}; this holder does not change. */
  @Override
  public ShardRouter<T> withNodes(Collection<? extends Node<T>> nodes) {
    return current.withNodes(nodes);
  }

  @Override
  public String toString() {
    return "RouterHolder[" + current + "]";
  }

  /**
   * Configures a {@link RouterHolder}. Reusable: each {@link #build} makes an independent holder
   * starting from the same initial router.
   *
   * @param <T> the payload type of the nodes
   */
  public static final class Builder<T> {
    private final ShardRouter<T> initial;
    private final List<EventListener<? super TopologyChanged<T>>> listeners = new ArrayList<>();
    private @Nullable Clock clock;

    private Builder(ShardRouter<T> initial) {
      this.initial = initial;
    }

    /** Adds a listener for topology changes; listeners run in the order added. */
    public Builder<T> listener(EventListener<? super TopologyChanged<T>> listener) {
      listeners.add(Checks.notNull(listener, "listener"));
      return this;
    }

    /** The clock that stamps {@link TopologyChanged#at()} (default UTC system clock). Set once. */
    public Builder<T> clock(Clock eventClock) {
      Checks.notNull(eventClock, "clock");
      if (clock != null) {
        throw new IllegalStateException("clock was already set to " + clock);
      }
      clock = eventClock;
      return this;
    }

    /** A holder whose current router is the initial router. */
    public RouterHolder<T> build() {
      return new RouterHolder<>(
          initial, EventPublisher.of(listeners), clock == null ? Clock.systemUTC() : clock);
    }
  }
}
