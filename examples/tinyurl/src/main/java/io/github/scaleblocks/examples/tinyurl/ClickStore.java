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
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The click log and its per-day counts, in the same shards as the URL records: a click is stored in
 * the shard that owns its code, so a code's stats read one shard.
 *
 * <h2>Design: a log of segments, counts folded from it</h2>
 *
 * <p>The log is written once per batch, not once per click: each batch of the click consumer
 * becomes, per shard and UTC day, one row of {@value #SEGMENTS} whose body holds the batch's clicks
 * in a compact binary form ({@link ClickSegment}, about 5 to 12 bytes a click). One row per click
 * (the design before) cost the embedded H2 shards a copy-on-write B-tree page, an index entry and
 * an undo-log record per click: two thirds of the process's allocation under load.
 *
 * <p>The per-day counts are folded from the log rather than written beside it: a segment is also
 * listed in {@value #PENDING} (same transaction), and {@link #fold} takes the pending segments of a
 * shard, adds their clicks to {@value #DAYS} and deletes them from {@value #PENDING}, in one
 * transaction. So the counts are exactly the fold of the log, a crash between the two loses nothing
 * (a segment stays pending until its fold commits), and the cost of the counts is one row update
 * per (code, day, referrer host) per fold rather than per batch: folding every few seconds (the
 * caller's schedule, {@link ClickEvents}) merges the many batches of a busy code into one update.
 * The price is freshness: the stats lag the log by up to a fold interval. Folds of a shard are
 * serialized by a row lock ({@code SELECT ... FOR UPDATE} on {@value #FOLD_LOCK}), so clones
 * sharing the databases may all fold.
 *
 * <p>Tables, created on start in every shard ({@code IF NOT EXISTS}; clones racing to create them
 * are fine):
 *
 * <ul>
 *   <li>{@value #SEGMENTS} {@code (segment_id, click_day, clicks_count, body)}: the click log, one
 *       row per batch, shard and day, {@code segment_id} a random UUID, {@code body} a {@link
 *       ClickSegment} ({@code VARBINARY} on H2, {@code BYTEA} on PostgreSQL), indexed by {@code
 *       click_day} for the daily report, which reads it ({@link #readDay}).
 *   <li>{@value #PENDING} {@code (segment_id)}: segments not yet folded into the counts.
 *   <li>{@value #DAYS} {@code (code, click_day, referrer_host, clicks)}: per-day counts per
 *       referrer host ({@code ''} for direct visits and unparsable referrers), primary key {@code
 *       (code, click_day, referrer_host)}, kept by an upsert ({@code ON CONFLICT ... DO UPDATE} on
 *       PostgreSQL; on H2 a batched {@code UPDATE}, then an {@code INSERT} of the rows it did not
 *       find). A code's stats read only this table: clicks per day sum its rows by day, top
 *       referrers sum them by host, both the same numbers a count over the folded log gives.
 *   <li>{@value #BATCHES} {@code (batch_id, written_at)}: ids of durable batches already written;
 *       recorded in the same transaction as the batch's segments, so a batch delivered twice (the
 *       durable queue delivers at least once) is written once.
 *   <li>{@value #FOLD_LOCK} {@code (id)}: one row, locked by each fold.
 *   <li>{@value #REPORTS} {@code (report_day, computed_at, body)}: the daily reports, in the first
 *       shard only (a report spans every shard).
 * </ul>
 *
 * <p>A data directory or database from before segments keeps its {@value #LEGACY_CLICKS} table (one
 * row per click): nothing is written to it any more, and the daily report still reads its rows, so
 * old days keep their reports. Every statement is parameterised. Thread-safe.
 */
final class ClickStore {
  static final String SEGMENTS = "click_segments";
  static final String PENDING = "click_pending";
  static final String DAYS = "click_counts";
  static final String FOLD_LOCK = "click_fold_lock";

  /** The one-row-per-click log of the design before segments: read by reports, never written. */
  static final String LEGACY_CLICKS = "clicks";

  /** The index the click log had before {@value #DAYS} kept the referrers; dropped on start. */
  static final String OLD_CODE_DAY_INDEX = "clicks_code_day";

  static final String BATCHES = "click_batches";
  static final String REPORTS = "click_reports";

  /** Segments folded per transaction: a backlog is folded in steps of bounded memory. */
  static final int FOLD_SEGMENTS = 64;

  private static final Logger LOG = LoggerFactory.getLogger(ClickStore.class);

  private final UrlStore urls;
  private final Map<String, Shard> shards;
  private final Shard first;

  /** A shard's pool, dialect and whether it still has a {@value #LEGACY_CLICKS} table. */
  record Shard(String id, HikariDataSource pool, boolean postgres, boolean legacyLog) {}

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
                      + SEGMENTS
                      + " (segment_id VARCHAR(36) NOT NULL PRIMARY KEY,"
                      + " click_day VARCHAR(10) NOT NULL, clicks_count INT NOT NULL, body "
                      + (postgres ? "BYTEA" : "VARBINARY")
                      + " NOT NULL)",
                  "CREATE INDEX IF NOT EXISTS click_segments_day ON " + SEGMENTS + " (click_day)",
                  "CREATE TABLE IF NOT EXISTS "
                      + PENDING
                      + " (segment_id VARCHAR(36) NOT NULL PRIMARY KEY)",
                  "DROP INDEX IF EXISTS " + OLD_CODE_DAY_INDEX,
                  "CREATE TABLE IF NOT EXISTS "
                      + DAYS
                      + " (code VARCHAR(64) NOT NULL, click_day VARCHAR(10) NOT NULL,"
                      + " referrer_host VARCHAR(255) NOT NULL, clicks BIGINT NOT NULL,"
                      + " PRIMARY KEY (code, click_day, referrer_host))",
                  "CREATE TABLE IF NOT EXISTS "
                      + BATCHES
                      + " (batch_id VARCHAR(64) NOT NULL PRIMARY KEY, written_at BIGINT NOT NULL)",
                  "CREATE TABLE IF NOT EXISTS " + FOLD_LOCK + " (id INT NOT NULL PRIMARY KEY)",
                  "INSERT INTO "
                      + FOLD_LOCK
                      + " (id) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM "
                      + FOLD_LOCK
                      + " WHERE id = 1)"));
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
      boolean legacy;
      try (ResultSet tables =
          connection
              .getMetaData()
              .getTables(
                  null,
                  connection.getSchema(),
                  postgres ? LEGACY_CLICKS : LEGACY_CLICKS.toUpperCase(Locale.ROOT),
                  new String[] {"TABLE"})) {
        legacy = tables.next();
      }
      return new Shard(id, pool, postgres, legacy);
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
   * Appends {@code clicks}, all owned by shard {@code shardId}, to its log in one transaction: one
   * segment per UTC day among them (normally one), each listed as pending for {@link #fold}. With a
   * {@code batchId}, the batch is written only if that id is not recorded yet, and the id is
   * recorded in the same transaction. Returns false when the batch had been written before (nothing
   * changed). The counts see the clicks after the next fold of the shard.
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
        // two writers of the same batch id at once make one fail on the primary key; the
        // transaction was rolled back and the next attempt sees the batch written
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
        insertSegments(connection, clicks);
        connection.commit();
        return true;
      } catch (SQLException | RuntimeException e) {
        Transactions.rollbackAfter(connection, e);
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

  private static void insertSegments(Connection connection, List<Click> clicks)
      throws SQLException {
    Map<LocalDate, List<Click>> days = new LinkedHashMap<>();
    LocalDate first = clicks.get(0).day();
    boolean oneDay = true;
    for (Click click : clicks) {
      if (!click.day().equals(first)) {
        oneDay = false;
        break;
      }
    }
    if (oneDay) {
      days.put(first, clicks);
    } else {
      for (Click click : clicks) {
        days.computeIfAbsent(click.day(), day -> new ArrayList<>()).add(click);
      }
    }
    try (PreparedStatement segment =
            connection.prepareStatement(
                "INSERT INTO "
                    + SEGMENTS
                    + " (segment_id, click_day, clicks_count, body) VALUES (?, ?, ?, ?)");
        PreparedStatement pending =
            connection.prepareStatement("INSERT INTO " + PENDING + " (segment_id) VALUES (?)")) {
      for (Map.Entry<LocalDate, List<Click>> day : days.entrySet()) {
        String id = UUID.randomUUID().toString();
        segment.setString(1, id);
        segment.setString(2, Click.dayText(day.getKey()));
        segment.setInt(3, day.getValue().size());
        segment.setBytes(4, ClickSegment.encode(day.getValue()));
        segment.addBatch();
        pending.setString(1, id);
        pending.addBatch();
      }
      segment.executeBatch();
      pending.executeBatch();
    }
  }

  /**
   * Folds the pending segments of shard {@code shardId} into {@value #DAYS}, a bounded number of
   * segments per transaction, until none is pending. Returns the clicks folded. Folds of one shard
   * wait for each other (a row lock); a segment committed during a fold is left for the next.
   */
  long fold(String shardId) throws SQLException {
    Shard shard = shard(shardId);
    long clicks = 0;
    for (; ; ) {
      long[] folded = foldStep(shard);
      clicks += folded[1];
      if (folded[0] < FOLD_SEGMENTS) {
        return clicks;
      }
    }
  }

  /** Folds the pending segments of every shard; returns the clicks folded. */
  long foldAll() throws SQLException {
    long clicks = 0;
    for (String id : shards.keySet()) {
      clicks += fold(id);
    }
    return clicks;
  }

  /** One fold transaction, retried on a duplicate key; returns {segments, clicks} folded. */
  private long[] foldStep(Shard shard) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return foldOnce(shard);
      } catch (SQLException e) {
        // H2's upsert (UPDATE, then INSERT of the missing rows) is not atomic. Folds of a shard
        // are serialized by the lock row, but a process of an older version may still write the
        // counts directly: a row inserted meanwhile fails the INSERT on the primary key. The
        // transaction was rolled back; the next attempt updates the row.
        if (attempt >= MAX_WRITE_ATTEMPTS || !duplicateKey(e)) {
          throw e;
        }
      }
    }
  }

  private long[] foldOnce(Shard shard) throws SQLException {
    try (Connection connection = shard.pool().getConnection()) {
      connection.setAutoCommit(false);
      try {
        try (PreparedStatement lock =
                connection.prepareStatement(
                    "SELECT id FROM " + FOLD_LOCK + " WHERE id = 1 FOR UPDATE");
            ResultSet locked = lock.executeQuery()) {
          if (!locked.next()) {
            throw new IllegalStateException(
                "the lock row of " + FOLD_LOCK + " in " + shard.id() + " is missing");
          }
        }
        List<String> folded = new ArrayList<>();
        Map<CountKey, long[]> counts = new LinkedHashMap<>();
        long clicks = 0;
        try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT s.segment_id, s.click_day, s.clicks_count, s.body FROM "
                    + PENDING
                    + " p JOIN "
                    + SEGMENTS
                    + " s ON s.segment_id = p.segment_id LIMIT ?")) {
          select.setInt(1, FOLD_SEGMENTS);
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              String id = rows.getString(1);
              List<Click> segment =
                  ClickSegment.decode(
                      rows.getBytes(4),
                      shard.id(),
                      id,
                      LocalDate.parse(rows.getString(2)),
                      rows.getInt(3));
              for (Click click : segment) {
                String host = click.referrerHost();
                CountKey key =
                    new CountKey(click.code(), click.day(), host == null ? DIRECT : host);
                counts.computeIfAbsent(key, k -> new long[1])[0]++;
              }
              clicks += segment.size();
              folded.add(id);
            }
          }
        }
        if (!folded.isEmpty()) {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM " + PENDING + " WHERE segment_id = ?")) {
            for (String id : folded) {
              delete.setString(1, id);
              delete.addBatch();
            }
            delete.executeBatch();
          }
          addDays(connection, shard.postgres(), counts);
        }
        connection.commit();
        return new long[] {folded.size(), clicks};
      } catch (SQLException | RuntimeException e) {
        Transactions.rollbackAfter(connection, e);
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  private static void addDays(Connection connection, boolean postgres, Map<CountKey, long[]> counts)
      throws SQLException {
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
    // H2 than its MERGE ... USING (a join per row); the same effect in this transaction.
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

  /** A row of {@value #DAYS} as a fold counts its segments. */
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
   * Streams the clicks of {@code day} in shard {@code shardId} into {@code sink}: its segments,
   * {@code segmentsPerFetch} at a time (a server-side cursor on PostgreSQL), then, in a database
   * from before segments, the day's rows of {@value #LEGACY_CLICKS}. Returns the clicks read.
   */
  long readDay(String shardId, LocalDate day, int segmentsPerFetch, RowSink sink) throws Exception {
    Shard shard = shard(shardId);
    long position = 0;
    try (Connection connection = shard.pool().getConnection()) {
      connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only in a transaction
      try {
        try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT segment_id, clicks_count, body FROM "
                    + SEGMENTS
                    + " WHERE click_day = ?")) {
          select.setFetchSize(segmentsPerFetch);
          select.setString(1, day.toString());
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              List<Click> clicks =
                  ClickSegment.decode(
                      rows.getBytes(3), shardId, rows.getString(1), day, rows.getInt(2));
              for (Click click : clicks) {
                sink.accept(new Row(click.code(), click.referrerHost()), position++);
              }
            }
          }
        }
        if (shard.legacyLog()) {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT code, referrer_host FROM " + LEGACY_CLICKS + " WHERE click_day = ?")) {
            select.setFetchSize(LEGACY_FETCH_ROWS);
            select.setString(1, day.toString());
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                sink.accept(new Row(rows.getString(1), rows.getString(2)), position++);
              }
            }
          }
        }
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    }
    return position;
  }

  private static final int LEGACY_FETCH_ROWS = 1_000;

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
