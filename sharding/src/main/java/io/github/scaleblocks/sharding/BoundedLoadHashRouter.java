package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.Nodes;
import io.github.scaleblocks.core.event.EventPublisher;
import io.github.scaleblocks.core.hash.KeyHasher;
import io.github.scaleblocks.core.internal.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link BoundedLoadRouter}: the ring of {@link RingPlacement} plus a load per node, guarded by
 * one lock (acquire and release are short: a ring walk and two counter updates, so a lock is
 * simpler than CAS retries over several counters and just as fast at the contention expected).
 */
final class BoundedLoadHashRouter<T> implements BoundedLoadRouter<T> {
  private final double epsilon;
  private final int pointsPerNode;
  private final KeyHasher hasher;
  private final EventPublisher<BoundedLoadEvent> events;
  private final List<Node<T>> nodes;
  private final Map<String, Integer> indexById;
  private final Continuum continuum;
  private final double[] weightShare;
  private final Object lock = new Object();
  private final int[] loads;
  private long total;

  BoundedLoadHashRouter(
      double epsilon,
      int pointsPerNode,
      KeyHasher hasher,
      EventPublisher<BoundedLoadEvent> events,
      Collection<? extends Node<T>> nodes) {
    this.epsilon = epsilon;
    this.pointsPerNode = pointsPerNode;
    this.hasher = hasher;
    this.events = events;
    this.nodes = Nodes.checkedCopy(nodes);
    this.continuum = RingPlacement.continuum(this.nodes, pointsPerNode);
    int n = this.nodes.size();
    this.indexById = new HashMap<>(2 * n);
    this.weightShare = new double[n];
    double totalWeight = Nodes.totalWeight(this.nodes);
    for (int i = 0; i < n; i++) {
      indexById.put(this.nodes.get(i).id(), i);
      weightShare[i] = this.nodes.get(i).weight() / totalWeight;
    }
    this.loads = new int[n];
  }

  /** The capacity of node {@code i} when the total load is {@code totalLoad} (lock held). */
  private long capacity(int i, long totalLoad) {
    return (long) Math.ceil((1 + epsilon) * (double) (totalLoad + 1) * weightShare[i]);
  }

  /** The first node clockwise from {@code hash} with room for one more unit (lock held). */
  private int choose(long hash) {
    int size = continuum.size();
    int point = continuum.pointAtOrAfter(hash);
    for (int step = 0; step < size; step++) {
      int owner = continuum.owner(point);
      if (loads[owner] + 1L <= capacity(owner, total)) {
        return owner;
      }
      point = point + 1 == size ? 0 : point + 1;
    }
    // Capacities sum to at least (1 + epsilon)(total + 1) > total, so some node has room.
    throw new IllegalStateException("no node has room; loads " + Arrays.toString(loads));
  }

  private Node<T> acquireHash(long hash) {
    int chosen;
    int chosenLoad;
    long totalAfter;
    synchronized (lock) {
      chosen = choose(hash);
      chosenLoad = ++loads[chosen];
      totalAfter = ++total;
    }
    if (events.hasListeners()) {
      int preferred = continuum.nodeIndex(hash);
      if (preferred != chosen) {
        events.publish(
            new BoundedLoadEvent.Overflowed(
                nodes.get(preferred).id(), nodes.get(chosen).id(), chosenLoad, totalAfter));
      }
    }
    return nodes.get(chosen);
  }

  @Override
  public Node<T> acquire(CharSequence key) {
    return acquireHash(hasher.hash(key));
  }

  @Override
  public Node<T> acquire(byte[] key) {
    return acquireHash(hasher.hash(key));
  }

  @Override
  public Node<T> acquire(long key) {
    return acquireHash(hasher.hash(key));
  }

  private int indexOf(Node<T> node) {
    Checks.notNull(node, "node");
    Integer index = indexById.get(node.id());
    if (index == null || !nodes.get(index).equals(node)) {
      throw new IllegalArgumentException("node '" + node.id() + "' is not a node of this router");
    }
    return index;
  }

  @Override
  public void release(Node<T> node) {
    int index = indexOf(node);
    synchronized (lock) {
      if (loads[index] == 0) {
        throw new IllegalStateException(
            "node '"
                + node.id()
                + "' has no load to release: release was called more often than acquire");
      }
      loads[index]--;
      total--;
    }
  }

  @Override
  public int load(Node<T> node) {
    int index = indexOf(node);
    synchronized (lock) {
      return loads[index];
    }
  }

  @Override
  public long totalLoad() {
    synchronized (lock) {
      return total;
    }
  }

  private Node<T> routeHash(long hash) {
    synchronized (lock) {
      return nodes.get(choose(hash));
    }
  }

  @Override
  public Node<T> route(CharSequence key) {
    return routeHash(hasher.hash(key));
  }

  @Override
  public Node<T> route(byte[] key) {
    return routeHash(hasher.hash(key));
  }

  @Override
  public Node<T> route(long key) {
    return routeHash(hasher.hash(key));
  }

  private List<Node<T>> replicas(long hash, int count) {
    Replicas.checkCount(count, nodes.size());
    int n = nodes.size();
    int size = continuum.size();
    boolean[] seen = new boolean[n];
    List<Node<T>> withRoom = new ArrayList<>(count);
    List<Node<T>> full = new ArrayList<>();
    synchronized (lock) {
      int point = continuum.pointAtOrAfter(hash);
      for (int step = 0; step < size && withRoom.size() < count; step++) {
        int owner = continuum.owner(point);
        if (!seen[owner]) {
          seen[owner] = true;
          (loads[owner] + 1L <= capacity(owner, total) ? withRoom : full).add(nodes.get(owner));
        }
        point = point + 1 == size ? 0 : point + 1;
      }
    }
    for (int i = 0; withRoom.size() < count && i < full.size(); i++) {
      withRoom.add(full.get(i));
    }
    return Collections.unmodifiableList(withRoom);
  }

  @Override
  public List<Node<T>> route(CharSequence key, int count) {
    return replicas(hasher.hash(key), count);
  }

  @Override
  public List<Node<T>> route(byte[] key, int count) {
    return replicas(hasher.hash(key), count);
  }

  @Override
  public List<Node<T>> route(long key, int count) {
    return replicas(hasher.hash(key), count);
  }

  @Override
  public List<Node<T>> nodes() {
    return nodes;
  }

  @Override
  public BoundedLoadRouter<T> withNodes(Collection<? extends Node<T>> newNodes) {
    return new BoundedLoadHashRouter<>(epsilon, pointsPerNode, hasher, events, newNodes);
  }

  @Override
  public String toString() {
    return "BoundedLoadRouter[epsilon="
        + epsilon
        + ", ring("
        + pointsPerNode
        + "), "
        + hasher
        + ", "
        + nodes.size()
        + " nodes]";
  }
}
