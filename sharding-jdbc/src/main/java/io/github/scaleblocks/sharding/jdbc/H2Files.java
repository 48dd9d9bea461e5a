package io.github.scaleblocks.sharding.jdbc;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The only class that touches H2's API, kept apart so that loading {@link JdbcDirectoryStore} never
 * needs H2 on the classpath.
 */
final class H2Files {
  private H2Files() {}

  /** The JDBC URL of the shared embedded database at {@code file}. */
  static String url(Path file) {
    String path = file.toAbsolutePath().normalize().toString();
    if (path.indexOf(';') >= 0) {
      throw new IllegalArgumentException(
          "H2 database path '" + path + "' must not contain ';', which ends the JDBC URL");
    }
    return "jdbc:h2:file:" + path + ";AUTO_SERVER=TRUE;DB_CLOSE_DELAY=-1";
  }

  static DataSource dataSource(Path file) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(url(file));
    dataSource.setUser("sa");
    dataSource.setPassword("");
    return dataSource;
  }
}
