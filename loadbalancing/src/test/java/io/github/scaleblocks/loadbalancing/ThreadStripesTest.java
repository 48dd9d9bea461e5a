package io.github.scaleblocks.loadbalancing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.loadbalancing.spi.RandomSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * Counting mode's single-writer pick stripes and the per-thread round-robin cursors: no pick is
 * lost whatever the number of threads (more threads than stripes fall back to the shared atomic),
 * and a dead thread's stripe is handed on with its count.
 */
class ThreadStripesTest {

  @Test
  void picksFromMoreThreadsThanStripesAreAllCounted() throws InterruptedException {
    NodeState<String> node = new NodeState<>(new Object(), Node.of("a", 1, "payload"), false);
    int threads = ThreadStripes.COUNT + 8;
    int picksEach = 20_000;
    int[] stripes = new int[threads];
    // All threads stay alive until every one has picked, so some must run without a stripe.
    HeldThreads held =
        new HeldThreads(
            threads,
            id -> {
              stripes[id] = ThreadStripes.current();
              for (int i = 0; i < picksEach; i++) {
                node.picked(stripes[id]);
                if (i % 2 == 0) {
                  node.unpick(stripes[id]);
                  node.picked(stripes[id]);
                }
              }
            },
            id -> {});
    held.runUntilAllAreDone();

    assertThat(node.picks()).isEqualTo((long) threads * picksEach);
    assertThat(stripes).contains(ThreadStripes.NONE);
    held.releaseAndJoin();
  }

  /**
   * Through the thread-id cache and the thread-local alike, a live thread gets the same stripe on
   * every call and no two live threads share one, also while short-lived threads come and go and
   * their stripes are reclaimed.
   */
  @Test
  void liveThreadsKeepTheirOwnStripesWhileOthersComeAndGo() throws InterruptedException {
    int threads = ThreadStripes.COUNT + 8;
    int[] stripes = new int[threads];
    boolean[] changed = new boolean[threads];
    HeldThreads held =
        new HeldThreads(
            threads,
            id -> {
              stripes[id] = ThreadStripes.current();
              for (int i = 0; i < 20_000; i++) {
                changed[id] |= ThreadStripes.current() != stripes[id];
              }
            },
            // Once more after the short-lived threads below have reclaimed stripes.
            id -> changed[id] |= ThreadStripes.current() != stripes[id]);
    held.runUntilAllAreDone();
    // Stripes of earlier tests' terminated threads are reclaimed by these; none of the live ones.
    for (int t = 0; t < ThreadStripes.COUNT; t++) {
      Thread shortLived = new Thread(ThreadStripes::current);
      shortLived.start();
      shortLived.join();
    }
    held.releaseAndJoin();

    assertThat(changed).doesNotContain(true);
    Set<Integer> owned = new HashSet<>();
    for (int stripe : stripes) {
      if (stripe != ThreadStripes.NONE) {
        assertThat(owned.add(stripe)).as("stripe %d held by two live threads", stripe).isTrue();
      }
    }
    assertThat(stripes).contains(ThreadStripes.NONE);
  }

  /**
   * Threads that start together, each run {@code first} with its number, then stay alive until
   * released and run {@code then}: so that all of them hold their stripes at once.
   */
  private static final class HeldThreads {
    private final CountDownLatch start = new CountDownLatch(1);
    private final CountDownLatch done;
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();

    HeldThreads(int count, IntConsumer first, IntConsumer then) {
      done = new CountDownLatch(count);
      for (int t = 0; t < count; t++) {
        int id = t;
        Thread thread =
            new Thread(
                () -> {
                  try {
                    start.await();
                    first.accept(id);
                    done.countDown();
                    release.await();
                    then.accept(id);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        thread.start();
        threads.add(thread);
      }
    }

    /** Lets every thread run {@code first} and waits until all have. */
    void runUntilAllAreDone() throws InterruptedException {
      start.countDown();
      done.await();
    }

    /** Lets every thread run {@code then} and end, and waits until all have. */
    void releaseAndJoin() throws InterruptedException {
      release.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
    }
  }

  @Test
  void aTerminatedThreadsStripeIsHandedOnWithItsCount() throws InterruptedException {
    NodeState<String> node = new NodeState<>(new Object(), Node.of("a", 1, "payload"), false);
    // Many short-lived threads in sequence: with stripes never handed on, later threads would all
    // end up without one.
    int[] lastStripe = new int[1];
    for (int t = 0; t < ThreadStripes.COUNT * 3; t++) {
      Thread thread =
          new Thread(
              () -> {
                lastStripe[0] = ThreadStripes.current();
                for (int i = 0; i < 100; i++) {
                  node.picked(lastStripe[0]);
                }
              });
      thread.start();
      thread.join();
    }

    assertThat(lastStripe[0]).isNotEqualTo(ThreadStripes.NONE);
    assertThat(node.picks()).isEqualTo(ThreadStripes.COUNT * 3 * 100L);
  }

  @Test
  void eachThreadsRoundRobinCyclesThroughEveryCandidate() throws InterruptedException {
    int size = 7;
    Policies.RoundRobinPicker picker = new Policies.RoundRobinPicker(size, RandomSource.seeded(1));
    int threads = 4;
    int[][] counts = new int[threads][size];
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread thread =
          new Thread(
              () -> {
                int stripe = ThreadStripes.current();
                int previous = picker.pick(null, stripe);
                counts[id][previous]++;
                for (int i = 1; i < size * 1_000; i++) {
                  int index = picker.pick(null, stripe);
                  // In order, one step at a time, whatever the other threads do.
                  assertThat(index).isEqualTo((previous + 1) % size);
                  counts[id][index]++;
                  previous = index;
                }
              });
      thread.start();
      started.add(thread);
    }
    for (Thread thread : started) {
      thread.join();
    }
    for (int[] perThread : counts) {
      assertThat(perThread).containsOnly(1_000);
    }
  }

  @Test
  void withoutAStripeRoundRobinSharesOneCursor() {
    Policies.RoundRobinPicker picker = new Policies.RoundRobinPicker(3, RandomSource.seeded(1));
    int first = picker.pick(null, ThreadStripes.NONE);
    assertThat(picker.pick(null, ThreadStripes.NONE)).isEqualTo((first + 1) % 3);
    assertThat(picker.pick(null, ThreadStripes.NONE)).isEqualTo((first + 2) % 3);
  }
}
