package io.github.scaleblocks.sharding.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.core.time.Ticker;
import io.github.scaleblocks.sharding.spi.DirectoryKeys;
import io.github.scaleblocks.sharding.spi.DirectoryStore;
import io.github.scaleblocks.sharding.spi.DirectoryStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The JDBC directory store; see {@link JdbcDirectoryStore} for the contract.
 *
 * <p>Design: every operation is a single autocommit statement (or an insert followed by a select),
 * so correctness rests on the primary key and on conditional writes, never on transactions held
 * across calls.
 *
 * <p>The cache must never keep a value older than this store's own last write of the key. A lookup
 * that misses reads the row and then caches it, so a write can slip in between: the lookup read the
 * old row, the write committed and invalidated the key, then the lookup put the old row back. To
 * rule that out, writes bump a counter after they commit and then invalidate the key; a lookup
 * notes the counter before it reads and, after its put, drops its own entry if the counter moved.
 * Either the writer's invalidation comes after the put, or the counter bump came before the
 * lookup's check; both remove the stale entry. A burst of writes to other keys can only cause extra
 * misses, never stale reads. (Loading inside Caffeine's compute is avoided on purpose: it would run
 * a query under a map lock that evictions may need, and Caffeine leaves invalidating an entry that
 * is being loaded undefined.)
 */
final class JdbcStore implements DirectoryStore {
  /** Attempts of one operation when the database reports a transient conflict. */
  static final int MAX_ATTEMPTS = 8;

  private static final String KEY_COLUMN = "directory_key";
  private static final String SHARD_COLUMN = "shard_id";

  enum Dialect {
    H2,
    POSTGRESQL;

    static @Nullable Dialect of(String productName) {
      String name = productName.toLowerCase(Locale.ROOT);
      if (name.equals("h2")) {
        return H2;
      }
      if (name.equals("postgresql")) {
        return POSTGRESQL;
      }
      return null;
    }
  }

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String description;
  private final @Nullable Cache<String, String> cache;
  private final AtomicLong writes = new AtomicLong();
  private final String selectSql;
  private final String insertSql;
  private final String moveSql;
  private final String deleteSql;

