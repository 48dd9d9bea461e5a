package io.github.scaleblocks.sharding.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.sharding.DirectoryRouter;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import io.github.scaleblocks.sharding.spi.DirectoryStore;
import io.github.scaleblocks.sharding.spi.DirectoryStoreException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

class JdbcDirectoryStoreTest {
  @SuppressWarnings("NullAway.Init") // injected by JUnit before each test
  @TempDir
  Path dir;

  private final List<Node<String>> nodes =
      List.of(Node.named("db-1"), Node.named("db-2"), Node.named("db-3"));

  @AfterEach
  void closeDatabase() throws SQLException {
    // DB_CLOSE_DELAY=-1 keeps the database open; close it so the temp dir can go
    try (Connection connection = H2Files.dataSource(dir.resolve("dir")).getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    }
  }

  @Test
  void h2FileStoreHasTheStoreSemantics() {
    DirectoryStore store = JdbcDirectoryStore.h2File(dir.resolve("dir")).build();

    DirectoryStoreChecks.checkSemantics(store, "h2:");
    assertThat(store.toString())
        .startsWith("JdbcDirectoryStore[table sb_directory, jdbc:h2:file:" + dir.resolve("dir"));
  }

  @Test
  void entriesAreDurableAndSharedThroughTheTable() {
    DirectoryStore first = JdbcDirectoryStore.h2File(dir.resolve("dir")).table("tenants").build();
    first.assignIfAbsent("tenant-1", "db-2");

    DirectoryStore second = JdbcDirectoryStore.h2File(dir.resolve("dir")).table("tenants").build();
    assertThat(second.lookup("tenant-1")).contains("db-2");
    DirectoryStore otherTable = JdbcDirectoryStore.h2File(dir.resolve("dir")).build();
    assertThat(otherTable.lookup("tenant-1")).isEmpty();
  }

  @Test
  void aDirectoryRouterRecordsFallbackPlacementsAndMovesKeys() {
    DirectoryStore store = JdbcDirectoryStore.h2File(dir.resolve("dir")).build();
    ShardRouter<String> fallback = ShardRouters.rendezvous().build(nodes);
    DirectoryRouter<String> router = ShardRouters.directory(store, fallback).build();

    Node<String> owner = router.route("tenant-9");
    assertThat(owner).isEqualTo(fallback.route("tenant-9"));
    assertThat(store.lookup("tenant-9")).contains(owner.id());

    Node<String> target = nodes.get((nodes.indexOf(owner) + 1) % nodes.size());
    assertThat(router.moveKey("tenant-9", target)).isTrue();
    assertThat(router.route("tenant-9")).isEqualTo(target);
    DirectoryStore reopened = JdbcDirectoryStore.h2File(dir.resolve("dir")).build();
    assertThat(ShardRouters.directory(reopened, fallback).build().route("tenant-9"))
        .isEqualTo(target);
  }

  @Test
  void anotherStoresMoveIsSeenAfterTheTtlAndOwnWritesAtOnce() {
    ManualTicker time = ManualTicker.create();
    DirectoryStore cached =
        JdbcDirectoryStore.h2File(dir.resolve("dir"))
            .cacheTtl(Duration.ofSeconds(10))
            .ticker(time)
            .build();
    DirectoryStore other = JdbcDirectoryStore.h2File(dir.resolve("dir")).build();
    DirectoryStore uncached =
        JdbcDirectoryStore.h2File(dir.resolve("dir")).cacheMaximumSize(0).build();
    cached.assignIfAbsent("k", "db-1");
    assertThat(cached.lookup("k")).contains("db-1");

    assertThat(other.move("k", "db-1", "db-2")).isTrue();

    assertThat(cached.lookup("k")).as("stale within the TTL").contains("db-1");
    assertThat(uncached.lookup("k")).as("no cache, no staleness").contains("db-2");
    time.advance(Duration.ofSeconds(9));
    assertThat(cached.lookup("k")).contains("db-1");
    time.advance(Duration.ofSeconds(1));
    assertThat(cached.lookup("k")).as("reloaded after the TTL").contains("db-2");

    assertThat(other.remove("k")).isTrue();
    assertThat(cached.lookup("k")).as("removal also waits for the TTL").contains("db-2");
    time.advance(Duration.ofSeconds(10));
    assertThat(cached.lookup("k")).isEmpty();

    cached.assignIfAbsent("j", "db-1");
    assertThat(cached.lookup("j")).contains("db-1");
    assertThat(other.move("j", "db-1", "db-3")).isTrue();
    assertThat(cached.move("j", "db-1", "db-2"))
        .as("the move is checked against the table, not the stale cache")
        .isFalse();
    assertThat(cached.lookup("j")).as("a failed move drops the stale entry").contains("db-3");
  }

