package io.github.scaleblocks.examples.tinyurl;

import com.zaxxer.hikari.HikariDataSource;
import io.github.scaleblocks.core.Node;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The click log and its per-day counts, in the same shards as the URL records: a click is stored in
 * the shard that owns its code, so a code's stats read one shard.
 *
 * <p>Tables, created on start in every shard ({@code IF NOT EXISTS}; clones racing to create them
 * are fine):
 *
 * <ul>
 *   <li>{@value #CLICKS} {@code (code, clicked_at, click_day, referrer_host, agent)}: the click
 *       log, one row per click, indexed by {@code click_day} only (for the daily report; it is the
 *       one index the writes pay for per click).
 *   <li>{@value #DAYS} {@code (code, click_day, referrer_host, clicks)}: per-day counts per
 *       referrer host ({@code ''} for direct visits and unparsable referrers), primary key {@code
 *       (code, click_day, referrer_host)}, kept by an upsert ({@code ON CONFLICT ... DO UPDATE} on
 *       PostgreSQL; on H2 a batched {@code UPDATE}, then an {@code INSERT} of the rows it did not
 *       find, retried when another process inserted one meanwhile), so several processes may add to
 *       the same row. A code's stats read only this table: clicks per day sum its rows by day, top
 *       referrers sum them by host, both the same numbers a {@code GROUP BY} over the click log
 *       gives. (Before, the counts had no host and the top referrers came from the log through a
 *       second index on {@code (code, click_day)}; that index cost every click a B-tree insert, an
 *       undo-log record and a commit step on H2, a third of the consumer's work. Its leftover is
 *       dropped on start, and the old {@code click_days} table is no longer read.)
 *   <li>{@value #BATCHES} {@code (batch_id, written_at)}: ids of durable batches already written;
 *       recorded in the same transaction as the batch's clicks, so a batch delivered twice (the
 *       durable queue delivers at least once) is written once.
 *   <li>{@value #REPORTS} {@code (report_day, computed_at, body)}: the daily reports, in the first
 *       shard only (a report spans every shard).
 * </ul>
 *
 * <p>A batch of one shard is one transaction: a multi-row (batched) {@code INSERT} of its clicks
 * and one batched upsert of its counts, one row per distinct (code, day, referrer host) of the
 * batch (counted in memory first). Every statement is parameterised. Thread-safe.
 */
final class ClickStore {
  static final String CLICKS = "clicks";
  static final String DAYS = "click_counts";

  /** The index the click log had before {@value #DAYS} kept the referrers; dropped on start. */
  static final String OLD_CODE_DAY_INDEX = "clicks_code_day";

  static final String BATCHES = "click_batches";
  static final String REPORTS = "click_reports";
  private static final Logger LOG = LoggerFactory.getLogger(ClickStore.class);

  private final UrlStore urls;
  private final Map<String, Shard> shards;
  private final Shard first;

  /** A shard's pool and dialect. */
  record Shard(String id, HikariDataSource pool, boolean postgres) {}

  private ClickStore(UrlStore urls, Map<String, Shard> shards, Shard first) {
    this.urls = urls;
    this.shards = shards;
    this.first = first;
  }

  /** Creates the click tables in every shard of {@code urls} where they are missing. */
  static ClickStore open(UrlStore urls) {
    Map<String, Shard> shards = new LinkedHashMap<>();
    Shard first = null;
    for (Node<HikariDataSource> node : urls.shards()) {
      Shard shard;
      try {
        shard = createSchema(node.id(), node.payload(), first == null);
      } catch (SQLException e) {
        throw new IllegalStateException(
            "cannot create the click tables on " + node.id() + ": " + e.getMessage(), e);
      }
      shards.put(node.id(), shard);
      if (first == null) {
        first = shard;
      }
    }
    if (first == null) {
      throw new IllegalStateException("no shard to store clicks in");
    }
    return new ClickStore(urls, Map.copyOf(shards), first);
  }

  private static Shard createSchema(String id, HikariDataSource pool, boolean reports)
      throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      boolean postgres =
          connection
              .getMetaData()
              .getDatabaseProductName()
              .toLowerCase(Locale.ROOT)
              .contains("postgres");
      List<String> ddl =
          new ArrayList<>(
              List.of(
                  "CREATE TABLE IF NOT EXISTS "
                      + CLICKS
                      + " (code VARCHAR(64) NOT NULL, clicked_at BIGINT NOT NULL,"
                      + " click_day VARCHAR(10) NOT NULL, referrer_host VARCHAR(255),"
                      + " agent VARCHAR(16) NOT NULL)",
                  "CREATE INDEX IF NOT EXISTS clicks_day ON " + CLICKS + " (click_day)",
                  "DROP INDEX IF EXISTS " + OLD_CODE_DAY_INDEX,
                  "CREATE TABLE IF NOT EXISTS "
                      + DAYS
                      + " (code VARCHAR(64) NOT NULL, click_day VARCHAR(10) NOT NULL,"
                      + " referrer_host VARCHAR(255) NOT NULL, clicks BIGINT NOT NULL,"
                      + " PRIMARY KEY (code, click_day, referrer_host))",
                  "CREATE TABLE IF NOT EXISTS "
                      + BATCHES
                      + " (batch_id VARCHAR(64) NOT NULL PRIMARY KEY, written_at BIGINT NOT NULL)"));
      if (reports) {
        ddl.add(
            "CREATE TABLE IF NOT EXISTS "
                + REPORTS
                + " (report_day VARCHAR(10) NOT NULL PRIMARY KEY, computed_at BIGINT NOT NULL,"
                + " body VARCHAR(1000000) NOT NULL)");
      }
      for (String sql : ddl) {
        for (int attempt = 1; ; attempt++) {
          try {
            statement.execute(sql);
            break;
          } catch (SQLException e) {
            // Clones starting together race on IF NOT EXISTS (see UrlStore): the loser fails on
            // the catalog's unique index while the winner's object appears. Running the
            // statement again sees it and does nothing; anything that keeps failing is real.
            if (attempt >= 5) {
              throw e;
            }
            LOG.debug("{} raced another process creating its click tables: {}", id, e.toString());
          }
        }
      }
      return new Shard(id, pool, postgres);
    }
  }

  /** The shard ids, in order. */
  List<String> shardIds() {
    return urls.shards().stream().map(Node::id).toList();
  }

  /** The id of the shard that owns {@code code}. */
  String shardOf(String code) {
    return urls.shardOf(code);
  }

  /** {@code clicks} grouped by the shard that owns each code, in shard order of first sight. */
  Map<String, List<Click>> byShard(List<Click> clicks) {
    Map<String, List<Click>> grouped = new LinkedHashMap<>();
    for (Click click : clicks) {
      grouped.computeIfAbsent(shardOf(click.code()), id -> new ArrayList<>()).add(click);
    }
    return grouped;
  }

  private Shard shard(String id) {
    Shard shard = shards.get(id);
    if (shard == null) {
      throw new IllegalArgumentException("no shard " + id);
    }
    return shard;
  }

  /**
   * Writes {@code clicks}, all owned by shard {@code shardId}, in one transaction: the click rows
   * and the per-day counts. With a {@code batchId}, the batch is written only if that id is not
   * recorded yet, and the id is recorded in the same transaction. Returns false when the batch had
   * been written before (nothing changed).
   */
  boolean write(String shardId, List<Click> clicks, @Nullable String batchId, long nowMillis)
      throws SQLException {
    if (clicks.isEmpty()) {
      return true;
    }
    Shard shard = shard(shardId);
    for (int attempt = 1; ; attempt++) {
      try {
        return writeOnce(shard, clicks, batchId, nowMillis);
      } catch (SQLException e) {
        // H2's upsert (UPDATE, then INSERT of the missing rows) is not atomic: two writers
        // inserting the same (code, day, host) row at once make one fail on the primary key (as do
        // two writers of the same batch id). The transaction
        // was rolled back; the next attempt updates the row (or sees the batch written).
        if (attempt >= MAX_WRITE_ATTEMPTS || !duplicateKey(e)) {
          throw e;
        }
      }
    }
  }

  private static final int MAX_WRITE_ATTEMPTS = 5;
  private static final String DUPLICATE_KEY = "23505";

  private static boolean duplicateKey(SQLException e) {
    for (SQLException next = e; next != null; next = next.getNextException()) {
      if (DUPLICATE_KEY.equals(next.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private boolean writeOnce(
      Shard shard, List<Click> clicks, @Nullable String batchId, long nowMillis)
      throws SQLException {
    try (Connection connection = shard.pool().getConnection()) {
      connection.setAutoCommit(false);
      try {
        if (batchId != null && !claimBatch(connection, batchId, nowMillis)) {
          connection.rollback();
          return false;
        }
        insertClicks(connection, clicks);
        addDays(connection, shard.postgres(), clicks);
        connection.commit();
        return true;
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  private static boolean claimBatch(Connection connection, String batchId, long nowMillis)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM " + BATCHES + " WHERE batch_id = ?")) {
      select.setString(1, batchId);
      try (ResultSet row = select.executeQuery()) {
        if (row.next()) {
          return false;
        }
      }
    }
    // a concurrent writer of the same batch fails on the primary key and retries, then sees it
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO " + BATCHES + " (batch_id, written_at) VALUES (?, ?)")) {
      insert.setString(1, batchId);
      insert.setLong(2, nowMillis);
      insert.executeUpdate();
    }
    return true;
  }

  private static void insertClicks(Connection connection, List<Click> clicks) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO "
                + CLICKS
                + " (code, clicked_at, click_day, referrer_host, agent) VALUES (?, ?, ?, ?, ?)")) {
      for (Click click : clicks) {
        insert.setString(1, click.code());
        insert.setLong(2, click.atMillis());
        insert.setString(3, Click.dayText(click.day()));
        insert.setString(4, click.referrerHost());
        insert.setString(5, click.agent());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void addDays(Connection connection, boolean postgres, List<Click> clicks)
      throws SQLException {
    Map<CountKey, long[]> counts = new LinkedHashMap<>();
    for (Click click : clicks) {
      String host = click.referrerHost();
      CountKey key = new CountKey(click.code(), click.day(), host == null ? DIRECT : host);
      counts.computeIfAbsent(key, k -> new long[1])[0]++;
    }
    if (postgres) {
      try (PreparedStatement upsert =
          connection.prepareStatement(
              "INSERT INTO "
                  + DAYS
                  + " (code, click_day, referrer_host, clicks) VALUES (?, ?, ?, ?)"
                  + " ON CONFLICT (code, click_day, referrer_host)"
                  + " DO UPDATE SET clicks = "
                  + DAYS
                  + ".clicks + EXCLUDED.clicks")) {
        for (Map.Entry<CountKey, long[]> count : counts.entrySet()) {
          setCount(upsert, count.getKey(), count.getValue()[0]);
          upsert.addBatch();
        }
        upsert.executeBatch();
      }
      return;
    }
    // H2: a batched UPDATE of the rows, then a batched INSERT of those no row matched. Cheaper on
    // H2 than its MERGE ... USING (a join per row); the same effect in this transaction. Another
    // process inserting the same new row meanwhile makes the INSERT fail on the primary key: the
    // transaction rolls back and write() tries again, when the UPDATE finds the row.
    List<Map.Entry<CountKey, long[]>> entries = new ArrayList<>(counts.entrySet());
    int[] updated;
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE "
                + DAYS
                + " SET clicks = clicks + ? WHERE code = ? AND click_day = ? AND referrer_host = ?")) {
      for (Map.Entry<CountKey, long[]> count : entries) {
        update.setLong(1, count.getValue()[0]);
        update.setString(2, count.getKey().code());
        update.setString(3, Click.dayText(count.getKey().day()));
        update.setString(4, count.getKey().host());
        update.addBatch();
      }
      updated = update.executeBatch();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO "
                + DAYS
                + " (code, click_day, referrer_host, clicks) VALUES (?, ?, ?, ?)")) {
      boolean any = false;
      for (int i = 0; i < entries.size(); i++) {
        if (updated[i] == 0) {
          setCount(insert, entries.get(i).getKey(), entries.get(i).getValue()[0]);
          insert.addBatch();
          any = true;
        }
      }
      if (any) {
        insert.executeBatch();
      }
    }
  }

  private static void setCount(PreparedStatement statement, CountKey key, long clicks)
      throws SQLException {
    statement.setString(1, key.code());
    statement.setString(2, Click.dayText(key.day()));
    statement.setString(3, key.host());
    statement.setLong(4, clicks);
  }

  /** The referrer host {@value #DAYS} stores for a direct visit (a key column cannot be null). */
  static final String DIRECT = "";

  /** A row of {@value #DAYS} as the consumer counts a batch. */
  private record CountKey(String code, LocalDate day, String host) {}

  /** Clicks of {@code code} per day from {@code from} to {@code to} (inclusive), days with none. */
  Map<LocalDate, Long> perDay(String code, LocalDate from, LocalDate to) throws SQLException {
    Map<LocalDate, Long> counts = new HashMap<>();
    try (Connection connection = shard(shardOf(code)).pool().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT click_day, SUM(clicks) FROM "
                    + DAYS
                    + " WHERE code = ? AND click_day >= ? AND click_day <= ? GROUP BY click_day")) {
      select.setString(1, code);
      select.setString(2, from.toString());
      select.setString(3, to.toString());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          counts.put(LocalDate.parse(rows.getString(1)), rows.getLong(2));
        }
      }
    }
    return counts;
  }

  /** A name (a code or a referrer host) and its clicks. */
  record Count(String name, long clicks) {}

  /** The {@code limit} referrer hosts with the most clicks of {@code code} in the days given. */
  List<Count> topReferrers(String code, LocalDate from, LocalDate to, int limit)
      throws SQLException {
    List<Count> top = new ArrayList<>();
    try (Connection connection = shard(shardOf(code)).pool().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT referrer_host, SUM(clicks) AS n FROM "
                    + DAYS
                    + " WHERE code = ? AND click_day >= ? AND click_day <= ?"
                    + " AND referrer_host <> ?"
                    + " GROUP BY referrer_host ORDER BY n DESC, referrer_host LIMIT ?")) {
      select.setString(1, code);
      select.setString(2, from.toString());
      select.setString(3, to.toString());
      select.setString(4, DIRECT);
      select.setInt(5, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          top.add(new Count(rows.getString(1), rows.getLong(2)));
        }
      }
    }
    return top;
  }

  /** A click row as the daily report reads it. */
  record Row(String code, @Nullable String referrerHost) {}

  /** A consumer of rows that may fail (the MapReduce engine's record sink). */
  @FunctionalInterface
  interface RowSink {
    void accept(Row row, long position) throws Exception;
  }

  /**
   * Streams the clicks of {@code day} in shard {@code shardId} into {@code sink}, in pages of
   * {@code fetchSize} rows (a server-side cursor on PostgreSQL). Returns the rows read.
   */
  long readDay(String shardId, LocalDate day, int fetchSize, RowSink sink) throws Exception {
    long position = 0;
    try (Connection connection = shard(shardId).pool().getConnection()) {
      connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only in a transaction
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT code, referrer_host FROM " + CLICKS + " WHERE click_day = ?")) {
        select.setFetchSize(fetchSize);
        select.setString(1, day.toString());
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            sink.accept(new Row(rows.getString(1), rows.getString(2)), position++);
          }
        }
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    }
    return position;
  }

  /** Stores the report of {@code day} (replacing an older one) in the first shard. */
  void saveReport(LocalDate day, long computedAtMillis, String body) throws SQLException {
    String sql =
        first.postgres()
            ? "INSERT INTO "
                + REPORTS
                + " (report_day, computed_at, body) VALUES (?, ?, ?) ON CONFLICT (report_day)"
                + " DO UPDATE SET computed_at = EXCLUDED.computed_at, body = EXCLUDED.body"
            : "MERGE INTO " + REPORTS + " KEY (report_day) VALUES (?, ?, ?)";
    try (Connection connection = first.pool().getConnection();
        PreparedStatement upsert = connection.prepareStatement(sql)) {
      upsert.setString(1, day.toString());
      upsert.setLong(2, computedAtMillis);
      upsert.setString(3, body);
      upsert.executeUpdate();
    }
  }

  /** The stored report of {@code day}, if any. */
  Optional<String> findReport(LocalDate day) throws SQLException {
    try (Connection connection = first.pool().getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT body FROM " + REPORTS + " WHERE report_day = ?")) {
      select.setString(1, day.toString());
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
  }

  /** Forgets the ids of durable batches written before {@code beforeMillis}, in every shard. */
  void pruneBatches(long beforeMillis) throws SQLException {
    for (Shard shard : shards.values()) {
      try (Connection connection = shard.pool().getConnection();
          PreparedStatement delete =
              connection.prepareStatement("DELETE FROM " + BATCHES + " WHERE written_at < ?")) {
        delete.setLong(1, beforeMillis);
        delete.executeUpdate();
      }
    }
  }
}
