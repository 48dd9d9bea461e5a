package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import java.util.Collection;
import java.util.List;

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam, "Consistent Hashing
 * with Bounded Loads", SODA 2018, arXiv 2016): a ring router that also counts how many keys
 * (sessions, requests, jobs) each node currently holds, and never gives a node more than {@code (1
 * + ε)} times its fair share. Built by {@link ShardRouters#boundedLoad(double)}.
 *
 * <p>{@link #acquire} walks the ring clockwise from the key's position and takes the first node
 * whose load + 1 is within its capacity {@code ceil((1 + ε) · (L + 1) · w / W)}, where L is the
 * total load before the call, w the node's weight and W the total weight (for equal weights: {@code
 * ceil((1 + ε) · (L + 1) / n)}); it then counts the key against that node. Since the capacities add
 * up to more than L + 1, such a node always exists. {@link #release} gives the unit back.
 *
 * <p>Guarantee: at the moment a node is given a key its load is at most {@code ceil((1 + ε) · L' ·
 * w / W)} for the new total L'; so while only acquiring, every load stays within that bound, and in
 * general every load stays within the bound for the largest total reached so far. Releases never
 * move held keys (the caller holds them), so after many releases elsewhere a node may sit above the
 * bound for the current, smaller total until its own keys are released; the paper's re-insertion on
 * deletion is not done.
 *
 * <p>Unlike other routers it is stateful: {@link #route(CharSequence)} answers where {@code
 * acquire} would go now, without counting, so its answer changes with the loads. Thread-safe: the
 * counting methods and load-dependent routes run under one lock; each call walks the ring from the
 * key's point, usually a few points, at worst all of them (O(points)), and {@code acquire} and
 * {@code release} allocate nothing (replica lists allocate).
 *
 * <p>Each {@code acquire} that passes over a full ring owner is reported to the builder's listeners
 * as a {@link BoundedLoadEvent.Overflowed} (built only when someone listens).
 *
 * <p>When not to use it: for data placement (a key must always be found on the same node; loads
 * make the answer move), or when the number of holders is unknown to the process (the counts are
 * local to this router: several processes each bound only their own share).
 *
 * @param <T> the payload type of the nodes
 */
public interface BoundedLoadRouter<T> extends ShardRouter<T> {

  /** Picks the node for {@code key} as described above and counts one unit of load on it. */
  Node<T> acquire(CharSequence key);

  /** Picks the node for {@code key} as described above and counts one unit of load on it. */
  Node<T> acquire(byte[] key);

  /** Picks the node for {@code key} as described above and counts one unit of load on it. */
  Node<T> acquire(long key);

  /**
   * Gives back one unit of load acquired on {@code node}.
   *
   * @throws IllegalArgumentException if {@code node} is not one of {@link #nodes()}
   * @throws IllegalStateException if {@code node} has no load left to release
   */
  void release(Node<T> node);

  /** The units currently held on {@code node}; an unknown node is an IllegalArgumentException. */
  int load(Node<T> node);

  /** The sum of all loads. */
  long totalLoad();

  /**
   * {@inheritDoc}
   *
   * <p>Answers where {@link #acquire(CharSequence)} would go now, without counting.
   */
  @Override
  Node<T> route(CharSequence key);

  /**
   * {@inheritDoc}
   *
   * <p>The distinct nodes in ring order from the key's position, those with room first (so the
   * first is where {@code acquire} would go), then the full ones.
   */
  @Override
  List<Node<T>> route(CharSequence key, int count);

  /**
   * A router of the same ε, points and hasher over {@code nodes}, with every load zero: loads held
   * on this router are not carried over (release them here, and acquire again on the new router if
   * they should count there).
   */
  @Override
  BoundedLoadRouter<T> withNodes(Collection<? extends Node<T>> nodes);
}
