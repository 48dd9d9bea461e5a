package io.github.scaleblocks.examples.tinyurl;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * URL records sharded over N databases by short code.
 *
 * <p>Each database holds one table, {@value #TABLE}, whose primary key is the code; a {@link
 * ShardRouter} (JumpBackHash over the shard list, in order) picks the database from the code alone.
 * So a code is unique across every shard and every clone that shares the databases: it can only
 * ever be inserted into one table, and that table's primary key refuses a second insert. Changing
 * the number or order of databases moves about 1/(n+1) of the codes per added shard and needs a
 * resharding run; this store does not do that.
 *
 * <p>Every statement is parameterised. Visits are counted by a conditional {@code UPDATE} that
 * checks expiry and the visit limit in the same statement, so concurrent redirects never count past
 * the limit. Thread-safe; each call borrows one pooled connection of one shard.
 */
final class UrlStore implements AutoCloseable {
  static final String TABLE = "short_urls";
  private static final String DUPLICATE_KEY = "23505";
  private static final Logger LOG = LoggerFactory.getLogger(UrlStore.class);

  private static final String COLUMNS =
      "code, target, owner_key_hash, custom_alias, created_at, expires_at, max_visits, visits";

  private final List<Node<HikariDataSource>> shards;
  private final ShardRouter<HikariDataSource> router;
  private final LongAdder statements = new LongAdder();

  private UrlStore(List<Node<HikariDataSource>> shards) {
    this.shards = List.copyOf(shards);
    this.router = ShardRouters.jumpBack().build(shards);
  }

  /**
   * Opens a pool per JDBC URL (node ids {@code shard-0}, {@code shard-1}, ... in order) and creates
   * the table where it is missing. Closes what it opened when any shard fails.
   */
  static UrlStore open(List<String> jdbcUrls, int poolSize) {
    List<Node<HikariDataSource>> shards = new ArrayList<>();
    int opening = 0;
    try {
      for (; opening < jdbcUrls.size(); opening++) {
        String id = "shard-" + opening;
        HikariDataSource pool = pool(id, jdbcUrls.get(opening), poolSize);
        shards.add(Node.of(id, pool));
        createSchema(id, pool);
      }
      return new UrlStore(shards);
    } catch (RuntimeException | SQLException e) {
      shards.forEach(shard -> shard.payload().close());
      throw new IllegalStateException(
          "cannot open shard-"
              + opening
              + " ("
              + redact(jdbcUrls.get(opening))
              + "): "
              + redact(String.valueOf(e.getMessage())),
          e);
    }
  }

  private static HikariDataSource pool(String id, String url, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("tinyurl-" + id);
    config.setJdbcUrl(url);
    if (url.startsWith("jdbc:h2:") && !url.toUpperCase(java.util.Locale.ROOT).contains(";USER=")) {
      config.setUsername("sa");
    }
    config.setMaximumPoolSize(poolSize);
    config.setConnectionTimeout(5_000);
    config.setInitializationFailTimeout(10_000);
    return new HikariDataSource(config);
  }

