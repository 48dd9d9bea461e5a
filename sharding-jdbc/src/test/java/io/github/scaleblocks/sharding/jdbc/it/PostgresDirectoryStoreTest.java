package io.github.scaleblocks.sharding.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.DirectoryRouter;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import io.github.scaleblocks.sharding.jdbc.DirectoryStoreChecks;
import io.github.scaleblocks.sharding.jdbc.JdbcDirectoryStore;
import io.github.scaleblocks.sharding.spi.DirectoryStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The JDBC directory store on the local PostgreSQL server. Skipped when the server is unreachable,
 * except under {@code CI=true}, where that is a failure.
 */
class PostgresDirectoryStoreTest {
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String SERVER = "PostgreSQL at " + URL + " (user postgres)";
  private static final AtomicInteger TABLES = new AtomicInteger();

  private final String table =
      "sb_dir_it_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
  private boolean serverReachable;
  private final List<Node<String>> nodes =
      List.of(Node.named("pg-1"), Node.named("pg-2"), Node.named("pg-3"));

  // per test, not @BeforeAll, so that each skipped test reports the reason
  @BeforeEach
  void requireServer() {
    PGSimpleDataSource probe = new PGSimpleDataSource();
    probe.setURL(URL);
    probe.setUser("postgres");
    probe.setConnectTimeout(3);
    try (Connection connection = probe.getConnection()) {
      assertThat(connection.isValid(3)).isTrue();
      serverReachable = true;
    } catch (SQLException e) {
      if ("true".equals(System.getenv("CI"))) {
        fail(SERVER + " is unreachable and CI=true requires it: " + e.getMessage(), e);
      }
      Assumptions.abort(SERVER + " is unreachable; skipping: " + e.getMessage());
    }
  }

  @AfterEach
  void dropTable() throws SQLException {
    if (!serverReachable) {
      return;
    }
    try (HikariDataSource pool = pool("cleanup");
        Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  @Test
  void hasTheStoreSemantics() {
    try (HikariDataSource pool = pool("semantics")) {
      DirectoryStore store = JdbcDirectoryStore.builder(pool).table(table).build();

      DirectoryStoreChecks.checkSemantics(store, "pg:");
      assertThat(store.toString())
          .isEqualTo("JdbcDirectoryStore[table " + table + ", " + URL + "]");
    }
  }

  @Test
  void aDirectoryRouterRecordsMovesAndRefusesUnknownShards() {
    try (HikariDataSource pool = pool("router")) {
      DirectoryStore store = JdbcDirectoryStore.builder(pool).table(table).build();
      ShardRouter<String> fallback = ShardRouters.rendezvous().build(nodes);
      DirectoryRouter<String> router = ShardRouters.directory(store, fallback).build();

      Node<String> owner = router.route(1234L);
      assertThat(owner).isEqualTo(fallback.route("1234"));
      Node<String> target = nodes.get((nodes.indexOf(owner) + 1) % nodes.size());
      assertThat(router.moveKey(1234L, target)).isTrue();
      DirectoryStore fresh = JdbcDirectoryStore.builder(pool).table(table).build();
      assertThat(fresh.lookup("1234")).contains(target.id());

      store.assignIfAbsent("orphan", "pg-9");
      assertThatThrownBy(() -> router.route("orphan"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("maps key 'orphan' to shard 'pg-9'");
    }
  }

  @Test
  void concurrentAssignersOnTwoPoolsAgree() throws Exception {
    try (HikariDataSource poolA = pool("a");
        HikariDataSource poolB = pool("b")) {
      DirectoryStore storeA = JdbcDirectoryStore.builder(poolA).table(table).build();
      DirectoryStore storeB = JdbcDirectoryStore.builder(poolB).table(table).build();

      Map<String, String> owners =
          DirectoryStoreChecks.checkConcurrentAssignmentsAgree(
              List.of(storeA, storeB), "race:", 6, 150);

      assertThat(new HashSet<>(owners.values()))
          .as("the race had several winners")
          .hasSizeGreaterThan(1);
    }
  }

  private static HikariDataSource pool(String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(URL);
    config.setUsername("postgres");
    config.setMaximumPoolSize(4);
    config.setPoolName("pg-" + name);
    return new HikariDataSource(config);
  }
}
