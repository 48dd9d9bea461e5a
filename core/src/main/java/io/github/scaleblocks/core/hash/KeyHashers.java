package io.github.scaleblocks.core.hash;

/**
 * The built-in {@link KeyHasher}s. Both are allocation-free for byte arrays, longs and ASCII
 * strings, and for other strings up to 1,024 chars after a thread's first call; both are frozen:
 * their values are pinned by golden tests and will not change in any release.
 */
public final class KeyHashers {
  private KeyHashers() {}

  /**
   * XXH3-64 (xxHash 0.8, seed 0): the default. Equal to {@code XXH3_64bits(bytes)} of the reference
   * C library and {@code Hashing.xxh3_64().hashBytesToLong(bytes)} of hash4j.
   */
  public static KeyHasher xxh3() {
    return Xxh3.INSTANCE;
  }

  /**
   * The first 64 bits of MurmurHash3 x64 128 (seed 0), equal to Guava's {@code
   * Hashing.murmur3_128().hashBytes(bytes).asLong()} and {@code hashString(key, UTF_8).asLong()}.
   * Use it to stay compatible with placements already made with Murmur3; otherwise prefer {@link
   * #xxh3()}.
   */
  public static KeyHasher murmur3() {
    return Murmur3.INSTANCE;
  }

  /** The default hasher, {@link #xxh3()}. */
  public static KeyHasher defaultHasher() {
    return xxh3();
  }
}
