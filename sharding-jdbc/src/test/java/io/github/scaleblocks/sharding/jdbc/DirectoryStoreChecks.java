package io.github.scaleblocks.sharding.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.sharding.spi.DirectoryStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Checks every JDBC store must pass, run against H2 here and against PostgreSQL in {@code it}. */
public final class DirectoryStoreChecks {
  private DirectoryStoreChecks() {}

  /** The single-caller semantics of the four operations, on keys starting with {@code prefix}. */
  public static void checkSemantics(DirectoryStore store, String prefix) {
    String key = prefix + "k";
    assertThat(store.lookup(key)).isEmpty();
    assertThat(store.assignIfAbsent(key, "a")).isEqualTo("a");
    assertThat(store.lookup(key)).contains("a");
    assertThat(store.assignIfAbsent(key, "b")).as("first assignment wins").isEqualTo("a");

    assertThat(store.move(key, "b", "c")).as("wrong expectation").isFalse();
    assertThat(store.lookup(key)).contains("a");
    assertThat(store.move(key, "a", "c")).isTrue();
    assertThat(store.lookup(key)).as("own move seen at once").contains("c");
    assertThat(store.move(prefix + "absent", "a", "c")).isFalse();
    assertThat(store.lookup(prefix + "absent")).isEmpty();

    assertThat(store.remove(key)).isTrue();
    assertThat(store.lookup(key)).as("own remove seen at once").isEmpty();
    assertThat(store.remove(key)).isFalse();
    assertThat(store.assignIfAbsent(key, "d")).isEqualTo("d");

    String longest = prefix + "\u00e9\uD83D\uDE00".repeat((512 - prefix.length()) / 3);
    assertThat(store.assignIfAbsent(longest, "x".repeat(255))).isEqualTo("x".repeat(255));
    assertThat(store.lookup(longest)).contains("x".repeat(255));
    assertThat(store.lookup(prefix + "K")).as("keys are case-sensitive").isEmpty();
    assertThat(store.lookup(key + " ")).as("trailing spaces matter").isEmpty();
  }

  /**
   * {@code threads} threads, spread over {@code stores} (independent stores over one table), each
   * assign every key of a fresh set of {@code keys} keys in its own order, each proposing its own
   * shard id. Checks that every caller got the same owner for each key, and that the owner is the
   * one recorded; returns the owners so callers can check that more than one thread won.
   */
  public static Map<String, String> checkConcurrentAssignmentsAgree(
      List<DirectoryStore> stores, String prefix, int threads, int keys) throws Exception {
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<String[]>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        DirectoryStore store = stores.get(t % stores.size());
        String proposal = "shard-" + t;
        int stride = t % 2 == 0 ? 1 : keys - 1; // half the threads walk the keys backwards
        int offset = t * 37;
        results.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  String[] owners = new String[keys];
                  for (int i = 0; i < keys; i++) {
                    int k = (int) ((offset + (long) i * stride) % keys);
                    owners[k] = store.assignIfAbsent(prefix + k, proposal);
                  }
                  return owners;
                }));
      }
      List<String[]> all = new ArrayList<>();
      for (Future<String[]> result : results) {
        all.add(result.get(60, TimeUnit.SECONDS));
      }
      Map<String, String> owners = new HashMap<>();
      for (int k = 0; k < keys; k++) {
        String recorded = stores.get(0).lookup(prefix + k).orElseThrow();
        for (int t = 0; t < threads; t++) {
          assertThat(all.get(t)[k])
              .as("owner of key %s seen by thread %s", prefix + k, t)
              .isEqualTo(recorded);
        }
        for (DirectoryStore store : stores) {
          assertThat(store.lookup(prefix + k)).contains(recorded);
        }
        owners.put(prefix + k, recorded);
      }
      return owners;
    } finally {
      pool.shutdownNow();
    }
  }
}
