package io.github.scaleblocks.sharding.resharding.it;

import static org.assertj.core.api.Assertions.fail;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import io.github.scaleblocks.sharding.resharding.KeyScan;
import io.github.scaleblocks.sharding.resharding.ShardAccess;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Shards as PostgreSQL databases on the local server: each node's payload is a JDBC URL; each
 * database has a table {@code rows(id bigint primary key, payload text)}. Used by the tests and by
 * the separate migration process of the crash test. The batch calls use one statement each ({@code
 * = ANY(?)}, {@code unnest}), so a migration batch costs five statements.
 */
final class PgShards implements ShardAccess<Long, String, String>, AutoCloseable {
  static final String SERVER = "127.0.0.1:5432";
  private static final String ADMIN_URL =
      "jdbc:postgresql://" + SERVER + "/test?user=postgres&connectTimeout=3";

  private final ThreadLocal<Map<String, Connection>> connections =
      ThreadLocal.withInitial(HashMap::new);
  private final ConcurrentLinkedQueue<Connection> opened = new ConcurrentLinkedQueue<>();

  /**
   * Skips the calling test when the server is unreachable, or fails it when the environment
   * variable CI is "true".
   */
  static void requireServer() {
    try (Connection connection = DriverManager.getConnection(ADMIN_URL)) {
      connection.isValid(3);
    } catch (SQLException e) {
      String message =
          "PostgreSQL at " + SERVER + " (user postgres, database test) is not reachable: " + e;
      if ("true".equals(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
  }

  /**
   * The URL of {@code database}. Sessions run with {@code synchronous_commit=off}: a commit still
   * becomes visible and atomic at once and survives the death of the client process (what the tests
   * kill); only a crash of the server itself could lose the last commits. It saves the WAL flush
   * per statement that would make key-at-a-time migrations slow here.
   */
  static String url(String database) {
    return "jdbc:postgresql://"
        + SERVER
        + "/"
        + database
        + "?user=postgres&connectTimeout=3&options=-c%20synchronous_commit%3Doff";
  }

  /** Nodes named {@code ids} whose databases are {@code prefix + id}. */
  static List<Node<String>> nodes(String prefix, String... ids) {
    List<Node<String>> nodes = new ArrayList<>();
    for (String id : ids) {
      nodes.add(Node.of(id, url(prefix + id)));
    }
    return nodes;
  }

  static ShardRouter<String> router(String prefix, String... ids) {
    return ShardRouters.rendezvous().build(nodes(prefix, ids));
  }

  /** Drops and creates each database {@code prefix + id}, each with an empty rows table. */
  static void recreate(String prefix, String... ids) throws SQLException {
    try (Connection admin = DriverManager.getConnection(ADMIN_URL);
        Statement statement = admin.createStatement()) {
      for (String id : ids) {
        statement.execute("DROP DATABASE IF EXISTS " + prefix + id + " WITH (FORCE)");
        statement.execute("CREATE DATABASE " + prefix + id);
      }
    }
    for (String id : ids) {
      try (Connection connection = DriverManager.getConnection(url(prefix + id));
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE rows (id bigint PRIMARY KEY, payload text NOT NULL)");
      }
    }
  }

  static String payload(long id) {
    return "payload-" + id + "-" + Long.toHexString(id * 0x9E3779B97F4A7C15L);
  }

  /**
   * Makes each database {@code prefix + id} exist (created when missing) with an empty rows table:
   * cheaper than {@link #recreate} for tests that do not need fresh databases.
   */
  static void reset(String prefix, String... ids) throws SQLException {
    try (Connection admin = DriverManager.getConnection(ADMIN_URL);
        PreparedStatement exists =
            admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?");
        Statement statement = admin.createStatement()) {
      for (String id : ids) {
        exists.setString(1, prefix + id);
        try (ResultSet result = exists.executeQuery()) {
          if (!result.next()) {
            statement.execute("CREATE DATABASE " + prefix + id);
          }
        }
      }
    }
    for (String id : ids) {
      try (Connection connection = DriverManager.getConnection(url(prefix + id));
          Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE IF EXISTS rows");
        statement.execute("CREATE TABLE rows (id bigint PRIMARY KEY, payload text NOT NULL)");
      }
    }
  }

  /** Inserts rows 0..count-1 on their owners under {@code router}. */
  static void load(ShardRouter<String> router, int count) throws SQLException {
    Map<String, List<Long>> byNode = new HashMap<>();
    for (long id = 0; id < count; id++) {
      byNode.computeIfAbsent(router.route(id).payload(), u -> new ArrayList<>()).add(id);
    }
    for (Map.Entry<String, List<Long>> entry : byNode.entrySet()) {
      try (Connection connection = DriverManager.getConnection(entry.getKey());
          PreparedStatement insert =
              connection.prepareStatement("INSERT INTO rows (id, payload) VALUES (?, ?)")) {
        connection.setAutoCommit(false);
        for (long id : entry.getValue()) {
          insert.setLong(1, id);
          insert.setString(2, payload(id));
          insert.addBatch();
        }
        insert.executeBatch();
        connection.commit();
      }
    }
  }

  /** The row count and the sum of a 60-bit md5 prefix of every (id, payload) over {@code nodes}. */
  record Totals(long rows, BigInteger checksum) {}

  static Totals totals(List<Node<String>> nodes) throws SQLException {
    long rows = 0;
    BigInteger checksum = BigInteger.ZERO;
    for (Node<String> node : nodes) {
      try (Connection connection = DriverManager.getConnection(node.payload());
          Statement statement = connection.createStatement();
          ResultSet result =
              statement.executeQuery(
                  "SELECT count(*), coalesce(sum(('x' || substr(md5(id::text || ':' || payload),"
                      + " 1, 15))::bit(60)::bigint), 0) FROM rows")) {
        result.next();
        rows += result.getLong(1);
        checksum = checksum.add(result.getBigDecimal(2).toBigIntegerExact());
      }
    }
    return new Totals(rows, checksum);
  }

  /** The ids stored on each node, by node id. */
  static Map<String, List<Long>> idsByNode(List<Node<String>> nodes) throws SQLException {
    Map<String, List<Long>> ids = new HashMap<>();
    for (Node<String> node : nodes) {
      List<Long> list = new ArrayList<>();
      scan(node, list::add);
      ids.put(node.id(), list);
    }
    return ids;
  }

  /** Rows stored on a node that {@code router} does not route them to, as "id on node" texts. */
  static List<String> misplaced(List<Node<String>> stores, ShardRouter<String> router)
      throws SQLException {
    List<String> wrong = new ArrayList<>();
    idsByNode(stores)
        .forEach(
            (nodeId, ids) -> {
              for (long id : ids) {
                String owner = router.route(id).id();
                if (!owner.equals(nodeId)) {
                  wrong.add(id + " on " + nodeId + " (owner " + owner + ")");
                }
              }
            });
    return wrong;
  }

  /** A {@link KeyScan} over the ids in a node's rows table. */
  static void scan(Node<String> node, java.util.function.Consumer<? super Long> keys)
      throws SQLException {
    try (Connection connection = DriverManager.getConnection(node.payload());
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT id FROM rows ORDER BY id")) {
      while (result.next()) {
        keys.accept(result.getLong(1));
      }
    }
  }

  static KeyScan<Long, String> keyScan() {
    return PgShards::scan;
  }

  private Connection connection(Node<String> node) throws SQLException {
    Map<String, Connection> mine = connections.get();
    Connection connection = mine.get(node.payload());
    if (connection == null) {
      connection = DriverManager.getConnection(node.payload());
      opened.add(connection);
      mine.put(node.payload(), connection);
    }
    return connection;
  }

  @Override
  public @Nullable String read(Node<String> node, Long key) throws SQLException {
    try (PreparedStatement select =
        connection(node).prepareStatement("SELECT payload FROM rows WHERE id = ?")) {
      select.setLong(1, key);
      try (ResultSet result = select.executeQuery()) {
        return result.next() ? result.getString(1) : null;
      }
    }
  }

  @Override
  public void write(Node<String> node, Long key, String value) throws SQLException {
    try (PreparedStatement insert =
        connection(node)
            .prepareStatement(
                "INSERT INTO rows (id, payload) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
      insert.setLong(1, key);
      insert.setString(2, value);
      insert.executeUpdate();
    }
  }

  @Override
  public void delete(Node<String> node, Long key) throws SQLException {
    try (PreparedStatement delete =
        connection(node).prepareStatement("DELETE FROM rows WHERE id = ?")) {
      delete.setLong(1, key);
      delete.executeUpdate();
    }
  }

  @Override
  public List<Optional<String>> readAll(Node<String> node, List<Long> keys) throws SQLException {
    Connection connection = connection(node);
    Map<Long, String> found = new HashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement("SELECT id, payload FROM rows WHERE id = ANY(?)")) {
      select.setArray(1, connection.createArrayOf("bigint", keys.toArray()));
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          found.put(result.getLong(1), result.getString(2));
        }
      }
    }
    List<Optional<String>> values = new ArrayList<>(keys.size());
    for (Long key : keys) {
      values.add(Optional.ofNullable(found.get(key)));
    }
    return values;
  }

  @Override
  public void writeAll(Node<String> node, List<Long> keys, List<String> values)
      throws SQLException {
    Connection connection = connection(node);
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO rows (id, payload) SELECT * FROM unnest(?::bigint[], ?::text[])"
                + " ON CONFLICT (id) DO NOTHING")) {
      insert.setArray(1, connection.createArrayOf("bigint", keys.toArray()));
      insert.setArray(2, connection.createArrayOf("text", values.toArray()));
      insert.executeUpdate();
    }
  }

  @Override
  public void deleteAll(Node<String> node, List<Long> keys) throws SQLException {
    Connection connection = connection(node);
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM rows WHERE id = ANY(?)")) {
      delete.setArray(1, connection.createArrayOf("bigint", keys.toArray()));
      delete.executeUpdate();
    }
  }

  @Override
  public void close() throws SQLException {
    for (Connection connection : opened) {
      connection.close();
    }
  }
}
