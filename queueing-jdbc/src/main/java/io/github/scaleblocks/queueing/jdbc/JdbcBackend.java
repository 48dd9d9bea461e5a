package io.github.scaleblocks.queueing.jdbc;

import io.github.scaleblocks.queueing.DeadJob;
import io.github.scaleblocks.queueing.EnqueueResult;
import io.github.scaleblocks.queueing.JobError;
import io.github.scaleblocks.queueing.spi.Delivery;
import io.github.scaleblocks.queueing.spi.NewJob;
import io.github.scaleblocks.queueing.spi.PayloadCodec;
import io.github.scaleblocks.queueing.spi.QueueBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC backend; see {@link JdbcQueueBackends} for the contract.
 *
 * <p>Design: a job is one row; state 0 rows are claimable when {@code visible_at <= now}, and a
 * claim moves {@code visible_at} to the lease end and stamps a random lease token, so an expired
 * lease needs no sweeper: the row simply becomes visible again. Completed rows are deleted. Every
 * call borrows one connection and runs one transaction; claims lock candidate rows with {@code FOR
 * UPDATE SKIP LOCKED} (PostgreSQL: one {@code UPDATE ... FROM (SELECT ... SKIP LOCKED) RETURNING};
 * H2: the same select, then an update of the selected ids, in one transaction).
 *
 * <p>H2 caveat: H2 (2.3) locks every row an ordered {@code SELECT ... LIMIT n FOR UPDATE} reads,
 * not only the n rows it returns, so while one H2 claim transaction is open (a few milliseconds)
 * concurrent claimers skip the whole due set, find nothing and poll again. Jobs are never handed
 * out twice; only concurrency of claims suffers, which matters little for the embedded single-
 * process default. (Picking candidates first and locking them by id was tried: H2 then scans with
 * {@code id = ANY(?)} and throughput fell to about a hundred jobs per second.)
 */
