package io.github.scaleblocks.sharding.jdbc;

import io.github.scaleblocks.sharding.spi.DirectoryStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The second process of the two-process H2 test: opens the same database file through {@link
 * JdbcDirectoryStore#h2File}, prints {@code READY}, waits for a line on stdin, then assigns keys
 * {@code prefix0..prefix(n-1)} proposing {@code shard} and prints {@code key=owner} per key.
 *
 * <p>Arguments: database path, key prefix, key count, proposed shard id.
 */
public final class AssignInChildProcess {
  private AssignInChildProcess() {}

  public static void main(String[] args) throws Exception {
    DirectoryStore store = JdbcDirectoryStore.h2File(Path.of(args[0])).build();
    String prefix = args[1];
    int keys = Integer.parseInt(args[2]);
    String shard = args[3];
    System.out.println("READY");
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < keys; k++) {
      out.append(prefix).append(k).append('=').append(store.assignIfAbsent(prefix + k, shard));
      out.append('\n');
    }
    System.out.print(out);
    System.out.flush();
  }
}
