/**
 * Extension points of the sharding block. {@link io.github.scaleblocks.sharding.spi.HashPlacement}
 * maps 64-bit key hashes to node indexes; the built-ins (ring, Ketama, jump, rendezvous, Maglev,
 * modulo) implement it too and are reachable from {@link
 * io.github.scaleblocks.sharding.ShardRouters}. {@link
 * io.github.scaleblocks.sharding.spi.DirectoryStore} is the key-to-shard table behind directory
 * routers, with keys in the canonical form of {@link
 * io.github.scaleblocks.sharding.spi.DirectoryKeys}; {@link
 * io.github.scaleblocks.sharding.spi.DirectoryStores} holds the built-in in-memory store.
 */
@NullMarked
package io.github.scaleblocks.sharding.spi;

import org.jspecify.annotations.NullMarked;
