package io.github.scaleblocks.core.hash;

/**
 * XXH3-64 with seed 0 and the default secret, as specified by xxHash 0.8 (the values are frozen by
 * the specification; {@code GoldenValuesTest} pins them and cross-checks against an independent
 * implementation).
 *
 * <p>Design note: the input-length classes (0, 1–3, 4–8, 9–16, 17–128, 129–240, longer) follow the
 * reference code one for one, because each has its own mixing and the output must match bit for
 * bit. The long-input loop keeps its eight accumulators in locals rather than an array so that the
 * hash never allocates.
 */
final class Xxh3 extends AccessHasher {
  static final Xxh3 INSTANCE = new Xxh3();

  private static final long PRIME32_1 = 0x9E3779B1L;
  private static final long PRIME32_2 = 0x85EBCA77L;
  private static final long PRIME32_3 = 0xC2B2AE3DL;
  private static final long PRIME64_1 = 0x9E3779B185EBCA87L;
  private static final long PRIME64_2 = 0xC2B2AE3D27D4EB4FL;
  private static final long PRIME64_3 = 0x165667B19E3779F9L;
  private static final long PRIME64_4 = 0x85EBCA77C2B2AE63L;
  private static final long PRIME64_5 = 0x27D4EB2F165667C5L;
  private static final long PRIME_MX1 = 0x165667919E3779F9L;
  private static final long PRIME_MX2 = 0x9FB21C651E98DF25L;

  private static final byte[] SECRET = {
    (byte) 0xb8, (byte) 0xfe, (byte) 0x6c, (byte) 0x39, (byte) 0x23, (byte) 0xa4, (byte) 0x4b,
    (byte) 0xbe, (byte) 0x7c, (byte) 0x01, (byte) 0x81, (byte) 0x2c, (byte) 0xf7, (byte) 0x21,
    (byte) 0xad, (byte) 0x1c, (byte) 0xde, (byte) 0xd4, (byte) 0x6d, (byte) 0xe9, (byte) 0x83,
    (byte) 0x90, (byte) 0x97, (byte) 0xdb, (byte) 0x72, (byte) 0x40, (byte) 0xa4, (byte) 0xa4,
    (byte) 0xb7, (byte) 0xb3, (byte) 0x67, (byte) 0x1f, (byte) 0xcb, (byte) 0x79, (byte) 0xe6,
    (byte) 0x4e, (byte) 0xcc, (byte) 0xc0, (byte) 0xe5, (byte) 0x78, (byte) 0x82, (byte) 0x5a,
    (byte) 0xd0, (byte) 0x7d, (byte) 0xcc, (byte) 0xff, (byte) 0x72, (byte) 0x21, (byte) 0xb8,
    (byte) 0x08, (byte) 0x46, (byte) 0x74, (byte) 0xf7, (byte) 0x43, (byte) 0x24, (byte) 0x8e,
    (byte) 0xe0, (byte) 0x35, (byte) 0x90, (byte) 0xe6, (byte) 0x81, (byte) 0x3a, (byte) 0x26,
    (byte) 0x4c, (byte) 0x3c, (byte) 0x28, (byte) 0x52, (byte) 0xbb, (byte) 0x91, (byte) 0xc3,
    (byte) 0x00, (byte) 0xcb, (byte) 0x88, (byte) 0xd0, (byte) 0x65, (byte) 0x8b, (byte) 0x1b,
    (byte) 0x53, (byte) 0x2e, (byte) 0xa3, (byte) 0x71, (byte) 0x64, (byte) 0x48, (byte) 0x97,
    (byte) 0xa2, (byte) 0x0d, (byte) 0xf9, (byte) 0x4e, (byte) 0x38, (byte) 0x19, (byte) 0xef,
    (byte) 0x46, (byte) 0xa9, (byte) 0xde, (byte) 0xac, (byte) 0xd8, (byte) 0xa8, (byte) 0xfa,
    (byte) 0x76, (byte) 0x3f, (byte) 0xe3, (byte) 0x9c, (byte) 0x34, (byte) 0x3f, (byte) 0xf9,
    (byte) 0xdc, (byte) 0xbb, (byte) 0xc7, (byte) 0xc7, (byte) 0x0b, (byte) 0x4f, (byte) 0x1d,
    (byte) 0x8a, (byte) 0x51, (byte) 0xe0, (byte) 0x4b, (byte) 0xcd, (byte) 0xb4, (byte) 0x59,
    (byte) 0x31, (byte) 0xc8, (byte) 0x9f, (byte) 0x7e, (byte) 0xc9, (byte) 0xd9, (byte) 0x78,
    (byte) 0x73, (byte) 0x64, (byte) 0xea, (byte) 0xc5, (byte) 0xac, (byte) 0x83, (byte) 0x34,
    (byte) 0xd3, (byte) 0xeb, (byte) 0xc3, (byte) 0xc5, (byte) 0x81, (byte) 0xa0, (byte) 0xff,
    (byte) 0xfa, (byte) 0x13, (byte) 0x63, (byte) 0xeb, (byte) 0x17, (byte) 0x0d, (byte) 0xdd,
    (byte) 0x51, (byte) 0xb7, (byte) 0xf0, (byte) 0xda, (byte) 0x49, (byte) 0xd3, (byte) 0x16,
    (byte) 0x55, (byte) 0x26, (byte) 0x29, (byte) 0xd4, (byte) 0x68, (byte) 0x9e, (byte) 0x2b,
    (byte) 0x16, (byte) 0xbe, (byte) 0x58, (byte) 0x7d, (byte) 0x47, (byte) 0xa1, (byte) 0xfc,
    (byte) 0x8f, (byte) 0xf8, (byte) 0xb8, (byte) 0xd1, (byte) 0x7a, (byte) 0xd0, (byte) 0x31,
    (byte) 0xce, (byte) 0x45, (byte) 0xcb, (byte) 0x3a, (byte) 0x8f, (byte) 0x95, (byte) 0x16,
    (byte) 0x04, (byte) 0x28, (byte) 0xaf, (byte) 0xd7, (byte) 0xfb, (byte) 0xca, (byte) 0xbb,
    (byte) 0x4b, (byte) 0x40, (byte) 0x7e,
  };

