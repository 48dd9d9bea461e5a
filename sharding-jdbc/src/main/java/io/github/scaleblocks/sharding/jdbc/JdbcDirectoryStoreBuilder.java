package io.github.scaleblocks.sharding.jdbc;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.core.time.Ticker;
import io.github.scaleblocks.sharding.spi.DirectoryStore;
import java.time.Duration;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Builds a JDBC {@link DirectoryStore}: obtained from {@link JdbcDirectoryStore#builder} or {@link
 * JdbcDirectoryStore#h2File}. Each option may be set once. Reusable: each {@link #build} makes an
 * independent store (with its own cache) over the same table.
 */
public final class JdbcDirectoryStoreBuilder {
  /** The table used when none is set. */
  public static final String DEFAULT_TABLE = "sb_directory";

  /** The cache size used when none is set. */
  public static final long DEFAULT_CACHE_MAXIMUM_SIZE = 10_000;

  /** The cache time-to-live used when none is set. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(5);

  /** Longest table name: PostgreSQL truncates identifiers beyond 63 bytes. */
  static final int MAX_TABLE_NAME_LENGTH = 63;

  private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final DataSource dataSource;
  private @Nullable String table;
  private long cacheMaximumSize = -1;
  private @Nullable Duration cacheTtl;
  private @Nullable Ticker ticker;

  JdbcDirectoryStoreBuilder(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The table holding the directory (default {@value #DEFAULT_TABLE}): a plain, unquoted SQL
   * identifier of ASCII letters, digits and underscores, not starting with a digit, at most 63
   * chars. Unquoted, so the database folds its case (H2 to upper, PostgreSQL to lower case).
   */
  public JdbcDirectoryStoreBuilder table(String name) {
    Checks.notNull(name, "table");
    if (table != null) {
      throw new IllegalStateException("table was already set to " + table);
    }
    if (!PLAIN_IDENTIFIER.matcher(name).matches() || name.length() > MAX_TABLE_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "table '"
              + name
              + "' is not a plain SQL identifier: use 1 to "
              + MAX_TABLE_NAME_LENGTH
              + " ASCII letters, digits and underscores, not starting with a digit");
    }
    table = name;
    return this;
  }

  /**
   * The most entries the read cache holds (default {@value #DEFAULT_CACHE_MAXIMUM_SIZE}); 0 turns
   * the cache off, so every lookup reads the database.
   */
  public JdbcDirectoryStoreBuilder cacheMaximumSize(long size) {
    if (cacheMaximumSize >= 0) {
      throw new IllegalStateException("cacheMaximumSize was already set to " + cacheMaximumSize);
    }
    cacheMaximumSize = Checks.notNegative(size, "cacheMaximumSize");
    return this;
  }

  /**
   * How long a cached entry is served after it was read (default 5 seconds): the longest time this
   * store can miss a move or remove made by another process. Must be positive.
   */
  public JdbcDirectoryStoreBuilder cacheTtl(Duration ttl) {
    Checks.notNull(ttl, "cacheTtl");
    if (cacheTtl != null) {
      throw new IllegalStateException("cacheTtl was already set to " + cacheTtl);
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("cacheTtl must be positive but was " + ttl);
    }
    cacheTtl = ttl;
    return this;
  }

  /** The time source of the cache TTL (default {@link Ticker#system()}). */
  public JdbcDirectoryStoreBuilder ticker(Ticker timeSource) {
    Checks.notNull(timeSource, "ticker");
    if (ticker != null) {
      throw new IllegalStateException("ticker was already set to " + ticker);
    }
    ticker = timeSource;
    return this;
  }

  /**
   * Connects once to detect the database and create the table if it is missing, and returns the
   * store.
   *
   * @throws io.github.scaleblocks.sharding.spi.DirectoryStoreException if the database cannot be
   *     reached or the table cannot be created
   * @throws IllegalStateException if the database is neither H2 nor PostgreSQL
   */
  public DirectoryStore build() {
    return JdbcStore.open(
        dataSource,
        table == null ? DEFAULT_TABLE : table,
        cacheMaximumSize < 0 ? DEFAULT_CACHE_MAXIMUM_SIZE : cacheMaximumSize,
        cacheTtl == null ? DEFAULT_CACHE_TTL : cacheTtl,
        ticker == null ? Ticker.system() : ticker);
  }
}