  @Test
  void aLookupThatReadTheOldRowBeforeAnOwnMoveDoesNotCacheIt() throws Exception {
    CountDownLatch readerHasReadOldRow = new CountDownLatch(1);
    CountDownLatch moveDone = new CountDownLatch(1);
    AtomicReference<@Nullable Thread> pausedThread = new AtomicReference<>();
    DataSource pausing =
        onConnectionClose(
            H2Files.dataSource(dir.resolve("dir")),
            () -> {
              if (Thread.currentThread() == pausedThread.get()) {
                readerHasReadOldRow.countDown();
                await(moveDone);
              }
            });
    DirectoryStore store = JdbcDirectoryStore.builder(pausing).build();
    store.assignIfAbsent("k", "db-1");
    Thread reader =
        new Thread(
            () -> assertThat(store.lookup("k")).as("the reader's own answer").contains("db-1"));
    pausedThread.set(reader);
    reader.start();
    await(readerHasReadOldRow); // the reader has selected db-1 and not yet cached it

    assertThat(store.move("k", "db-1", "db-2")).isTrue();
    moveDone.countDown();
    reader.join(10_000);

    assertThat(reader.isAlive()).isFalse();
    assertThat(store.lookup("k")).as("the old row was not left in the cache").contains("db-2");
  }

  @Test
  void concurrentAssignersOnTwoPoolsOverOneH2FileAgree() throws Exception {
    String url = H2Files.url(dir.resolve("dir"));
    try (HikariDataSource poolA = pool(url, "a");
        HikariDataSource poolB = pool(url, "b")) {
      DirectoryStore storeA = JdbcDirectoryStore.builder(poolA).build();
      DirectoryStore storeB = JdbcDirectoryStore.builder(poolB).build();

      Map<String, String> owners =
          DirectoryStoreChecks.checkConcurrentAssignmentsAgree(
              List.of(storeA, storeB), "race:", 6, 150);

      assertThat(new HashSet<>(owners.values()))
          .as("the race had several winners")
          .hasSizeGreaterThan(1);
    }
  }

  @Test
  void twoProcessesSharingOneH2FileAgreeOnEveryKey() throws Exception {
    Path file = dir.resolve("dir");
    DirectoryStore here = JdbcDirectoryStore.h2File(file).build();
    int keys = 150;
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AssignInChildProcess.class.getName(),
                file.toString(),
                "proc:",
                Integer.toString(keys),
                "child")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (BufferedReader fromChild =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Writer toChild = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
      assertThat(fromChild.readLine()).isEqualTo("READY");
      toChild.write("go\n");
      toChild.flush();
      Map<String, String> ownersHere = new HashMap<>();
      for (int k = keys - 1; k >= 0; k--) { // the child walks forward, we walk backward
        ownersHere.put("proc:" + k, here.assignIfAbsent("proc:" + k, "parent"));
      }
      Map<String, String> ownersThere = new HashMap<>();
      for (int k = 0; k < keys; k++) {
        String[] line = String.valueOf(fromChild.readLine()).split("=", 2);
        ownersThere.put(line[0], line[1]);
      }
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isZero();

      assertThat(ownersThere).isEqualTo(ownersHere);
      for (Map.Entry<String, String> owner : ownersHere.entrySet()) {
        assertThat(here.lookup(owner.getKey())).contains(owner.getValue());
      }
      assertThat(new HashSet<>(ownersHere.values())).isSubsetOf("parent", "child");
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void anUnreachableDatabaseIsADirectoryStoreExceptionNamingItAndTheOperation() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    PGSimpleDataSource unreachable = new PGSimpleDataSource();
    unreachable.setURL("jdbc:postgresql://127.0.0.1:" + closedPort + "/test");
    unreachable.setConnectTimeout(2);

    assertThatThrownBy(() -> JdbcDirectoryStore.builder(unreachable).build())
        .isInstanceOf(DirectoryStoreException.class)
        .hasMessageContaining("JdbcDirectoryStore[table sb_directory, ")
        .hasMessageContaining("create table sb_directory if it does not exist")
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .hasCauseInstanceOf(SQLException.class);
  }