  private JdbcStore(
      DataSource dataSource,
      Dialect dialect,
      String table,
      String description,
      long cacheMaximumSize,
      Duration cacheTtl,
      Ticker ticker) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.description = description;
    this.cache =
        cacheMaximumSize == 0
            ? null
            : Caffeine.newBuilder()
                .maximumSize(cacheMaximumSize)
                .expireAfterWrite(cacheTtl)
                .ticker(ticker::read)
                .executor(Runnable::run)
                .build();
    this.selectSql = "SELECT " + SHARD_COLUMN + " FROM " + table + " WHERE " + KEY_COLUMN + " = ?";
    String insert =
        "INSERT INTO " + table + " (" + KEY_COLUMN + ", " + SHARD_COLUMN + ") VALUES (?, ?)";
    this.insertSql =
        dialect == Dialect.POSTGRESQL
            ? insert + " ON CONFLICT (" + KEY_COLUMN + ") DO NOTHING"
            : insert;
    this.moveSql =
        "UPDATE "
            + table
            + " SET "
            + SHARD_COLUMN
            + " = ? WHERE "
            + KEY_COLUMN
            + " = ? AND "
            + SHARD_COLUMN
            + " = ?";
    this.deleteSql = "DELETE FROM " + table + " WHERE " + KEY_COLUMN + " = ?";
  }

  /** Detects the database, creates the table if missing, and returns the store. */
  static JdbcStore open(
      DataSource dataSource,
      String table,
      long cacheMaximumSize,
      Duration cacheTtl,
      Ticker ticker) {
    String provisional = "JdbcDirectoryStore[table " + table + ", " + dataSource + "]";
    String operation = "create table " + table + " if it does not exist";
    Dialect dialect;
    String url;
    try (Connection connection = dataSource.getConnection()) {
      String product = connection.getMetaData().getDatabaseProductName();
      url = String.valueOf(connection.getMetaData().getURL());
      Dialect detected = Dialect.of(product);
      if (detected == null) {
        throw new IllegalStateException(
            "JdbcDirectoryStore supports H2 and PostgreSQL but "
                + url
                + " is "
                + product
                + " "
                + connection.getMetaData().getDatabaseProductVersion());
      }
      dialect = detected;
      autocommit(connection);
      createTable(connection, table);
    } catch (SQLException e) {
      throw new DirectoryStoreException(provisional, operation, e);
    }
    String description = "JdbcDirectoryStore[table " + table + ", " + url + "]";
    return new JdbcStore(
        dataSource, dialect, table, description, cacheMaximumSize, cacheTtl, ticker);
  }

  /**
   * CREATE TABLE IF NOT EXISTS can still fail when two processes create the table at once
   * (PostgreSQL races on its catalog), so a failure is retried once, and the retry finds the table.
   */
  private static void createTable(Connection connection, String table) throws SQLException {
    String ddl =
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " ("
            + KEY_COLUMN
            + " VARCHAR("
            + DirectoryKeys.MAX_LENGTH
            + ") NOT NULL PRIMARY KEY, "
            + SHARD_COLUMN
            + " VARCHAR(255) NOT NULL)";
    try (Statement statement = connection.createStatement()) {
      try {
        statement.execute(ddl);
      } catch (SQLException first) {
        try {
          statement.execute(ddl);
        } catch (SQLException second) {
          second.addSuppressed(first);
          throw second;
        }
      }
    }
  }

  @Override
  public Optional<String> lookup(String key) {
    DirectoryKeys.check(key);
    if (cache == null) {
      return Optional.ofNullable(select(key));
    }
    String cached = cache.getIfPresent(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    long writesBefore = writes.get();
    String loaded = select(key);
    if (loaded != null) {
      cache.put(key, loaded);
      if (writes.get() != writesBefore) {
        cache.invalidate(key); // a write may have committed after our read: see the class note
      }
    }
    return Optional.ofNullable(loaded);
  }

  /** The recorded shard of {@code key} read from the database, or null. */
  private @Nullable String select(String key) {
    String operation = "lookup of key '" + key + "'";
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = connection(operation)) {
        return select(connection, key);
      } catch (SQLException e) {
        if (!retry(e, attempt)) {
          throw failure(operation, e);
        }
      }
    }
  }

  private @Nullable String select(Connection connection, String key) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(selectSql)) {
      statement.setString(1, key);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  @Override
  public String assignIfAbsent(String key, String shardId) {
    DirectoryKeys.check(key);
    Checks.notNull(shardId, "shardId");
    String operation = "assignIfAbsent of key '" + key + "' to '" + shardId + "'";
    try {
      for (int attempt = 1; ; attempt++) {
        try (Connection connection = connection(operation)) {
          if (insert(connection, key, shardId)) {
            return shardId;
          }
          String winner = select(connection, key);
          if (winner != null) {
            return winner;
          }
          // removed between our insert and select: try again
          if (attempt >= MAX_ATTEMPTS) {
            throw new DirectoryStoreException(
                description,
                operation + ": the key was removed concurrently " + attempt + " times",
                null);
          }
        } catch (SQLException e) {
          if (!retry(e, attempt)) {
            throw failure(operation, e);
          }
        }
      }
    } finally {
      invalidate(key);
    }
  }

  /** Inserts the row unless the key has one; returns whether this call inserted it. */
  private boolean insert(Connection connection, String key, String shardId) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(insertSql)) {
      statement.setString(1, key);
      statement.setString(2, shardId);
      return statement.executeUpdate() == 1;
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) { // unique violation: another writer has the key
        return false;
      }
      throw e;
    }
  }

  @Override
  public boolean move(String key, String expectedShardId, String newShardId) {
    DirectoryKeys.check(key);
    Checks.notNull(expectedShardId, "expectedShardId");
    Checks.notNull(newShardId, "newShardId");
    String operation =
        "move of key '" + key + "' from '" + expectedShardId + "' to '" + newShardId + "'";
    try {
      for (int attempt = 1; ; attempt++) {
        try (Connection connection = connection(operation);
            PreparedStatement statement = connection.prepareStatement(moveSql)) {
          statement.setString(1, newShardId);
          statement.setString(2, key);
          statement.setString(3, expectedShardId);
          return statement.executeUpdate() == 1;
        } catch (SQLException e) {
          if (!retry(e, attempt)) {
            throw failure(operation, e);
          }
        }
      }
    } finally {
      invalidate(key);
    }
  }

  @Override
  public boolean remove(String key) {
    DirectoryKeys.check(key);
    String operation = "remove of key '" + key + "'";
    try {
      for (int attempt = 1; ; attempt++) {
        try (Connection connection = connection(operation);
            PreparedStatement statement = connection.prepareStatement(deleteSql)) {
          statement.setString(1, key);
          return statement.executeUpdate() > 0;
        } catch (SQLException e) {
          if (!retry(e, attempt)) {
            throw failure(operation, e);
          }
        }
      }
    } finally {
      invalidate(key);
    }
  }

  /** Called after every write, committed or failed: see the class note. */
  private void invalidate(String key) {
    if (cache != null) {
      writes.incrementAndGet();
      cache.invalidate(key);
    }
  }

  private Connection connection(String operation) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw failure(operation + " (getting a connection)", e);
    }
    try {
      autocommit(connection);
    } catch (SQLException e) {
      try {
        connection.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw failure(operation + " (setting autocommit)", e);
    }
    return connection;
  }

  private static void autocommit(Connection connection) throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.setAutoCommit(true);
    }
  }

  /**
   * Whether a failed attempt may be repeated: serialization failures and deadlocks (SQLSTATE class
   * 40) on both databases, and H2's lock timeout (50200) and concurrent update (90131).
   */
  private boolean retry(SQLException e, int attempt) {
    if (attempt >= MAX_ATTEMPTS) {
      return false;
    }
    String state = e.getSQLState();
    if (state != null && state.startsWith("40")) {
      return true;
    }
    return dialect == Dialect.H2 && (e.getErrorCode() == 50200 || e.getErrorCode() == 90131);
  }

  private DirectoryStoreException failure(String operation, SQLException e) {
    return new DirectoryStoreException(description, operation, e);
  }

  @Override
  public String toString() {
    return description;
  }
}
