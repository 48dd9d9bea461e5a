package io.github.scaleblocks.core.hash;

/**
 * MurmurHash3 x64 128-bit with seed 0, returning the first 64 bits (h1), which is what Guava's
 * {@code Hashing.murmur3_128().hashBytes(bytes).asLong()} returns. Kept for compatibility with data
 * already placed by Murmur3; {@link Xxh3} is faster on every key length.
 */
final class Murmur3 extends AccessHasher {
  static final Murmur3 INSTANCE = new Murmur3();

  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  private Murmur3() {}

  @Override
  public long hash(long key) {
    // An 8-byte input is all tail: k1 is the key itself, k2 is empty.
    long h1 = mixK1(key);
    long h2 = 0;
    return finish(h1, h2, Long.BYTES);
  }

  @Override
  <S> long hash(ByteAccess<S> in, S s, int off, int len) {
    long h1 = 0;
    long h2 = 0;
    int blocks = len >>> 4;
    for (int i = 0; i < blocks; i++) {
      int p = off + (i << 4);
      long k1 = in.i64(s, p);
      long k2 = in.i64(s, p + 8);
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27);
      h1 += h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31);
      h2 += h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int tail = off + (blocks << 4);
    int rest = len & 15;
    if (rest > 8) {
      h2 ^= mixK2(readPartial(in, s, tail + 8, rest - 8));
    }
    if (rest > 0) {
      h1 ^= mixK1(readPartial(in, s, tail, Math.min(rest, 8)));
    }
    return finish(h1, h2, len);
  }

  /** Reads {@code count} (1 to 8) bytes at {@code offset} as a little-endian long. */
  private static <S> long readPartial(ByteAccess<S> in, S s, int offset, int count) {
    if (count == 8) {
      return in.i64(s, offset);
    }
    long k = 0;
    for (int i = count - 1; i >= 0; i--) {
      k = (k << 8) | in.u8(s, offset + i);
    }
    return k;
  }

  private static long finish(long h1, long h2, int len) {
    h1 ^= len;
    h2 ^= len;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    return h1 + h2;
  }

  private static long mixK1(long k1) {
    k1 *= C1;
    k1 = Long.rotateLeft(k1, 31);
    return k1 * C2;
  }

  private static long mixK2(long k2) {
    k2 *= C2;
    k2 = Long.rotateLeft(k2, 33);
    return k2 * C1;
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    return k ^ (k >>> 33);
  }

  @Override
  public String toString() {
    return "KeyHashers.murmur3()";
  }
}
