package io.github.scaleblocks.loadbalancing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.BitSet;
import org.jspecify.annotations.Nullable;

/**
 * Small per-thread indexes ("stripes") that let the hot path keep single-writer counters instead of
 * atomic ones: the first {@link #COUNT} threads that pick from any balancer each own one stripe,
 * and a counter with one slot per stripe is written only by the stripe's owner, with plain (opaque)
 * stores. Readers sum the slots. Threads beyond {@link #COUNT} get {@link #NONE} and use the
 * counter's shared atomic slot instead, so correctness never depends on having a stripe.
 *
 * <p>A stripe is handed on when its owner has terminated: a thread that finds every stripe taken
 * frees those whose owners are no longer alive (or no longer reachable) and takes one. The new
 * owner sees the old owner's last writes, because detecting that a thread has terminated
 * synchronizes with its final action (JLS 17.4.4), so a slot's count carries on where the old owner
 * left it. Nothing runs in the background.
 *
 * <p>Cost per pick: two dependent loads when the thread id cache hits (see {@link #CACHE}), one
 * {@link ThreadLocal} read when it does not.
 */
final class ThreadStripes {
  /** Stripes in the JVM: four per processor, at least 8 and at most 64. */
  static final int COUNT =
      Math.min(64, Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));

  /** The stripe of a thread that has none: it uses the shared atomic slot. */
  static final int NONE = -1;

  private static final Object LOCK = new Object();

  /** Which stripes are taken (LOCK). */
  private static final BitSet TAKEN = new BitSet(COUNT);

  /** The owner of each taken stripe (LOCK). */
  private static final @Nullable WeakReference<?>[] OWNERS = new WeakReference<?>[COUNT];

  private static final ThreadLocal<Claim> CURRENT = ThreadLocal.withInitial(ThreadStripes::claim);

  /**
   * A direct-mapped cache in front of {@link #CURRENT}, indexed by thread id: {@code id << 8 |
   * (stripe + 1)} for a thread that owns a stripe, 0 for none. A {@link ThreadLocal} read is about
   * eight dependent loads (the thread's map, its table, the entry, its referent, the value); a hit
   * here is two (the thread's id, the entry). Written under {@link #LOCK}; an entry is cleared
   * before its stripe is handed to another thread. An entry that matches the calling thread's id is
   * that thread's own because the JDK hands out thread ids from a counter (17 to 25 do; {@link
   * Thread#getId()}'s contract would allow a dead thread's id to be reused, and a thread given such
   * an id before the dead one's stripe is reclaimed would share that stripe with its next owner).
   */
  private static final long[] CACHE = new long[256];

  private static final VarHandle CACHE_ENTRY = MethodHandles.arrayElementVarHandle(long[].class);

  private ThreadStripes() {}

  /** The calling thread's stripe in {@code [0, COUNT)}, or {@link #NONE}. */
  static int current() {
    long id = Thread.currentThread().getId();
    long entry = (long) CACHE_ENTRY.getAcquire(CACHE, (int) id & (CACHE.length - 1));
    if (entry >>> 8 == id) {
      return (int) (entry & 0xFF) - 1;
    }
    return uncached(id);
  }

  /**
   * The calling thread's stripe from its {@link ThreadLocal}; the first time, also cached if its
   * cache slot is free (a thread whose slot another holds keeps reading the thread-local).
   */
  private static int uncached(long id) {
    Claim claim = CURRENT.get();
    int stripe = claim.index;
    if (stripe >= 0 && !claim.cacheTried) {
      claim.cacheTried = true;
      int slot = (int) id & (CACHE.length - 1);
      synchronized (LOCK) {
        // Still ours (not reclaimed: this thread is alive), and the slot is free.
        if (TAKEN.get(stripe) && CACHE[slot] == 0) {
          CACHE_ENTRY.setRelease(CACHE, slot, id << 8 | (stripe + 1));
        }
      }
    }
    return stripe;
  }

  private static Claim claim() {
    Thread self = Thread.currentThread();
    synchronized (LOCK) {
      int index = TAKEN.nextClearBit(0);
      if (index >= COUNT) {
        reclaimFromTerminated();
        index = TAKEN.nextClearBit(0);
      }
      if (index >= COUNT) {
        return new Claim(NONE);
      }
      TAKEN.set(index);
      OWNERS[index] = new WeakReference<>(self);
      return new Claim(index);
    }
  }

  /** Frees the stripes whose owners have terminated (LOCK). */
  private static void reclaimFromTerminated() {
    for (int i = 0; i < COUNT; i++) {
      WeakReference<?> owner = OWNERS[i];
      Object thread = owner == null ? null : owner.get();
      if (thread == null || !((Thread) thread).isAlive()) {
        TAKEN.clear(i);
        OWNERS[i] = null;
        for (int slot = 0; slot < CACHE.length; slot++) {
          if ((CACHE[slot] & 0xFF) == i + 1) {
            CACHE_ENTRY.setRelease(CACHE, slot, 0L);
          }
        }
      }
    }
  }

  /** Stripes taken now (for tests). */
  static int taken() {
    synchronized (LOCK) {
      return TAKEN.cardinality();
    }
  }

  /** A thread's stripe (a holder, so that the thread-local map holds one object per thread). */
  private static final class Claim {
    final int index;

    /** Whether this thread has tried to enter its stripe in {@link #CACHE} (only it reads this). */
    boolean cacheTried;

    Claim(int index) {
      this.index = index;
    }
  }
}
