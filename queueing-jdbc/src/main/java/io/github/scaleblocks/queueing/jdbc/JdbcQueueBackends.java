package io.github.scaleblocks.queueing.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.queueing.spi.PayloadCodec;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * The durable {@link io.github.scaleblocks.queueing.spi.QueueBackend}: jobs in a database table on
 * PostgreSQL or H2, shared safely by any number of worker processes.
 *
 * <pre>{@code
 * QueueBackend<String> backend =
 *     JdbcQueueBackends.builder(hikariPool, PayloadCodecs.utf8()).table("email_jobs").build();
 * WorkQueue<String> emails = WorkQueues.builder(backend).name("emails").build();
 * emails.handle(job -> mailer.send(job.payload()), 8);
 * }</pre>
 *
 * <p>Contract of the backends built here:
 *
 * <ul>
 *   <li>{@code build()} detects the database (H2 2.x or PostgreSQL, anything else is refused) and
 *       creates the schema if missing: the job table and a {@code <table>_keys} table for
 *       idempotency keys. The same DDL ships as {@code schema-postgresql.sql} and {@code
 *       schema-h2.sql} in this package, with {@code ${table}} for the table name, for teams that
 *       migrate schemas themselves.
 *   <li>Enqueue: a batch is one transaction of batched inserts (with its idempotency keys). The
 *       payload goes through the {@link PayloadCodec}; a payload the codec cannot encode is refused
 *       with an {@link IllegalArgumentException} before anything is written.
 *   <li>Claim: one statement per batch of due jobs, highest priority first, locking rows with
 *       {@code FOR UPDATE SKIP LOCKED} so concurrent claimers in any number of processes never get
 *       the same job and never wait for each other (on H2, claims of concurrent workers exclude
 *       each other for the few milliseconds a claim transaction lasts: H2 locks every due row an
 *       ordered, limited {@code FOR UPDATE} reads). A claim is a lease: the row stays invisible
 *       until the lease time, renewed by the queue's heartbeat; if the worker dies, the job is due
 *       again when the lease ends.
 *   <li>Completion deletes the jobs of a batch in one statement. Retries, dead letters and releases
 *       are guarded by the claim's lease token, so a worker whose lease expired cannot overwrite
 *       the state of a job someone else has claimed since.
 *   <li>Times are epoch milliseconds on the backend's {@link java.time.Clock} (inject one for
 *       tests); processes sharing a queue need clocks in sync to well within the lease duration.
 *   <li>Failures are {@link QueueStorageException}s naming the table, the database and the
 *       operation; lock conflicts are retried a few times first.
 * </ul>
 *
 * <p>When not to use it: for very high rates of tiny jobs in one process (use the in-memory queue),
 * or as a long-term log (completed jobs are deleted).
 *
 * <p>H2 is an optional dependency: {@link #h2File} needs {@code com.h2database:h2} on the
 * classpath; PostgreSQL users bring the driver and a pool and use {@link #builder}.
 */
public final class JdbcQueueBackends {
  private JdbcQueueBackends() {}

  /** A backend over {@code dataSource} (preferably a pool), storing payloads with {@code codec}. */
  public static <T> JdbcQueueBackendBuilder<T> builder(
      DataSource dataSource, PayloadCodec<T> codec) {
    return new JdbcQueueBackendBuilder<>(
        Checks.notNull(dataSource, "dataSource"), Checks.notNull(codec, "codec"), null);
  }

  /**
   * A backend in an embedded H2 database file, the zero-setup default: {@code file} is the path
   * without H2's {@code .mv.db} suffix (created if missing). Connections come from a HikariCP pool
   * of up to 8 that the backend owns and closes. Other processes opening the same file share it
   * ({@code AUTO_SERVER}); every commit is written to the file before it returns ({@code
   * WRITE_DELAY=0}), so a killed process loses no enqueued job (an operating-system crash may still
   * lose the last commits: H2 does not fsync each one).
   *
   * @throws IllegalStateException if H2 is not on the classpath
   */
  public static <T> JdbcQueueBackendBuilder<T> h2File(Path file, PayloadCodec<T> codec) {
    Checks.notNull(file, "file");
    Checks.notNull(codec, "codec");
    try {
      Class.forName("org.h2.Driver", false, JdbcQueueBackends.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "JdbcQueueBackends.h2File needs H2 (com.h2database:h2), an optional dependency of"
              + " scaleblocks-queueing-jdbc: add it to your build",
          e);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(H2Files.url(file));
    config.setDriverClassName("org.h2.Driver");
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(8);
    config.setPoolName("sb-queue-h2");
    HikariDataSource pool = new HikariDataSource(config);
    return new JdbcQueueBackendBuilder<>(pool, codec, pool);
  }
}
