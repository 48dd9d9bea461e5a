package io.github.scaleblocks.queueing;

import io.github.scaleblocks.core.event.EventPublisher;
import io.github.scaleblocks.core.time.Ticker;
import io.github.scaleblocks.queueing.spi.Delivery;
import io.github.scaleblocks.queueing.spi.NewJob;
import io.github.scaleblocks.queueing.spi.QueueBackend;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory backend: a bounded, prioritized, delay-aware queue in this process.
 *
 * <p>Design. Producers and claimers are decoupled as in {@code LinkedBlockingQueue}'s two-lock
 * design, so a producer never waits behind a claimer holding the lock: a plain enqueue (no delay,
 * no idempotency key) reserves capacity with a CAS on the size counter and pushes the job onto a
 * lock-free intrusive inbox (the job object is its own node, so enqueue allocates the job and
 * nothing else), then takes the lock only if a claimer is waiting without a wake-up on its way.
 * Claimers work under one lock: they drain the inbox into per-priority FIFO {@link ArrayDeque}
 * lanes (kept in a sorted array; nearly every queue uses one or two priorities), move due jobs from
 * the delay heap, and take up to their batch but never more than their fair share of what is due
 * ({@code due / consumers}, at least one), so batching cuts lock traffic under load without
 * starving idle workers of slow jobs. Delayed and keyed enqueues, and a full queue's overflow
 * policy, take the lock. The ticker is read only for delayed or keyed jobs, or when the queue
 * measures queue wait for listeners. The job object is the {@link Delivery} itself.
 */
final class InMemoryBackend<T> implements QueueBackend<T> {
  private static final Comparator<MemJob<?>> BY_DUE =
      (a, b) -> a.due == b.due ? Long.compare(a.id, b.id) : a.due - b.due < 0 ? -1 : 1;
  private static final EnqueueResult CALLER_RUNS =
      new EnqueueResult(-1, EnqueueResult.Outcome.RAN_IN_CALLER);

  private final String name;
  private final int capacity;
  private final OverflowPolicy policy;
  private final long blockTimeoutNanos;
  private final Ticker ticker;
  private final Clock clock;
  private final boolean timed;
  private final EventPublisher<QueueEvent> events;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();

  // all below guarded by lock
  private int[] lanePriorities = new int[0]; // ascending
  private ArrayDeque<MemJob<T>>[] lanes = newLanes(0);
  private int due;
  private final PriorityQueue<MemJob<T>> delayed = new PriorityQueue<>(BY_DUE);
  private final Map<String, KeyEntry> keys = new HashMap<>();
  private final ArrayDeque<KeyEntry> keyExpiry = new ArrayDeque<>();
  private final LinkedHashMap<Long, MemJob<T>> dead = new LinkedHashMap<>();
  private int blockedProducers;
  private boolean stopping;
  private int consumers = 1;
  private final List<Long> dropped = new ArrayList<>(); // DROP_OLDEST victims, published unlocked

  // the lock-free side, used by producers on the fast path
  private final AtomicInteger size = new AtomicInteger(); // waiting jobs: inbox + lanes + delayed
  private final AtomicLong ids = new AtomicLong();
  private final AtomicReference<MemJob<T>> inboxTail;
  private MemJob<T> inboxHead; // guarded by lock: the consumed end of the inbox
  private volatile int waitingConsumers; // written under lock, read by producers without it
  private volatile int signalled; // wake-ups sent to waiting claimers that have not woken yet

  InMemoryBackend(
      String name,
      int capacity,
      OverflowPolicy policy,
      long blockTimeoutNanos,
      Ticker ticker,
      Clock clock,
      EventPublisher<QueueEvent> events) {
    this.name = name;
    this.capacity = capacity;
    this.policy = policy;
    this.blockTimeoutNanos = blockTimeoutNanos;
    this.ticker = ticker;
    this.clock = clock;
    this.timed = events.hasListeners();
    this.events = events;
    @SuppressWarnings("unchecked") // the stub's payload is never read
    T none = (T) new Object();
    MemJob<T> stub = new MemJob<>(0, none, 0, 1);
    this.inboxHead = stub;
    this.inboxTail = new AtomicReference<>(stub);
  }

