package io.github.scaleblocks.examples.tinyurl;

import java.sql.Connection;
import java.sql.SQLException;

/** What every hand-written JDBC transaction here does when its work fails. */
final class Transactions {
  private Transactions() {}

  /**
   * Rolls back {@code connection}'s transaction after {@code failure}; a rollback that fails too is
   * kept as a suppressed exception of {@code failure}, which the caller rethrows.
   */
  static void rollbackAfter(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException rollback) {
      failure.addSuppressed(rollback);
    }
  }
}