  private static final int SECRET_SIZE = 192;
  private static final int STRIPE_LEN = 64;
  private static final int STRIPES_PER_BLOCK = (SECRET_SIZE - STRIPE_LEN) / 8;
  private static final int BLOCK_LEN = STRIPE_LEN * STRIPES_PER_BLOCK;

  // Secret words the short paths use, read once.
  private static final long BITFLIP_0 = secret(56) ^ secret(64);
  private static final long BITFLIP_1_3 = (secret32(0) ^ secret32(4));
  private static final long BITFLIP_4_8 = secret(8) ^ secret(16);
  private static final long BITFLIP_9_16_LO = secret(24) ^ secret(32);
  private static final long BITFLIP_9_16_HI = secret(40) ^ secret(48);

  private Xxh3() {}

  private static long secret(int offset) {
    return ByteAccess.BYTES.i64(SECRET, offset);
  }

  private static long secret32(int offset) {
    return ByteAccess.BYTES.u32(SECRET, offset);
  }

  @Override
  public long hash(long key) {
    // The 4-to-8-byte path for the 8 little-endian bytes of key: input1 is the low half, input2
    // the high half, combined as input2 + (input1 << 32).
    long input64 = (key >>> 32) + (key << 32);
    return rrmxmx(input64 ^ BITFLIP_4_8, 8);
  }

  @Override
  <S> long hash(ByteAccess<S> in, S s, int off, int len) {
    if (len <= 16) {
      if (len > 8) {
        long lo = in.i64(s, off) ^ BITFLIP_9_16_LO;
        long hi = in.i64(s, off + len - 8) ^ BITFLIP_9_16_HI;
        long acc = len + Long.reverseBytes(lo) + hi + mul128Fold64(lo, hi);
        return avalanche(acc);
      }
      if (len >= 4) {
        long input1 = in.u32(s, off);
        long input2 = in.u32(s, off + len - 4);
        return rrmxmx((input2 + (input1 << 32)) ^ BITFLIP_4_8, len);
      }
      if (len > 0) {
        long c1 = in.u8(s, off);
        long c2 = in.u8(s, off + (len >> 1));
        long c3 = in.u8(s, off + len - 1);
        long combined = (c1 << 16) | (c2 << 24) | c3 | ((long) len << 8);
        return xxh64Avalanche(combined ^ BITFLIP_1_3);
      }
      return xxh64Avalanche(BITFLIP_0);
    }
    if (len <= 128) {
      long acc = len * PRIME64_1;
      if (len > 32) {
        if (len > 64) {
          if (len > 96) {
            acc += mix16(in, s, off + 48, 96);
            acc += mix16(in, s, off + len - 64, 112);
          }
          acc += mix16(in, s, off + 32, 64);
          acc += mix16(in, s, off + len - 48, 80);
        }
        acc += mix16(in, s, off + 16, 32);
        acc += mix16(in, s, off + len - 32, 48);
      }
      acc += mix16(in, s, off, 0);
      acc += mix16(in, s, off + len - 16, 16);
      return avalanche(acc);
    }
    if (len <= 240) {
      long acc = len * PRIME64_1;
      int rounds = len >> 4;
      for (int i = 0; i < 8; i++) {
        acc += mix16(in, s, off + 16 * i, 16 * i);
      }
      acc = avalanche(acc);
      for (int i = 8; i < rounds; i++) {
        acc += mix16(in, s, off + 16 * i, 16 * (i - 8) + 3);
      }
      acc += mix16(in, s, off + len - 16, 136 - 17);
      return avalanche(acc);
    }
    return hashLong(in, s, off, len);
  }