  @Test
  void aDatabaseThatGoesAwayIsADirectoryStoreExceptionNamingTheUrlAndTheOperation() {
    AtomicBoolean down = new AtomicBoolean();
    DataSource flaky = failingWhen(H2Files.dataSource(dir.resolve("dir")), down);
    DirectoryStore store = JdbcDirectoryStore.builder(flaky).build();
    DirectoryRouter<String> router =
        ShardRouters.directory(store, ShardRouters.jump().build(nodes)).build();
    down.set(true);

    assertThatThrownBy(() -> store.lookup("k"))
        .isInstanceOf(DirectoryStoreException.class)
        .hasMessageStartingWith(
            "directory store JdbcDirectoryStore[table sb_directory, jdbc:h2:file:")
        .hasMessageContaining("failed: lookup of key 'k' (getting a connection)")
        .hasMessageContaining("database is down");
    assertThatThrownBy(() -> router.route("k"))
        .isInstanceOf(DirectoryStoreException.class)
        .hasMessageContaining("lookup of key 'k'");
    assertThatThrownBy(() -> store.move("k", "a", "b"))
        .hasMessageContaining("move of key 'k' from 'a' to 'b'");
  }

  @Test
  void aDatabaseOtherThanH2OrPostgresqlIsRejectedAtBuild() {
    DataSource mysqlLookalike =
        (DataSource)
            Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  Object result = invoke(H2Files.dataSource(dir.resolve("dir")), method, args);
                  if (!(result instanceof Connection)) {
                    return result;
                  }
                  Connection connection = (Connection) result;
                  return Proxy.newProxyInstance(
                      Connection.class.getClassLoader(),
                      new Class<?>[] {Connection.class},
                      (p, m, a) ->
                          m.getName().equals("getMetaData")
                              ? renamed(connection.getMetaData(), "MySQL")
                              : invoke(connection, m, a));
                });

    assertThatThrownBy(() -> JdbcDirectoryStore.builder(mysqlLookalike).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("JdbcDirectoryStore supports H2 and PostgreSQL but jdbc:h2:file:")
        .hasMessageContaining(" is MySQL ");
  }

  private static DatabaseMetaData renamed(DatabaseMetaData metaData, String product) {
    return (DatabaseMetaData)
        Proxy.newProxyInstance(
            DatabaseMetaData.class.getClassLoader(),
            new Class<?>[] {DatabaseMetaData.class},
            (p, m, a) ->
                m.getName().equals("getDatabaseProductName") ? product : invoke(metaData, m, a));
  }

  @Test
  void builderOptionsAreValidated() {
    DataSource dataSource = H2Files.dataSource(dir.resolve("dir"));
    for (String bad : List.of("", "1abc", "drop table x;", "a-b", "t\u00e9", "x".repeat(64))) {
      assertThatThrownBy(() -> JdbcDirectoryStore.builder(dataSource).table(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("table '" + bad + "' is not a plain SQL identifier");
    }
    assertThat(JdbcDirectoryStore.builder(dataSource).table("_T" + "x".repeat(61))).isNotNull();
    assertThatThrownBy(() -> JdbcDirectoryStore.builder(dataSource).table("a").table("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("table was already set to a");
    assertThatThrownBy(() -> JdbcDirectoryStore.builder(dataSource).cacheMaximumSize(-1))
        .hasMessage("cacheMaximumSize must not be negative but was -1");
    assertThatThrownBy(() -> JdbcDirectoryStore.builder(dataSource).cacheTtl(Duration.ZERO))
        .hasMessage("cacheTtl must be positive but was PT0S");
    assertThatThrownBy(
            () -> JdbcDirectoryStore.builder(dataSource).cacheMaximumSize(5).cacheMaximumSize(6))
        .hasMessage("cacheMaximumSize was already set to 5");
    assertThatThrownBy(() -> JdbcDirectoryStore.h2File(Path.of("/tmp/a;INIT=RUNSCRIPT")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not contain ';'");
    DirectoryStore store = JdbcDirectoryStore.builder(dataSource).build();
    assertThatThrownBy(() -> store.lookup("x".repeat(513)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static HikariDataSource pool(String url, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(4);
    config.setPoolName("h2-" + name);
    return new HikariDataSource(config);
  }

  /** {@code delegate}, whose connections run {@code hook} when they are closed, before closing. */
  static DataSource onConnectionClose(DataSource delegate, Runnable hook) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(delegate, method, args);
              if (!(result instanceof Connection)) {
                return result;
              }
              Connection connection = (Connection) result;
              return Proxy.newProxyInstance(
                  Connection.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (p, m, a) -> {
                    if (m.getName().equals("close")) {
                      hook.run();
                    }
                    return invoke(connection, m, a);
                  });
            });
  }

  private static @Nullable Object invoke(Object target, Method method, @Nullable Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).as("latch released in time").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** {@code delegate}, whose getConnection fails while {@code down} is set. */
  static DataSource failingWhen(DataSource delegate, AtomicBoolean down) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection") && down.get()) {
                throw new SQLTransientConnectionException("database is down");
              }
              if (method.getName().equals("toString")) {
                return "flaky " + delegate;
              }
              try {
                return method.invoke(delegate, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
