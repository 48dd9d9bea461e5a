package io.github.scaleblocks.sharding.spi;

/** Factories for the built-in {@link DirectoryStore}s of this module. */
public final class DirectoryStores {
  private DirectoryStores() {}

  /**
   * A new, empty directory held in this JVM's memory: lock-free O(1) lookups, atomic writes, one
   * map entry (two strings) per key.
   *
   * <p>When not to use it: the entries die with the process and are not shared with other
   * processes, so two services routing with in-memory directories disagree about every key their
   * fallbacks place differently. Use it for tests, for a single process, or for a directory rebuilt
   * at start; use the JDBC store of {@code scaleblocks-sharding-jdbc} for a durable, shared one.
   */
  public static DirectoryStore inMemory() {
    return new InMemoryDirectoryStore();
  }
}