  private static <S> long hashLong(ByteAccess<S> in, S s, int off, int len) {
    long a0 = PRIME32_3;
    long a1 = PRIME64_1;
    long a2 = PRIME64_2;
    long a3 = PRIME64_3;
    long a4 = PRIME64_4;
    long a5 = PRIME32_2;
    long a6 = PRIME64_5;
    long a7 = PRIME32_1;

    int blocks = (len - 1) / BLOCK_LEN;
    int lastStripes = ((len - 1) - BLOCK_LEN * blocks) / STRIPE_LEN;
    int fullBlockStripes = blocks * STRIPES_PER_BLOCK;
    // Stripes run back to back; after each full block of STRIPES_PER_BLOCK stripes the
    // accumulators are scrambled. The final partial block has lastStripes stripes, and one more
    // stripe covers the last 64 bytes of input against the secret at offset 192 - 64 - 7.
    int stripes = fullBlockStripes + lastStripes + 1;
    for (int i = 0; i < stripes; i++) {
      boolean finalStripe = i == stripes - 1;
      int p = finalStripe ? off + len - STRIPE_LEN : off + i * STRIPE_LEN;
      int k = finalStripe ? SECRET_SIZE - STRIPE_LEN - 7 : (i % STRIPES_PER_BLOCK) * 8;
      long d0 = in.i64(s, p);
      long d1 = in.i64(s, p + 8);
      long d2 = in.i64(s, p + 16);
      long d3 = in.i64(s, p + 24);
      long d4 = in.i64(s, p + 32);
      long d5 = in.i64(s, p + 40);
      long d6 = in.i64(s, p + 48);
      long d7 = in.i64(s, p + 56);
      long k0 = d0 ^ secret(k);
      long k1 = d1 ^ secret(k + 8);
      long k2 = d2 ^ secret(k + 16);
      long k3 = d3 ^ secret(k + 24);
      long k4 = d4 ^ secret(k + 32);
      long k5 = d5 ^ secret(k + 40);
      long k6 = d6 ^ secret(k + 48);
      long k7 = d7 ^ secret(k + 56);
      a0 += d1 + (k0 & 0xFFFFFFFFL) * (k0 >>> 32);
      a1 += d0 + (k1 & 0xFFFFFFFFL) * (k1 >>> 32);
      a2 += d3 + (k2 & 0xFFFFFFFFL) * (k2 >>> 32);
      a3 += d2 + (k3 & 0xFFFFFFFFL) * (k3 >>> 32);
      a4 += d5 + (k4 & 0xFFFFFFFFL) * (k4 >>> 32);
      a5 += d4 + (k5 & 0xFFFFFFFFL) * (k5 >>> 32);
      a6 += d7 + (k6 & 0xFFFFFFFFL) * (k6 >>> 32);
      a7 += d6 + (k7 & 0xFFFFFFFFL) * (k7 >>> 32);
      if (i < fullBlockStripes && i % STRIPES_PER_BLOCK == STRIPES_PER_BLOCK - 1) {
        int sk = SECRET_SIZE - STRIPE_LEN;
        a0 = scramble(a0, secret(sk));
        a1 = scramble(a1, secret(sk + 8));
        a2 = scramble(a2, secret(sk + 16));
        a3 = scramble(a3, secret(sk + 24));
        a4 = scramble(a4, secret(sk + 32));
        a5 = scramble(a5, secret(sk + 40));
        a6 = scramble(a6, secret(sk + 48));
        a7 = scramble(a7, secret(sk + 56));
      }
    }

    long result = len * PRIME64_1;
    result += mul128Fold64(a0 ^ secret(11), a1 ^ secret(19));
    result += mul128Fold64(a2 ^ secret(27), a3 ^ secret(35));
    result += mul128Fold64(a4 ^ secret(43), a5 ^ secret(51));
    result += mul128Fold64(a6 ^ secret(59), a7 ^ secret(67));
    return avalanche(result);
  }

  private static long scramble(long acc, long key) {
    return ((acc ^ (acc >>> 47)) ^ key) * PRIME32_1;
  }

  private static <S> long mix16(ByteAccess<S> in, S s, int inOff, int secretOff) {
    long lo = in.i64(s, inOff) ^ secret(secretOff);
    long hi = in.i64(s, inOff + 8) ^ secret(secretOff + 8);
    return mul128Fold64(lo, hi);
  }

  /** The low and high halves of the unsigned 128-bit product of a and b, xored. */
  static long mul128Fold64(long a, long b) {
    long low = a * b;
    long high = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    return low ^ high;
  }

  private static long avalanche(long h) {
    h ^= h >>> 37;
    h *= PRIME_MX1;
    return h ^ (h >>> 32);
  }

  private static long xxh64Avalanche(long h) {
    h ^= h >>> 33;
    h *= PRIME64_2;
    h ^= h >>> 29;
    h *= PRIME64_3;
    return h ^ (h >>> 32);
  }

  private static long rrmxmx(long h, int len) {
    h ^= Long.rotateLeft(h, 49) ^ Long.rotateLeft(h, 24);
    h *= PRIME_MX2;
    h ^= (h >>> 35) + len;
    h *= PRIME_MX2;
    return h ^ (h >>> 28);
  }

  @Override
  public String toString() {
    return "KeyHashers.xxh3()";
  }
}
