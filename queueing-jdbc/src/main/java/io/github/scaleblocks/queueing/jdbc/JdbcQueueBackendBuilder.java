package io.github.scaleblocks.queueing.jdbc;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.queueing.spi.PayloadCodec;
import io.github.scaleblocks.queueing.spi.QueueBackend;
import java.time.Clock;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Configures a JDBC queue backend; from {@link JdbcQueueBackends}. Defaults: table {@code
 * scaleblocks_jobs}, the UTC system clock.
 *
 * @param <T> the payload type
 */
public final class JdbcQueueBackendBuilder<T> {
  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,50}");

  private final DataSource dataSource;
  private final PayloadCodec<T> codec;
  private final @Nullable AutoCloseable owned;
  private String table = "scaleblocks_jobs";
  private Clock clock = Clock.systemUTC();

  JdbcQueueBackendBuilder(
      DataSource dataSource, PayloadCodec<T> codec, @Nullable AutoCloseable owned) {
    this.dataSource = dataSource;
    this.codec = codec;
    this.owned = owned;
  }

  /**
   * The job table's name: a letter or underscore, then letters, digits and underscores, at most 51
   * characters (the keys table and index append a suffix). One table is one queue.
   */
  public JdbcQueueBackendBuilder<T> table(String table) {
    Checks.notNull(table, "table");
    Checks.argument(
        TABLE.matcher(table).matches(),
        "table must be a letter or '_' then up to 50 letters, digits or '_' but was '"
            + table
            + "'");
    this.table = table;
    return this;
  }

  /** The wall clock of due times and leases. */
  public JdbcQueueBackendBuilder<T> clock(Clock clock) {
    this.clock = Checks.notNull(clock, "clock");
    return this;
  }

  /**
   * Connects, detects the database, creates the schema if missing and returns the backend.
   *
   * @throws QueueStorageException if the database cannot be reached or the schema not created
   */
  public QueueBackend<T> build() {
    return JdbcBackend.open(dataSource, codec, table, clock, owned);
  }
}