  /** The number of workers that share the due jobs, for the fair-share claim size. */
  void consumers(int count) {
    lock.lock();
    try {
      consumers = Math.max(1, count);
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiting claimer and makes claims return at once (at shutdown). */
  void wakeAll() {
    lock.lock();
    try {
      stopping = true;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  int capacity() {
    return capacity;
  }

  OverflowPolicy policy() {
    return policy;
  }

  @Override
  public EnqueueResult enqueue(NewJob<T> job) throws InterruptedException {
    return offer(
        job.payload(),
        job.delayNanos(),
        job.priority(),
        job.idempotencyKey(),
        job.idempotencyWindowNanos(),
        job.maxAttempts());
  }

  /** {@link #enqueue} without the {@link NewJob}: the queue's allocation-lean single enqueue. */
  EnqueueResult offer(
      T payload,
      long delayNanos,
      int priority,
      @Nullable String key,
      long windowNanos,
      int maxAttempts)
      throws InterruptedException {
    if (key == null && delayNanos == 0 && tryReserve()) {
      // the fast path: no lock; a claimer moves the job from the inbox to its lane
      MemJob<T> job = new MemJob<>(ids.incrementAndGet(), payload, priority, maxAttempts);
      if (timed) {
        job.due = ticker.read();
      }
      MemJob<T> previous = inboxTail.getAndSet(job);
      previous.next = job;
      if (waitingConsumers > signalled) { // read after the push: see claim()
        lock.lock();
        try {
          wakeOne();
        } finally {
          lock.unlock();
        }
      }
      return EnqueueResult.enqueued(job.id);
    }
    EnqueueResult result;
    List<Long> victims = List.of();
    lock.lock();
    try {
      result = enqueueLocked(payload, delayNanos, priority, key, windowNanos, maxAttempts);
      if (!dropped.isEmpty()) {
        victims = List.copyOf(dropped);
        dropped.clear();
      }
    } finally {
      lock.unlock();
    }
    if (events.hasListeners()) {
      for (long victim : victims) {
        events.publish(new QueueEvent.JobDropped(name, victim));
      }
    }
    return result;
  }

  /** Takes one unit of capacity if any is left. */
  private boolean tryReserve() {
    while (true) {
      int current = size.get();
      if (current >= capacity) {
        return false;
      }
      if (size.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /**
   * Moves the jobs producers pushed into the inbox (an intrusive multi-producer queue linked
   * through {@link MemJob#next}, after Vyukov) to their lanes. Called under the lock, so one
   * drainer at a time. A producer links its job right after swapping the tail; a drainer that finds
   * the tail moved but the link not yet written waits those few instructions.
   */
  private void drainInbox() {
    MemJob<T> head = inboxHead;
    while (true) {
      MemJob<T> next = head.next;
      if (next == null) {
        if (inboxTail.get() == head) {
          break;
        }
        Thread.onSpinWait();
        continue;
      }
      head.next = null; // no producer writes it again; unlinked, a retained job retains no chain
      head = next;
      lane(next.priority).addLast(next);
      due++;
    }
    inboxHead = head;
  }

  @Override
  public List<EnqueueResult> enqueueAll(List<NewJob<T>> jobs) throws InterruptedException {
    List<EnqueueResult> results = new ArrayList<>(jobs.size());
    for (NewJob<T> job : jobs) {
      results.add(enqueue(job));
    }
    return results;
  }

  private EnqueueResult enqueueLocked(
      T payload,
      long delayNanos,
      int priority,
      @Nullable String key,
      long windowNanos,
      int maxAttempts)
      throws InterruptedException {
    drainInbox(); // keeps FIFO order with the fast path's jobs
    long now = 0;
    boolean nowRead = false;
    if (key != null) {
      now = ticker.read();
      nowRead = true;
      KeyEntry existing = liveKey(key, now);
      if (existing != null) {
        return EnqueueResult.duplicate(existing.jobId);
      }
    }
    if (!tryReserve()) {
      switch (policy) {
        case REJECT:
          throw full();
        case CALLER_RUNS:
          if (key != null) {
            remember(key, -1, now, windowNanos);
          }
          return CALLER_RUNS;
        case DROP_OLDEST:
          do {
            long victim = dropOldest();
            if (victim >= 0) {
              dropped.add(victim);
            }
          } while (!tryReserve());
          break;
        case BLOCK:
          long left = blockTimeoutNanos;
          blockedProducers++;
          try {
            while (!tryReserve()) {
              if (left <= 0) {
                throw full();
              }
              left = notFull.awaitNanos(left);
            }
          } finally {
            blockedProducers--;
          }
          break;
      }
    }
    long id = ids.incrementAndGet();
    MemJob<T> stored = new MemJob<>(id, payload, priority, maxAttempts);
    if (delayNanos > 0) {
      if (!nowRead) {
        now = ticker.read();
      }
      stored.due = now + delayNanos;
      delayed.add(stored);
      if (delayed.peek() == stored) {
        wakeOne(); // a waiting claimer may sleep past the new earliest due time
      }
    } else {
      if (timed) {
        stored.due = nowRead ? now : ticker.read();
      }
      lane(priority).addLast(stored);
      due++;
      wakeOne();
    }
    if (key != null) {
      remember(key, id, now, windowNanos);
    }
    return EnqueueResult.enqueued(id);
  }

  private QueueFullException full() {
    return new QueueFullException(
        "queue '"
            + name
            + "' is full: "
            + capacity
            + " jobs waiting (capacity "
            + capacity
            + ", policy "
            + policy
            + (policy == OverflowPolicy.BLOCK
                ? ", waited " + TimeUnit.NANOSECONDS.toMillis(blockTimeoutNanos) + " ms"
                : "")
            + ")");
  }

  /** Drops the oldest due job of the lowest priority, or else the delayed job due first. */
  private long dropOldest() {
    drainInbox();
    for (ArrayDeque<MemJob<T>> lane : lanes) {
      MemJob<T> victim = lane.pollFirst();
      if (victim != null) {
        due--;
        size.decrementAndGet();
        return victim.id;
      }
    }
    MemJob<T> victim = delayed.poll();
    if (victim == null) {
      return -1;
    }
    size.decrementAndGet();
    return victim.id;
  }

  private @Nullable KeyEntry liveKey(String key, long now) {
    KeyEntry head;
    while ((head = keyExpiry.peekFirst()) != null && now - head.expiresAt >= 0) {
      keyExpiry.pollFirst();
      keys.remove(head.key, head);
    }
    return keys.get(key);
  }

  private void remember(String key, long jobId, long now, long windowNanos) {
    KeyEntry entry = new KeyEntry(key, jobId, now + windowNanos);
    keys.put(key, entry);
    keyExpiry.addLast(entry); // one window per queue, so expiry order is insertion order
  }

  private ArrayDeque<MemJob<T>> lane(int priority) {
    int index = Arrays.binarySearch(lanePriorities, priority);
    if (index >= 0) {
      return lanes[index];
    }
    int insert = -index - 1;
    int[] priorities = new int[lanePriorities.length + 1];
    ArrayDeque<MemJob<T>>[] grown = newLanes(lanes.length + 1);
    System.arraycopy(lanePriorities, 0, priorities, 0, insert);
    System.arraycopy(lanes, 0, grown, 0, insert);
    priorities[insert] = priority;
    grown[insert] = new ArrayDeque<>();
    System.arraycopy(lanePriorities, insert, priorities, insert + 1, lanes.length - insert);
    System.arraycopy(lanes, insert, grown, insert + 1, lanes.length - insert);
    lanePriorities = priorities;
    lanes = grown;
    return grown[insert];
  }

  @SuppressWarnings("unchecked") // generic array creation
  private static <T> ArrayDeque<MemJob<T>>[] newLanes(int size) {
    return (ArrayDeque<MemJob<T>>[]) new ArrayDeque<?>[size];
  }

  @Override
  // waitingConsumers and signalled are only written under the lock; producers read them without it
  // (volatile), so the increments and decrements here need no atomic instruction.
  @SuppressWarnings("NonAtomicVolatileUpdate")
  public int claim(List<? super Delivery<T>> into, int max, long leaseNanos, long waitNanos)
      throws InterruptedException {
    lock.lock();
    try {
      long left = waitNanos;
      while (true) {
        drainInbox();
        long now = 0;
        if (!delayed.isEmpty() || timed) {
          now = ticker.read();
          promoteDue(now);
        }
        if (due > 0) {
          return take(into, max, now);
        }
        if (left <= 0 || stopping) {
          return 0;
        }
        long sleep = left;
        MemJob<T> next = delayed.peek();
        if (next != null) {
          sleep = Math.min(sleep, Math.max(1, next.due - now));
        }
        // Announce the wait, then look again: a producer pushes, then reads waitingConsumers, so
        // either it sees this claimer waiting and wakes it, or this second look sees its job.
        waitingConsumers++;
        drainInbox();
        if (due > 0) {
          waitingConsumers--;
          continue;
        }
        try {
          long remaining = notEmpty.awaitNanos(sleep);
          left -= sleep - Math.max(0, remaining);
        } finally {
          waitingConsumers--;
          if (signalled > 0) {
            signalled--;
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Wakes one waiting claimer unless every waiting claimer has a wake-up on its way already: a
   * producer enqueueing faster than claimers wake would otherwise pay a futex wake per job. A
   * claimer that wakes for any reason consumes one pending wake-up, so the count never hides a
   * waiter for longer than its poll interval, and wake-ups are passed on while jobs remain.
   */
  @SuppressWarnings("NonAtomicVolatileUpdate") // called under the lock, as every write of signalled
  private void wakeOne() {
    if (waitingConsumers > signalled) {
      signalled++;
      notEmpty.signal();
    }
  }

  private int take(List<? super Delivery<T>> into, int max, long now) {
    int share = Math.max(1, due / consumers);
    int n = Math.min(Math.min(max, share), due);
    int taken = 0;
    for (int l = lanes.length - 1; l >= 0 && taken < n; l--) {
      ArrayDeque<MemJob<T>> lane = lanes[l];
      MemJob<T> job;
      while (taken < n && (job = lane.pollFirst()) != null) {
        job.attempt++;
        job.queueWait = timed ? Math.max(0, now - job.due) : 0;
        into.add(job);
        taken++;
      }
    }
    due -= taken;
    size.addAndGet(-taken);
    if (due > 0) {
      wakeOne(); // pass the wake-up on: more is due than this claimer took
    }
    if (blockedProducers > 0) {
      notFull.signalAll();
    }
    return taken;
  }

  private void promoteDue(long now) {
    MemJob<T> head;
    while ((head = delayed.peek()) != null && now - head.due >= 0) {
      delayed.poll();
      lane(head.priority).addLast(head);
      due++;
    }
  }

  @Override
  public void complete(List<? extends Delivery<T>> jobs) {
    // a claimed job has already left the queue
  }

  @Override
  public void retry(Delivery<T> job, long delayNanos, JobError error) {
    MemJob<T> stored = (MemJob<T>) job;
    lock.lock();
    try {
      stored.lastError = error;
      long now = ticker.read();
      stored.due = now + delayNanos;
      size.incrementAndGet();
      if (delayNanos == 0) {
        lane(stored.priority).addLast(stored);
        due++;
      } else {
        delayed.add(stored);
      }
      wakeOne();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void deadLetter(Delivery<T> job, JobError error) {
    MemJob<T> stored = (MemJob<T>) job;
    lock.lock();
    try {
      stored.lastError = error;
      stored.deadAt = clock.millis();
      dead.put(stored.id, stored);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void release(List<? extends Delivery<T>> jobs) {
    lock.lock();
    try {
      for (int i = jobs.size() - 1; i >= 0; i--) {
        MemJob<T> stored = (MemJob<T>) jobs.get(i);
        stored.attempt--;
        lane(stored.priority).addFirst(stored);
        due++;
        size.incrementAndGet();
      }
      if (waitingConsumers > 0) {
        notEmpty.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int extendLeases(List<? extends Delivery<T>> jobs, long leaseNanos) {
    return jobs.size();
  }

  @Override
  public boolean usesLeases() {
    return false;
  }

  @Override
  public List<DeadJob<T>> deadLetters(int limit) {
    lock.lock();
    try {
      List<DeadJob<T>> out = new ArrayList<>(Math.min(limit, dead.size()));
      Iterator<MemJob<T>> it = dead.values().iterator();
      while (it.hasNext() && out.size() < limit) {
        MemJob<T> job = it.next();
        JobError error = job.lastError;
        out.add(
            new DeadJob<>(
                job.id,
                job.payload,
                job.priority,
                job.attempt,
                error == null ? new JobError("", "", "") : error,
                Instant.ofEpochMilli(job.deadAt)));
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean requeueDead(long jobId) {
    lock.lock();
    try {
      MemJob<T> job = dead.remove(jobId);
      if (job == null) {
        return false;
      }
      job.attempt = 0;
      job.due = ticker.read();
      lane(job.priority).addLast(job);
      due++;
      size.incrementAndGet();
      wakeOne();
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long depth() {
    return size.get();
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "InMemoryBackend[" + name + ", capacity " + capacity + ", " + policy + "]";
  }

  private static final class KeyEntry {
    final String key;
    final long jobId;
    final long expiresAt;

    KeyEntry(String key, long jobId, long expiresAt) {
      this.key = key;
      this.jobId = jobId;
      this.expiresAt = expiresAt;
    }
  }

  /** A stored job; fields other than the finals are guarded by the backend's lock. */
  static final class MemJob<T> implements Delivery<T> {
    final long id;
    final T payload;
    final int priority;
    final int maxAttempts;
    int attempt;
    long due;
    long queueWait;
    volatile @Nullable MemJob<T> next; // the inbox link
    @Nullable JobError lastError;
    long deadAt;

    MemJob(long id, T payload, int priority, int maxAttempts) {
      this.id = id;
      this.payload = payload;
      this.priority = priority;
      this.maxAttempts = maxAttempts;
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public T payload() {
      return payload;
    }

    @Override
    public int attempt() {
      return attempt;
    }

    @Override
    public int priority() {
      return priority;
    }

    @Override
    public int maxAttempts() {
      return maxAttempts;
    }

    @Override
    public long queueWaitNanos() {
      return queueWait;
    }

    @Override
    public String toString() {
      return "Job[" + id + ", attempt " + attempt + "]";
    }
  }
}
