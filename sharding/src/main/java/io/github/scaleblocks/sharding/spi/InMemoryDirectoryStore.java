package io.github.scaleblocks.sharding.spi;

import io.github.scaleblocks.core.internal.Checks;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A directory in a {@link ConcurrentHashMap}: every operation is one atomic map operation, O(1) and
 * lock-free for reads. Entries live as long as the store object and are seen only by this JVM.
 */
final class InMemoryDirectoryStore implements DirectoryStore {
  private final ConcurrentMap<String, String> entries = new ConcurrentHashMap<>();

  @Override
  public Optional<String> lookup(String key) {
    return Optional.ofNullable(entries.get(DirectoryKeys.check(key)));
  }

  @Override
  public String assignIfAbsent(String key, String shardId) {
    DirectoryKeys.check(key);
    Checks.notNull(shardId, "shardId");
    String existing = entries.putIfAbsent(key, shardId);
    return existing == null ? shardId : existing;
  }

  @Override
  public boolean move(String key, String expectedShardId, String newShardId) {
    DirectoryKeys.check(key);
    Checks.notNull(expectedShardId, "expectedShardId");
    Checks.notNull(newShardId, "newShardId");
    return entries.replace(key, expectedShardId, newShardId);
  }

  @Override
  public boolean remove(String key) {
    return entries.remove(DirectoryKeys.check(key)) != null;
  }

  @Override
  public String toString() {
    return "DirectoryStores.inMemory()[" + entries.size() + " keys]";
  }
}
