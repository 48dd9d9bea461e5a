/**
 * Extension points of the sharding block. {@link io.github.scaleblocks.sharding.spi.HashPlacement}
 * maps 64-bit key hashes to node indexes; the built-ins (ring, Ketama, jump, rendezvous, Maglev,
 * modulo) implement it too and are reachable from {@link
 * io.github.scaleblocks.sharding.ShardRouters}.
 */
@NullMarked
package io.github.scaleblocks.sharding.spi;

import org.jspecify.annotations.NullMarked;
