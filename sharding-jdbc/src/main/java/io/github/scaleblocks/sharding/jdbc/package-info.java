/**
 * Directory-based sharding on JDBC: {@link io.github.scaleblocks.sharding.jdbc.JdbcDirectoryStore}
 * keeps the key-to-shard table of a directory router in H2 or PostgreSQL, with reads cached in
 * Caffeine.
 */
@NullMarked
package io.github.scaleblocks.sharding.jdbc;

import org.jspecify.annotations.NullMarked;