final class JdbcBackend<T> implements QueueBackend<T> {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcBackend.class);
  private static final int MAX_ATTEMPTS = 5;
  private static final int QUEUED = 0;
  private static final int DEAD = 2;
  private static final int MAX_TEXT = 100_000;

  enum Dialect {
    H2,
    POSTGRESQL
  }

  private final DataSource dataSource;
  private final PayloadCodec<T> codec;
  private final String table;
  private final Clock clock;
  private final Dialect dialect;
  private final String description;
  private final @Nullable AutoCloseable owned;
  private final SecureRandom tokens = new SecureRandom();

  private final String insertSql;
  private final String claimSelectSql;
  private final String claimUpdateSql;
  private final String deleteSql;
  private final String retrySql;
  private final String deadSql;
  private final String releaseSql;
  private final String extendSql;

  private JdbcBackend(
      DataSource dataSource,
      PayloadCodec<T> codec,
      String table,
      Clock clock,
      Dialect dialect,
      String description,
      @Nullable AutoCloseable owned) {
    this.dataSource = dataSource;
    this.codec = codec;
    this.table = table;
    this.clock = clock;
    this.dialect = dialect;
    this.description = description;
    this.owned = owned;
    this.insertSql =
        "INSERT INTO "
            + table
            + " (payload, priority, state, visible_at, attempts, max_attempts, created_at)"
            + " VALUES (?, ?, 0, ?, 0, ?, ?)";
    String select =
        "SELECT id, visible_at FROM "
            + table
            + " WHERE state = 0 AND visible_at <= ? ORDER BY priority DESC, visible_at, id LIMIT ?"
            + " FOR UPDATE SKIP LOCKED";
    if (dialect == Dialect.POSTGRESQL) {
      this.claimSelectSql = "";
      this.claimUpdateSql =
          "UPDATE "
              + table
              + " t SET visible_at = ?, lease_token = ?, attempts = t.attempts + 1 FROM ("
              + select
              + ") c WHERE t.id = c.id"
              + " RETURNING t.id, t.payload, t.priority, t.attempts, t.max_attempts, c.visible_at";
    } else {
      this.claimSelectSql =
          "SELECT id, payload, priority, attempts, max_attempts, visible_at FROM "
              + table
              + " WHERE state = 0 AND visible_at <= ? ORDER BY priority DESC, visible_at, id"
              + " LIMIT ? FOR UPDATE SKIP LOCKED";
      this.claimUpdateSql =
          "UPDATE "
              + table
              + " SET visible_at = ?, lease_token = ?, attempts = attempts + 1 WHERE id = ANY(?)";
    }
    this.deleteSql = "DELETE FROM " + table + " WHERE id = ANY(?)";
    this.retrySql =
        "UPDATE "
            + table
            + " SET visible_at = ?, lease_token = NULL, error_class = ?, error_message = ?,"
            + " error_stack = ? WHERE id = ? AND lease_token = ? AND attempts = ?";
    this.deadSql =
        "UPDATE "
            + table
            + " SET state = 2, dead_at = ?, lease_token = NULL, error_class = ?, error_message = ?,"
            + " error_stack = ? WHERE id = ? AND lease_token = ? AND attempts = ?";
    this.releaseSql =
        "UPDATE "
            + table
            + " SET visible_at = ?, lease_token = NULL, attempts = attempts - 1"
            + " WHERE id = ? AND lease_token = ? AND attempts = ?";
    this.extendSql =
        "UPDATE " + table + " SET visible_at = ? WHERE id = ? AND lease_token = ? AND attempts = ?";
  }

  static <T> JdbcBackend<T> open(
      DataSource dataSource,
      PayloadCodec<T> codec,
      String table,
      Clock clock,
      @Nullable AutoCloseable owned) {
    String provisional = "JdbcQueueBackend[table " + table + "]";
    try (Connection connection = dataSource.getConnection()) {
      String product = connection.getMetaData().getDatabaseProductName();
      String url = String.valueOf(connection.getMetaData().getURL());
      String name = product.toLowerCase(Locale.ROOT);
      Dialect dialect;
      if (name.equals("h2")) {
        dialect = Dialect.H2;
      } else if (name.equals("postgresql")) {
        dialect = Dialect.POSTGRESQL;
      } else {
        throw new IllegalStateException(
            "the JDBC queue backend supports H2 and PostgreSQL but "
                + url
                + " is "
                + product
                + " "
                + connection.getMetaData().getDatabaseProductVersion());
      }
      createSchema(connection, dialect, table);
      return new JdbcBackend<>(
          dataSource,
          codec,
          table,
          clock,
          dialect,
          "JdbcQueueBackend[table " + table + ", " + url + "]",
          owned);
    } catch (SQLException e) {
      closeQuietly(owned);
      throw new QueueStorageException(provisional, "creating the schema", e);
    } catch (RuntimeException e) {
      closeQuietly(owned);
      throw e;
    }
  }

  /** The shipped DDL for {@code dialect} with {@code table} filled in, one statement per entry. */
  static List<String> schema(Dialect dialect, String table) {
    String resource = dialect == Dialect.H2 ? "schema-h2.sql" : "schema-postgresql.sql";
    String text;
    try (InputStream in = JdbcBackend.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + resource, e);
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.strip().endsWith(";")) {
        String sql = current.toString().strip();
        statements.add(sql.substring(0, sql.length() - 1).replace("${table}", table));
        current.setLength(0);
      }
    }
    return statements;
  }

  /** Creating a table can race with another process doing the same; one retry finds it made. */
  private static void createSchema(Connection connection, Dialect dialect, String table)
      throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.setAutoCommit(true);
    }
    try (Statement statement = connection.createStatement()) {
      for (String ddl : schema(dialect, table)) {
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
  }

  @Override
  public EnqueueResult enqueue(NewJob<T> job) {
    return enqueueAll(List.of(job)).get(0);
  }

  @Override
  public List<EnqueueResult> enqueueAll(List<NewJob<T>> jobs) {
    if (jobs.isEmpty()) {
      return List.of();
    }
    byte[][] payloads = new byte[jobs.size()][];
    for (int i = 0; i < jobs.size(); i++) {
      payloads[i] = encode(jobs.get(i).payload(), i);
    }
    return transaction(
        "enqueue of " + jobs.size() + " job(s)", connection -> insert(connection, jobs, payloads));
  }

  private byte[] encode(T payload, int index) {
    byte[] bytes;
    try {
      bytes = codec.encode(payload);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "payload of job " + index + " cannot be encoded by " + codec + ": " + e.getMessage(), e);
    }
    if (bytes == null) {
      throw new IllegalArgumentException(
          "payload of job " + index + " was encoded to null by " + codec);
    }
    return bytes;
  }

  private List<EnqueueResult> insert(Connection connection, List<NewJob<T>> jobs, byte[][] payloads)
      throws SQLException {
    long now = clock.millis();
    EnqueueResult[] results = new EnqueueResult[jobs.size()];
    List<Integer> toInsert = new ArrayList<>(jobs.size());
    for (int i = 0; i < jobs.size(); i++) {
      NewJob<T> job = jobs.get(i);
      String key = job.idempotencyKey();
      if (key != null) {
        long existing =
            claimKey(connection, key, now + millisUp(job.idempotencyWindowNanos()), now);
        if (existing != Long.MIN_VALUE) {
          results[i] = EnqueueResult.duplicate(existing);
          continue;
        }
      }
      toInsert.add(i);
    }
    if (!toInsert.isEmpty()) {
      try (PreparedStatement statement =
          connection.prepareStatement(insertSql, new String[] {"id"})) {
        for (int i : toInsert) {
          NewJob<T> job = jobs.get(i);
          statement.setBytes(1, payloads[i]);
          statement.setInt(2, job.priority());
          statement.setLong(3, now + millisUp(job.delayNanos()));
          statement.setInt(4, job.maxAttempts());
          statement.setLong(5, now);
          statement.addBatch();
        }
        statement.executeBatch();
        try (ResultSet keys = statement.getGeneratedKeys()) {
          for (int i : toInsert) {
            if (!keys.next()) {
              throw new SQLException("the driver returned fewer generated ids than rows inserted");
            }
            results[i] = EnqueueResult.enqueued(keys.getLong(1));
          }
        }
      }
      try (PreparedStatement statement =
          connection.prepareStatement(
              "UPDATE " + table + "_keys SET job_id = ? WHERE idem_key = ?")) {
        boolean any = false;
        for (int i : toInsert) {
          String key = jobs.get(i).idempotencyKey();
          if (key != null) {
            statement.setLong(1, results[i].jobId());
            statement.setString(2, key);
            statement.addBatch();
            any = true;
          }
        }
        if (any) {
          statement.executeBatch();
        }
      }
    }
    List<EnqueueResult> out = new ArrayList<>(results.length);
    for (EnqueueResult result : results) {
      out.add(result);
    }
    return out;
  }

  /**
   * Records {@code key} until {@code expiresAt}; returns {@link Long#MIN_VALUE} if this call
   * recorded it, else the id of the job holding it (-1 if unknown yet).
   */
  private long claimKey(Connection connection, String key, long expiresAt, long now)
      throws SQLException {
    String keys = table + "_keys";
    if (dialect == Dialect.POSTGRESQL) {
      try (PreparedStatement statement =
          connection.prepareStatement(
              "INSERT INTO "
                  + keys
                  + " (idem_key, job_id, expires_at) VALUES (?, -1, ?) ON CONFLICT (idem_key) DO"
                  + " UPDATE SET job_id = -1, expires_at = EXCLUDED.expires_at WHERE "
                  + keys
                  + ".expires_at <= ?")) {
        statement.setString(1, key);
        statement.setLong(2, expiresAt);
        statement.setLong(3, now);
        if (statement.executeUpdate() == 1) {
          return Long.MIN_VALUE;
        }
      }
    } else {
      try (PreparedStatement statement =
          connection.prepareStatement(
              "DELETE FROM " + keys + " WHERE idem_key = ? AND expires_at <= ?")) {
        statement.setString(1, key);
        statement.setLong(2, now);
        statement.executeUpdate();
      }
      try (PreparedStatement statement =
          connection.prepareStatement(
              "INSERT INTO " + keys + " (idem_key, job_id, expires_at) VALUES (?, -1, ?)")) {
        statement.setString(1, key);
        statement.setLong(2, expiresAt);
        statement.executeUpdate();
        return Long.MIN_VALUE;
      } catch (SQLException e) {
        if (!"23505".equals(e.getSQLState())) {
          throw e;
        }
      }
    }
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT job_id FROM " + keys + " WHERE idem_key = ?")) {
      statement.setString(1, key);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getLong(1) : -1;
      }
    }
  }

  @Override
  public int claim(List<? super Delivery<T>> into, int max, long leaseNanos, long waitNanos)
      throws InterruptedException {
    int claimed = claimOnce(into, max, leaseNanos);
    if (claimed == 0 && waitNanos > 0) {
      TimeUnit.NANOSECONDS.sleep(waitNanos);
    }
    return claimed;
  }

  private int claimOnce(List<? super Delivery<T>> into, int max, long leaseNanos) {
    long token = tokens.nextLong();
    List<JdbcDelivery<T>> claimed =
        transaction(
            "claim of up to " + max + " jobs",
            connection -> {
              long now = clock.millis();
              long leaseEnd = now + millisUp(leaseNanos);
              return dialect == Dialect.POSTGRESQL
                  ? claimPostgres(connection, max, now, leaseEnd, token)
                  : claimH2(connection, max, now, leaseEnd, token);
            });
    into.addAll(claimed);
    return claimed.size();
  }

  /**
   * A claimed row (id, payload, priority, attempts, max attempts, visible at) as a delivery; {@code
   * attemptsAdded} is what the claim adds to the row's attempt count.
   */
  private JdbcDelivery<T> delivery(ResultSet rows, int attemptsAdded, long now, long token)
      throws SQLException {
    return new JdbcDelivery<>(
        rows.getLong(1),
        codec.decode(rows.getBytes(2)),
        rows.getInt(3),
        rows.getInt(4) + attemptsAdded,
        rows.getInt(5),
        waited(now, rows.getLong(6)),
        token);
  }

  private List<JdbcDelivery<T>> claimPostgres(
      Connection connection, int max, long now, long leaseEnd, long token) throws SQLException {
    List<JdbcDelivery<T>> out = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(claimUpdateSql)) {
      statement.setLong(1, leaseEnd);
      statement.setLong(2, token);
      statement.setLong(3, now);
      statement.setInt(4, max);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          // The UPDATE ... RETURNING row already counts this attempt.
          out.add(delivery(rows, 0, now, token));
        }
      }
    }
    return out;
  }

  private List<JdbcDelivery<T>> claimH2(
      Connection connection, int max, long now, long leaseEnd, long token) throws SQLException {
    List<JdbcDelivery<T>> out = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(claimSelectSql)) {
      statement.setLong(1, now);
      statement.setInt(2, max);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          // The SELECT row is from before this claim counts the attempt.
          out.add(delivery(rows, 1, now, token));
        }
      }
    }
    if (out.isEmpty()) {
      return out;
    }
    try (PreparedStatement statement = connection.prepareStatement(claimUpdateSql)) {
      statement.setLong(1, leaseEnd);
      statement.setLong(2, token);
      statement.setArray(3, ids(connection, out));
      statement.executeUpdate();
    }
    return out;
  }

  private static long waited(long now, long dueAt) {
    return TimeUnit.MILLISECONDS.toNanos(Math.max(0, now - dueAt));
  }

  private Array ids(Connection connection, List<? extends Delivery<T>> jobs) throws SQLException {
    Long[] ids = new Long[jobs.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = jobs.get(i).id();
    }
    return connection.createArrayOf(dialect == Dialect.H2 ? "BIGINT" : "bigint", ids);
  }

  @Override
  public void complete(List<? extends Delivery<T>> jobs) {
    if (jobs.isEmpty()) {
      return;
    }
    transaction(
        "completion of " + jobs.size() + " job(s)",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(deleteSql)) {
            statement.setArray(1, ids(connection, jobs));
            return statement.executeUpdate();
          }
        });
  }

  @Override
  public void retry(Delivery<T> job, long delayNanos, JobError error) {
    JdbcDelivery<T> held = held(job);
    transaction(
        "retry of job " + job.id(),
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(retrySql)) {
            statement.setLong(1, clock.millis() + millisUp(delayNanos));
            setError(statement, 2, error);
            statement.setLong(5, held.id());
            statement.setLong(6, held.token());
            statement.setInt(7, held.attempt());
            return statement.executeUpdate();
          }
        });
  }

  @Override
  public void deadLetter(Delivery<T> job, JobError error) {
    JdbcDelivery<T> held = held(job);
    transaction(
        "dead-lettering of job " + job.id(),
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(deadSql)) {
            statement.setLong(1, clock.millis());
            setError(statement, 2, error);
            statement.setLong(5, held.id());
            statement.setLong(6, held.token());
            statement.setInt(7, held.attempt());
            return statement.executeUpdate();
          }
        });
  }

  private static void setError(PreparedStatement statement, int first, JobError error)
      throws SQLException {
    statement.setString(first, clip(error.className(), 1000));
    statement.setString(first + 1, clip(error.message(), MAX_TEXT));
    statement.setString(first + 2, clip(error.stackTrace(), MAX_TEXT));
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }

  @Override
  public void release(List<? extends Delivery<T>> jobs) {
    if (jobs.isEmpty()) {
      return;
    }
    transaction(
        "release of " + jobs.size() + " job(s)",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(releaseSql)) {
            long now = clock.millis();
            for (Delivery<T> job : jobs) {
              JdbcDelivery<T> held = held(job);
              statement.setLong(1, now);
              statement.setLong(2, held.id());
              statement.setLong(3, held.token());
              statement.setInt(4, held.attempt());
              statement.addBatch();
            }
            return statement.executeBatch().length;
          }
        });
  }

  @Override
  public int extendLeases(List<? extends Delivery<T>> jobs, long leaseNanos) {
    if (jobs.isEmpty()) {
      return 0;
    }
    return transaction(
        "lease extension of " + jobs.size() + " job(s)",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(extendSql)) {
            long leaseEnd = clock.millis() + millisUp(leaseNanos);
            for (Delivery<T> job : jobs) {
              JdbcDelivery<T> held = held(job);
              statement.setLong(1, leaseEnd);
              statement.setLong(2, held.id());
              statement.setLong(3, held.token());
              statement.setInt(4, held.attempt());
              statement.addBatch();
            }
            int extended = 0;
            for (int count : statement.executeBatch()) {
              extended += count > 0 ? 1 : 0;
            }
            return extended;
          }
        });
  }

  @Override
  public boolean usesLeases() {
    return true;
  }

  @Override
  public List<DeadJob<T>> deadLetters(int limit) {
    return transaction(
        "listing dead letters",
        connection -> {
          List<DeadJob<T>> out = new ArrayList<>();
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT id, payload, priority, attempts, error_class, error_message, error_stack,"
                      + " dead_at FROM "
                      + table
                      + " WHERE state = 2 ORDER BY dead_at, id LIMIT ?")) {
            statement.setInt(1, limit);
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                out.add(
                    new DeadJob<>(
                        rows.getLong(1),
                        codec.decode(rows.getBytes(2)),
                        rows.getInt(3),
                        rows.getInt(4),
                        new JobError(
                            String.valueOf(rows.getString(5)),
                            String.valueOf(rows.getString(6)),
                            String.valueOf(rows.getString(7))),
                        Instant.ofEpochMilli(rows.getLong(8))));
              }
            }
          }
          return out;
        });
  }

  @Override
  public boolean requeueDead(long jobId) {
    return transaction(
        "requeue of dead job " + jobId,
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "UPDATE "
                      + table
                      + " SET state = 0, attempts = 0, visible_at = ?, dead_at = NULL,"
                      + " lease_token = NULL WHERE id = ? AND state = 2")) {
            statement.setLong(1, clock.millis());
            statement.setLong(2, jobId);
            return statement.executeUpdate() == 1;
          }
        });
  }

  @Override
  public long depth() {
    return transaction(
        "depth",
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT COUNT(*) FROM "
                      + table
                      + " WHERE state = 0 AND (lease_token IS NULL OR visible_at <= ?)"); ) {
            statement.setLong(1, clock.millis());
            try (ResultSet rows = statement.executeQuery()) {
              rows.next();
              return rows.getLong(1);
            }
          }
        });
  }

  @Override
  public void close() {
    closeQuietly(owned);
  }

  private static void closeQuietly(@Nullable AutoCloseable resource) {
    if (resource != null) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", resource, e);
      }
    }
  }

  @Override
  public String toString() {
    return description;
  }

  private JdbcDelivery<T> held(Delivery<T> job) {
    if (job instanceof JdbcDelivery<T> held) {
      return held;
    }
    throw new IllegalArgumentException(
        "job " + job.id() + " was not claimed from " + description + " but is a " + job.getClass());
  }

  private static long millisUp(long nanos) {
    if (nanos <= 0) {
      return 0;
    }
    long millis = nanos / 1_000_000;
    return nanos % 1_000_000 == 0 ? millis : millis + 1;
  }

  @FunctionalInterface
  private interface Work<R> {
    R run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction, retrying serialization failures, deadlocks and H2 lock
   * conflicts (the transaction was rolled back, so repeating it is safe).
   */
  private <R> R transaction(String operation, Work<R> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = dataSource.getConnection()) {
        boolean autoCommit = connection.getAutoCommit();
        if (autoCommit) {
          connection.setAutoCommit(false);
        }
        try {
          R result = work.run(connection);
          connection.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          try {
            connection.rollback();
          } catch (SQLException suppressed) {
            e.addSuppressed(suppressed);
          }
          throw e;
        } finally {
          if (autoCommit) {
            connection.setAutoCommit(true);
          }
        }
      } catch (SQLException e) {
        if (attempt >= MAX_ATTEMPTS || !isTransient(e)) {
          throw new QueueStorageException(description, operation, e);
        }
      }
    }
  }

  private boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    if (state != null && state.startsWith("40")) {
      return true;
    }
    return dialect == Dialect.H2 && (e.getErrorCode() == 50200 || e.getErrorCode() == 90131);
  }

  /** A claimed row; the token and attempt identify this delivery for guarded updates. */
  private record JdbcDelivery<T>(
      long id,
      T payload,
      int priority,
      int attempt,
      int maxAttempts,
      long queueWaitNanos,
      long token)
      implements Delivery<T> {}
}
