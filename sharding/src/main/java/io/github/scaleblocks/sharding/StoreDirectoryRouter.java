package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.event.EventPublisher;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.sharding.spi.DirectoryKeys;
import io.github.scaleblocks.sharding.spi.DirectoryStore;
import io.github.scaleblocks.sharding.spi.DirectoryStoreException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The directory router: every key form is turned into its canonical directory key, looked up in the
 * store, and, when absent, placed by the fallback router (given the canonical key, so all three key
 * forms of one value place alike) and recorded with the store's atomic {@code assignIfAbsent}.
 *
 * <p>Store calls are the whole cost; the rest is one hash-map lookup from shard id to node. Any
 * {@link RuntimeException} a store throws other than {@link DirectoryStoreException} is wrapped in
 * one naming the store and operation, so callers handle one failure type.
 */
final class StoreDirectoryRouter<T> implements DirectoryRouter<T> {
  /** Bound on compare-and-set retries of one moveKey call under concurrent movers. */
  static final int MAX_MOVE_ATTEMPTS = 64;

  private final DirectoryStore store;
  private final ShardRouter<T> fallback;
  private final EventPublisher<DirectoryEvent> events;
  private final Map<String, Node<T>> nodesById;

  StoreDirectoryRouter(
      DirectoryStore store, ShardRouter<T> fallback, EventPublisher<DirectoryEvent> events) {
    this.store = store;
    this.fallback = fallback;
    this.events = events;
    Map<String, Node<T>> byId = new HashMap<>();
    for (Node<T> node : fallback.nodes()) {
      byId.put(node.id(), node);
    }
    this.nodesById = Collections.unmodifiableMap(byId);
  }

  @Override
  public Node<T> route(CharSequence key) {
    return owner(DirectoryKeys.of(key));
  }

  @Override
  public Node<T> route(byte[] key) {
    return owner(DirectoryKeys.of(key));
  }

  @Override
  public Node<T> route(long key) {
    return owner(DirectoryKeys.of(key));
  }

  @Override
  public List<Node<T>> route(CharSequence key, int count) {
    return replicas(DirectoryKeys.of(key), count);
  }

  @Override
  public List<Node<T>> route(byte[] key, int count) {
    return replicas(DirectoryKeys.of(key), count);
  }

  @Override
  public List<Node<T>> route(long key, int count) {
    return replicas(DirectoryKeys.of(key), count);
  }

  private Node<T> owner(String key) {
    Optional<String> recorded = lookup(key);
    if (recorded.isPresent()) {
      return node(key, recorded.get());
    }
    String proposed = fallback.route(key).id();
    String winner = assignIfAbsent(key, proposed);
    Node<T> owner = node(key, winner);
    if (winner.equals(proposed) && events.hasListeners()) {
      events.publish(new DirectoryEvent.KeyAssigned(key, winner));
    }
    return owner;
  }

  /** The owner, then the fallback's preference order without the owner. */
  private List<Node<T>> replicas(String key, int count) {
    Replicas.checkCount(count, nodesById.size());
    Node<T> owner = owner(key);
    List<Node<T>> result = new ArrayList<>(count);
    result.add(owner);
    for (Node<T> node : fallback.route(key, count)) {
      if (result.size() == count) {
        break;
      }
      if (!node.id().equals(owner.id())) {
        result.add(node);
      }
    }
    return Collections.unmodifiableList(result);
  }

  @Override
  public boolean moveKey(CharSequence key, Node<T> to) {
    return move(DirectoryKeys.of(key), to);
  }

  @Override
  public boolean moveKey(byte[] key, Node<T> to) {
    return move(DirectoryKeys.of(key), to);
  }

  @Override
  public boolean moveKey(long key, Node<T> to) {
    return move(DirectoryKeys.of(key), to);
  }

  private boolean move(String key, Node<T> to) {
    Checks.notNull(to, "to");
    Node<T> known = nodesById.get(to.id());
    if (known == null || !known.equals(to)) {
      throw new IllegalArgumentException(
          "cannot move key '"
              + key
              + "' to "
              + to
              + ": it is not one of this router's "
              + nodesById.size()
              + " nodes");
    }
    String target = to.id();
    for (int attempt = 0; attempt < MAX_MOVE_ATTEMPTS; attempt++) {
      Optional<String> current = lookup(key);
      if (current.isEmpty()) {
        if (assignIfAbsent(key, target).equals(target)) {
          if (events.hasListeners()) {
            events.publish(new DirectoryEvent.KeyAssigned(key, target));
          }
          return true;
        }
        continue;
      }
      String from = current.get();
      if (from.equals(target)) {
        return false;
      }
      if (moveInStore(key, from, target)) {
        if (events.hasListeners()) {
          events.publish(new DirectoryEvent.KeyMoved(key, from, target));
        }
        return true;
      }
    }
    throw new IllegalStateException(
        "key '"
            + key
            + "' changed owner under "
            + MAX_MOVE_ATTEMPTS
            + " consecutive move attempts to '"
            + target
            + "' in "
            + store
            + "; too many concurrent movers");
  }

  private Node<T> node(String key, String shardId) {
    Node<T> node = nodesById.get(shardId);
    if (node == null) {
      throw new IllegalStateException(
          "directory "
              + store
              + " maps key '"
              + key
              + "' to shard '"
              + shardId
              + "', which is not one of this router's "
              + nodesById.size()
              + " nodes; move the key (moveKey) or add the node");
    }
    return node;
  }

  private Optional<String> lookup(String key) {
    Optional<String> result;
    try {
      result = store.lookup(key);
    } catch (DirectoryStoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DirectoryStoreException(store.toString(), "lookup of key '" + key + "'", e);
    }
    return checkResult(result, "lookup", key);
  }

  private String assignIfAbsent(String key, String shardId) {
    String result;
    try {
      result = store.assignIfAbsent(key, shardId);
    } catch (DirectoryStoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DirectoryStoreException(
          store.toString(), "assignIfAbsent of key '" + key + "' to '" + shardId + "'", e);
    }
    return checkResult(result, "assignIfAbsent", key);
  }

  private boolean moveInStore(String key, String from, String to) {
    try {
      return store.move(key, from, to);
    } catch (DirectoryStoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DirectoryStoreException(
          store.toString(), "move of key '" + key + "' from '" + from + "' to '" + to + "'", e);
    }
  }

  @SuppressWarnings("NullAway") // a user's store may break its contract and return null
  private <R> R checkResult(R result, String operation, String key) {
    if (result == null) {
      throw new DirectoryStoreException(
          store.toString(), operation + " of key '" + key + "' returned null", null);
    }
    return result;
  }

  @Override
  public List<Node<T>> nodes() {
    return fallback.nodes();
  }

  @Override
  public DirectoryRouter<T> withNodes(Collection<? extends Node<T>> newNodes) {
    return new StoreDirectoryRouter<>(store, fallback.withNodes(newNodes), events);
  }

  @Override
  public String toString() {
    return "ShardRouter[directory, " + store + ", fallback " + fallback + "]";
  }
}
