package io.github.scaleblocks.sharding.jdbc;

import io.github.scaleblocks.core.internal.Checks;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * A {@link io.github.scaleblocks.sharding.spi.DirectoryStore} in a database table, shared by every
 * process that uses the same database: the durable directory behind {@code
 * ShardRouters.directory(...)}.
 *
 * <pre>{@code
 * DirectoryStore store = JdbcDirectoryStore.builder(dataSource).table("tenant_directory").build();
 * DirectoryRouter<DataSource> router =
 *     ShardRouters.directory(store, ShardRouters.rendezvous().build(shards)).build();
 * }</pre>
 *
 * <p>Contract of the stores built here:
 *
 * <ul>
 *   <li>Databases: H2 (2.x) and PostgreSQL, detected from the connection's metadata at {@code
 *       build()}; any other product is rejected there. {@code build()} creates the table if it does
 *       not exist: {@code directory_key VARCHAR(512)} (the longest canonical key) as the primary
 *       key and {@code shard_id VARCHAR(255)} (the longest node id).
 *   <li>Writes are atomic in the database, so stores in different processes over the same table
 *       agree: {@code assignIfAbsent} inserts the row only if the key has none and then reads the
 *       winner (PostgreSQL: {@code INSERT ... ON CONFLICT DO NOTHING}; H2: a plain insert whose
 *       duplicate-key error is the signal that someone else won); {@code move} is one conditional
 *       {@code UPDATE ... WHERE shard_id = expected}. Every call runs in autocommit on a connection
 *       of its own, borrowed from the {@code DataSource} and closed before it returns.
 *   <li>Reads are cached (Caffeine, bounded size and a time-to-live since the entry was loaded).
 *       Moves, removes and assignments through a store drop its own cache entry, so a store sees
 *       its own writes at once. <b>Moves and removes made by other processes (or other store
 *       instances) are seen after at most the TTL</b>: until then this store may route a moved key
 *       to its old node. Choose the TTL as the staleness you can tolerate, or size 0 to read the
 *       database on every lookup.
 *   <li>A database failure, including an unreachable database, is a {@link
 *       io.github.scaleblocks.sharding.spi.DirectoryStoreException} naming the store (table and
 *       JDBC URL) and the operation. Transient conflicts (lock timeouts, serialization failures)
 *       are retried a few times first.
 *   <li>Thread-safe. Cost per call: a cache hit allocates nothing beyond Caffeine's read; a miss or
 *       a write borrows one connection and runs one or two statements. Use a connection pool as the
 *       {@code DataSource}: the store opens a connection per miss and per write.
 * </ul>
 *
 * <p>When not to use it: as a store for huge numbers of short-lived keys (every new key is a row
 * written forever), or where a moved key must be seen by all processes at once (this cache is not
 * invalidated across processes; use size 0 and pay a query per route).
 *
 * <p>H2 is an optional dependency of this module: {@link #h2File} needs {@code com.h2database:h2}
 * on the classpath, which users who want the embedded default add themselves; PostgreSQL users
 * bring their driver and pool and use {@link #builder}.
 */
public final class JdbcDirectoryStore {
  private JdbcDirectoryStore() {}

  /** A builder for a store over {@code dataSource}, preferably a connection pool. */
  public static JdbcDirectoryStoreBuilder builder(DataSource dataSource) {
    return new JdbcDirectoryStoreBuilder(Checks.notNull(dataSource, "dataSource"));
  }

  /**
   * A builder for a store in an embedded H2 database file, the zero-setup default: {@code file} is
   * the database path without H2's {@code .mv.db} suffix (created if missing, parent directories
   * included). The URL opens the file with {@code AUTO_SERVER=TRUE}, so other processes opening the
   * same file share it through the first one, and {@code DB_CLOSE_DELAY=-1}, so the database stays
   * open until the JVM exits instead of being reopened for every connection. Connections are not
   * pooled (opening one on an open embedded database is cheap).
   *
   * @throws IllegalStateException if H2 is not on the classpath
   * @throws IllegalArgumentException if the path holds a {@code ;}, which would end the JDBC URL
   */
  public static JdbcDirectoryStoreBuilder h2File(Path file) {
    Checks.notNull(file, "file");
    try {
      Class.forName(
          "org.h2.jdbcx.JdbcDataSource", false, JdbcDirectoryStore.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "JdbcDirectoryStore.h2File needs H2 (com.h2database:h2), an optional dependency of"
              + " scaleblocks-sharding-jdbc: add it to your build",
          e);
    }
    return builder(H2Files.dataSource(file));
  }
}