  private static void createSchema(String id, HikariDataSource pool) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      try {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS "
                + TABLE
                + " (code VARCHAR(64) NOT NULL PRIMARY KEY,"
                + " target VARCHAR(2048) NOT NULL,"
                + " owner_key_hash CHAR(64) NOT NULL,"
                + " custom_alias BOOLEAN NOT NULL,"
                + " created_at BIGINT NOT NULL,"
                + " expires_at BIGINT,"
                + " max_visits BIGINT,"
                + " visits BIGINT NOT NULL DEFAULT 0)");
      } catch (SQLException e) {
        // Clones starting together on a fresh PostgreSQL database race here: both pass the
        // "IF NOT EXISTS" check and the loser fails on the catalog's unique index. The table is
        // there either way; anything else is a real failure.
        if (!tableExists(statement)) {
          throw e;
        }
        LOG.debug("{} created its table concurrently with another process", id);
      }
    }
    LOG.debug("schema ready on {}", id);
  }

  private static boolean tableExists(Statement statement) {
    try (ResultSet ignored = statement.executeQuery("SELECT code FROM " + TABLE + " WHERE 1 = 0")) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** The JDBC URL with any password parameter hidden, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  List<Node<HikariDataSource>> shards() {
    return shards;
  }

  /** The id of the shard that owns {@code code}. */
  String shardOf(String code) {
    return router.route(code).id();
  }

  /** Inserts {@code record}; {@code false} when its code is taken. */
  boolean insert(UrlRecord record) throws SQLException {
    try (Connection connection = router.route(record.code()).payload().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, record.code());
      insert.setString(2, record.target());
      insert.setString(3, record.ownerKeyHash());
      insert.setBoolean(4, record.customAlias());
      insert.setLong(5, record.createdAt().toEpochMilli());
      setNullableLong(
          insert, 6, record.expiresAt() == null ? null : record.expiresAt().toEpochMilli());
      setNullableLong(insert, 7, record.maxVisits());
      insert.setLong(8, record.visits());
      statements.increment();
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (DUPLICATE_KEY.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  /** The record of {@code code}, if any. */
  Optional<UrlRecord> find(String code) throws SQLException {
    try (Connection connection = router.route(code).payload().getConnection()) {
      return find(connection, code);
    }
  }

  /**
   * Counts one visit of {@code code} at {@code now} when the link is live: the returned record has
   * the visit counted. Otherwise the record as it is (expired or exhausted), or empty when unknown.
   */
  Visit visit(String code, Instant now) throws SQLException {
    try (Connection connection = router.route(code).payload().getConnection()) {
      Optional<UrlRecord> found = find(connection, code);
      while (found.isPresent()) {
        UrlRecord record = found.get();
        if (record.expiredAt(now) || record.exhausted()) {
          return new Visit(record, false);
        }
        try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE "
                    + TABLE
                    + " SET visits = visits + 1 WHERE code = ?"
                    + " AND (expires_at IS NULL OR expires_at > ?)"
                    + " AND (max_visits IS NULL OR visits < max_visits)")) {
          update.setString(1, code);
          update.setLong(2, now.toEpochMilli());
          statements.increment();
          if (update.executeUpdate() == 1) {
            return new Visit(
                new UrlRecord(
                    record.code(),
                    record.target(),
                    record.ownerKeyHash(),
                    record.customAlias(),
                    record.createdAt(),
                    record.expiresAt(),
                    record.maxVisits(),
                    record.visits() + 1),
                true);
          }
        }
        // Another visit took the last one (or the row went): read again and classify.
        found = find(connection, code);
      }
      return new Visit(null, false);
    }
  }

  /** Deletes {@code code} when {@code ownerKeyHash} created it. */
  DeleteOutcome delete(String code, String ownerKeyHash) throws SQLException {
    try (Connection connection = router.route(code).payload().getConnection()) {
      try (PreparedStatement delete =
          connection.prepareStatement(
              "DELETE FROM " + TABLE + " WHERE code = ? AND owner_key_hash = ?")) {
        delete.setString(1, code);
        delete.setString(2, ownerKeyHash);
        statements.increment();
        if (delete.executeUpdate() == 1) {
          return DeleteOutcome.DELETED;
        }
      }
      return find(connection, code).isPresent() ? DeleteOutcome.NOT_OWNER : DeleteOutcome.NOT_FOUND;
    }
  }

  /**
   * Adds counted visits to their codes, one batched {@code UPDATE ... SET visits = visits + ?} per
   * shard, each shard in one transaction. Codes deleted meanwhile are skipped (their rows are
   * gone). A shard that fails does not stop the others: after every shard was tried, the first
   * failure is thrown (later ones suppressed by it), and the caller keeps the failed shards' visits
   * to try again. {@code written} is told each code whose visits were committed.
   */
  void addVisits(Map<String, Long> visits, java.util.function.Consumer<String> written)
      throws SQLException {
    Map<Node<HikariDataSource>, List<Map.Entry<String, Long>>> byShard =
        new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Long> entry : visits.entrySet()) {
      byShard
          .computeIfAbsent(router.route(entry.getKey()), shard -> new ArrayList<>())
          .add(Map.entry(entry.getKey(), entry.getValue()));
    }
    SQLException failure = null;
    for (Map.Entry<Node<HikariDataSource>, List<Map.Entry<String, Long>>> shard :
        byShard.entrySet()) {
      try {
        addVisits(shard.getKey(), shard.getValue());
      } catch (SQLException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
        continue;
      }
      shard.getValue().forEach(entry -> written.accept(entry.getKey()));
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void addVisits(Node<HikariDataSource> shard, List<Map.Entry<String, Long>> visits)
      throws SQLException {
    try (Connection connection = shard.payload().getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE " + TABLE + " SET visits = visits + ? WHERE code = ?")) {
        for (Map.Entry<String, Long> entry : visits) {
          update.setLong(1, entry.getValue());
          update.setString(2, entry.getKey());
          update.addBatch();
        }
        statements.increment();
        update.executeBatch();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        Transactions.rollbackAfter(connection, e);
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  /** Statements sent to the databases since the store opened (every shard; for tests). */
  long statements() {
    return statements.sum();
  }

  /** Whether each shard answers a trivial query within two seconds, in shard order. */
  List<ShardHealth> health() {
    List<ShardHealth> result = new ArrayList<>(shards.size());
    for (Node<HikariDataSource> shard : shards) {
      String problem = null;
      try (Connection connection = shard.payload().getConnection()) {
        if (!connection.isValid(2)) {
          problem = "connection is not valid";
        }
      } catch (SQLException e) {
        problem = e.getMessage();
      }
      result.add(new ShardHealth(shard.id(), problem));
    }
    return result;
  }

  private Optional<UrlRecord> find(Connection connection, String code) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE code = ?")) {
      select.setString(1, code);
      statements.increment();
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        long expires = row.getLong(6);
        Instant expiresAt = row.wasNull() ? null : Instant.ofEpochMilli(expires);
        long max = row.getLong(7);
        Long maxVisits = row.wasNull() ? null : max;
        return Optional.of(
            new UrlRecord(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getBoolean(4),
                Instant.ofEpochMilli(row.getLong(5)),
                expiresAt,
                maxVisits,
                row.getLong(8)));
      }
    }
  }

  private static void setNullableLong(PreparedStatement statement, int index, @Nullable Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  @Override
  public void close() {
    shards.forEach(shard -> shard.payload().close());
  }

  /** The result of {@link #visit}: the record (if the code exists) and whether a visit counted. */
  record Visit(@Nullable UrlRecord record, boolean counted) {}

  /** One shard's health: {@code problem} is {@code null} when it is up. */
  record ShardHealth(String id, @Nullable String problem) {}

  enum DeleteOutcome {
    DELETED,
    NOT_OWNER,
    NOT_FOUND
  }
}
