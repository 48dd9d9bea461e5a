package io.github.scaleblocks.sharding.resharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.sharding.ShardRouter;
import java.util.List;
import java.util.Map;
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
  volatile Hook hook = (operation, nodeId, key) -> {};

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
}
