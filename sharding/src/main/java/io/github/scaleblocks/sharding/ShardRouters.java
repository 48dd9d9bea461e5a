package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.sharding.spi.HashPlacement;

/**
 * Factories for every built-in sharding strategy. Each returns a builder whose {@code build(nodes)}
 * gives a {@link ShardRouter}.
 *
 * <p>Choosing one:
 *
 * <table>
 *   <caption>Strategies</caption>
 *   <tr><th>Strategy</th><th>Lookup</th><th>Weights</th><th>Keys moved by adding 1 node to n</th></tr>
 *   <tr><td>{@link #hashModulo()}</td><td>O(1)</td><td>yes</td><td>about n/(n+1): fixed shard counts only</td></tr>
 *   <tr><td>{@link #jump()}</td><td>O(log n), no memory</td><td>no</td><td>1/(n+1); remove only the last node</td></tr>
 *   <tr><td>{@link #rendezvous()}</td><td>O(n)</td><td>yes</td><td>1/(n+1), any node</td></tr>
 * </table>
 */
public final class ShardRouters {
  private ShardRouters() {}

  /** Hash modulo the total weight (ShardingSphere's HASH_MOD); see {@link ModuloPlacement}. */
  public static HashRouterBuilder hashModulo() {
    return new HashRouterBuilder("hashModulo", ModuloPlacement.INSTANCE, null);
  }

  /** Jump consistent hash (Lamping and Veach); see {@link JumpPlacement}. */
  public static HashRouterBuilder jump() {
    return new HashRouterBuilder("jump", JumpPlacement.INSTANCE, null);
  }

  /** Weighted rendezvous (highest random weight) hashing; see {@link RendezvousPlacement}. */
  public static HashRouterBuilder rendezvous() {
    return new HashRouterBuilder("rendezvous", RendezvousPlacement.INSTANCE, null);
  }

  /**
   * A user's own hash placement, with key hashing, validation, replicas and {@code withNodes}
   * handled as for the built-ins.
   */
  public static HashRouterBuilder custom(HashPlacement placement) {
    Checks.notNull(placement, "placement");
    return new HashRouterBuilder(placement.toString(), placement, null);
  }

  /**
   * Directory-based sharding: each key is looked up in {@code store}, a key-to-shard table, and
   * routes to the node whose id is recorded for it. A key with no entry is placed by {@code
   * fallback} and recorded with the store's atomic {@code assignIfAbsent}, so every router sharing
   * the store, in any process, agrees on it from then on; {@link DirectoryRouter#moveKey} moves
   * single keys between nodes (tenant rebalancing, hot-key isolation) without touching any other.
   *
   * <p>Routing:
   *
   * <ul>
   *   <li>All three key forms are turned into one canonical directory key ({@link
   *       io.github.scaleblocks.sharding.spi.DirectoryKeys}): the router reads keys by value, so
   *       {@code route(42L)} and {@code route("42")} are the same key. The fallback is given the
   *       canonical key as a string.
   *   <li>A recorded shard id that is not among the router's nodes is an {@link
   *       IllegalStateException} naming the key and the shard id, never a silent re-placement; a
   *       store failure is a {@link io.github.scaleblocks.sharding.spi.DirectoryStoreException}
   *       naming the store.
   *   <li>Replicas ({@code route(key, n)}): the recorded owner first, then the fallback's
   *       preference order for the key with the owner skipped. Only the owner is recorded.
   *   <li>The router has {@code fallback}'s nodes; {@code withNodes} rebuilds the fallback and
   *       keeps the store and listeners.
   * </ul>
   *
   * <p>Cost: a lookup in the store per route (the in-memory store is a hash-map read; the JDBC
   * store a cache read or a query), plus one write for each new key. The directory holds one entry
   * per key ever routed and nothing ever removes them on its own.
   *
   * <p>When not to use it: for unbounded or short-lived key spaces (request ids, session ids),
   * where the table would grow without end and each new key pays a write; hash routers need no
   * state. Use it for a bounded set of long-lived keys (tenants, accounts, large customers) that
   * must be placed or moved individually.
   *
   * @param store the directory; shared by every router that must agree on placements
   * @param fallback places keys that have no entry yet; its nodes are the router's nodes
   */
  public static <T> DirectoryRouterBuilder<T> directory(
      io.github.scaleblocks.sharding.spi.DirectoryStore store, ShardRouter<T> fallback) {
    Checks.notNull(store, "store");
    Checks.notNull(fallback, "fallback");
    return new DirectoryRouterBuilder<>(store, fallback);
  }
}
