package io.github.scaleblocks.sharding.resharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.ShardRouter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * In-memory "databases" for migration tests: one concurrent map per node id, with call counters and
 * a hook that runs before each call (to inject failures or crashes).
 */
final class MapShards implements ShardAccess<Long, String, String> {

  /** Runs before each callback; may throw to simulate a failure. */
  interface Hook {
    void before(String operation, String nodeId, long key) throws Exception;
  }

  final Map<String, Map<Long, String>> data = new ConcurrentHashMap<>();
  final AtomicLong reads = new AtomicLong();
  final AtomicLong writes = new AtomicLong();
  final AtomicLong deletes = new AtomicLong();
  final AtomicLong bulkCalls = new AtomicLong();
  volatile Hook hook = (operation, nodeId, key) -> {};

  /** Whether the batch calls work on the maps directly (else the one-key defaults run). */
  volatile boolean bulk;

  Map<Long, String> on(String nodeId) {
    return data.computeIfAbsent(nodeId, id -> new ConcurrentHashMap<>());
  }

  /** Stores keys 0..count-1 on their owners under {@code router}, with value "v" + key. */
  static MapShards placed(ShardRouter<String> router, int count) {
    MapShards shards = new MapShards();
    for (long key = 0; key < count; key++) {
      shards.on(router.route(key).id()).put(key, "v" + key);
    }
    return shards;
  }

  long total() {
    return data.values().stream().mapToLong(Map::size).sum();
  }

  /** Asserts-free check: every key is exactly on its owner under {@code router}. */
  @Nullable String misplaced(ShardRouter<String> router) {
    for (Map.Entry<String, Map<Long, String>> node : data.entrySet()) {
      for (long key : node.getValue().keySet()) {
        String owner = router.route(key).id();
        if (!owner.equals(node.getKey())) {
          return "key " + key + " is on " + node.getKey() + " but belongs on " + owner;
        }
      }
    }
    return null;
  }

  static List<Long> ids(int count) {
    return java.util.stream.LongStream.range(0, count).boxed().toList();
  }

  @Override
  public @Nullable String read(Node<String> node, Long key) throws Exception {
    hook.before("read", node.id(), key);
    reads.incrementAndGet();
    return on(node.id()).get(key);
  }

  @Override
  public void write(Node<String> node, Long key, String value) throws Exception {
    hook.before("write", node.id(), key);
    writes.incrementAndGet();
    on(node.id()).putIfAbsent(key, value);
  }

  @Override
  public void delete(Node<String> node, Long key) throws Exception {
    hook.before("delete", node.id(), key);
    deletes.incrementAndGet();
    on(node.id()).remove(key);
  }

  @Override
  public List<Optional<String>> readAll(Node<String> node, List<Long> keys) throws Exception {
    if (!bulk) {
      return ShardAccess.super.readAll(node, keys);
    }
    hook.before("readAll", node.id(), -1);
    bulkCalls.incrementAndGet();
    List<Optional<String>> values = new java.util.ArrayList<>();
    for (Long key : keys) {
      values.add(Optional.ofNullable(on(node.id()).get(key)));
    }
    return values;
  }

  @Override
  public void writeAll(Node<String> node, List<Long> keys, List<String> values) throws Exception {
    if (!bulk) {
      ShardAccess.super.writeAll(node, keys, values);
      return;
    }
    hook.before("writeAll", node.id(), -1);
    bulkCalls.incrementAndGet();
    for (int i = 0; i < keys.size(); i++) {
      on(node.id()).putIfAbsent(keys.get(i), values.get(i));
    }
  }

  @Override
  public void deleteAll(Node<String> node, List<Long> keys) throws Exception {
    if (!bulk) {
      ShardAccess.super.deleteAll(node, keys);
      return;
    }
    hook.before("deleteAll", node.id(), -1);
    bulkCalls.incrementAndGet();
    for (Long key : keys) {
      on(node.id()).remove(key);
    }
  }
}
