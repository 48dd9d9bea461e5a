package io.github.scaleblocks.examples.tinyurl;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Visits of links without a visit limit, counted in memory and added to the database in batches, so
 * a redirect served from the cache touches no database.
 *
 * <p>Exactness: each code has an {@link AtomicLong} in a {@link ConcurrentHashMap}; {@link #count}
 * increments it (a lock-free map read and one atomic add, no allocation once the code has a
 * counter) and {@link #flush} takes each count with an atomic {@code getAndSet(0)}, so every visit
 * is either still pending here or handed to exactly one flush. A counter found at 0 by a flush is
 * retired (set to {@link #RETIRED} by compare-and-set, then removed), and a count that lands on a
 * retired counter retries on a fresh one, so idle codes leave the map without losing a visit. A
 * flush that fails puts its counts back. {@link #pending} lets {@code /stats} show the visits this
 * process has not written yet, so its answer is the same before and after a flush; {@link
 * #withoutFlush} keeps a flush from moving a batch between the two reads. Other processes' pending
 * visits appear after their next flush (the flush interval).
 *
 * <p>Thread-safe. {@link #flush} runs on the server's flush thread, and once more on close; a visit
 * counted after that last flush has no redirect to answer (the listener is stopped first).
 */
final class VisitCounter {
  private static final Logger LOG = LoggerFactory.getLogger(VisitCounter.class);

  private final UrlStore store;

  /** A counter's value once a flush has taken it out of the map; counts on it retry. */
  private static final long RETIRED = Long.MIN_VALUE;

  private final ConcurrentHashMap<String, AtomicLong> pending = new ConcurrentHashMap<>();
  // flushes exclude reads of "stored + pending", which would otherwise miss a batch in flight
  private final ReentrantReadWriteLock flushing = new ReentrantReadWriteLock();

  VisitCounter(UrlStore store) {
    this.store = store;
  }

  void count(String code) {
    add(code, 1);
  }

  private void add(String code, long visits) {
    while (true) {
      AtomicLong counter = pending.get(code);
      if (counter == null) {
        counter = pending.computeIfAbsent(code, key -> new AtomicLong());
      }
      if (counter.getAndAdd(visits) >= 0) {
        return;
      }
      // retired by a flush that is removing it: help, then count on a fresh counter
      pending.remove(code, counter);
    }
  }

  /** Visits of {@code code} counted here and not yet written. */
  long pending(String code) {
    AtomicLong counter = pending.get(code);
    return counter == null ? 0 : Math.max(0, counter.get());
  }

  /**
   * Runs {@code read} while no flush is moving visits from here to the database, so a read of the
   * stored visits plus {@link #pending} counts each visit once (a flush waits for it).
   */
  <T> T withoutFlush(SqlRead<T> read) throws SQLException {
    flushing.readLock().lock();
    try {
      return read.read();
    } finally {
      flushing.readLock().unlock();
    }
  }

  /** A read of the database. */
  @FunctionalInterface
  interface SqlRead<T> {
    T read() throws SQLException;
  }

  /** Visits of every code counted here and not yet written. */
  long pendingTotal() {
    return pending.values().stream().mapToLong(counter -> Math.max(0, counter.get())).sum();
  }

  /**
   * Writes every pending visit. On failure the visits not written are counted again here and the
   * exception is thrown (the next flush retries them).
   */
  void flush() throws SQLException {
    flushing.writeLock().lock();
    try {
      flushLocked();
    } finally {
      flushing.writeLock().unlock();
    }
  }

  private void flushLocked() throws SQLException {
    Map<String, Long> batch = new HashMap<>();
    for (Map.Entry<String, AtomicLong> entry : pending.entrySet()) {
      AtomicLong counter = entry.getValue();
      long count = counter.getAndSet(0);
      if (count > 0) {
        batch.put(entry.getKey(), count);
      } else if (counter.compareAndSet(0, RETIRED)) {
        pending.remove(entry.getKey(), counter);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      store.addVisits(batch, batch::remove);
    } finally {
      // whatever was not written goes back
      batch.forEach(this::add);
    }
  }

  /** {@link #flush} for the scheduler: logs a failure instead of throwing it. */
  void flushQuietly() {
    try {
      flush();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("could not write {} pending visits; will retry: {}", pendingTotal(), e.toString());
    }
  }
}
