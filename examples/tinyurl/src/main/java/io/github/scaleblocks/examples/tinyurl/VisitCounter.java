package io.github.scaleblocks.examples.tinyurl;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Visits of links without a visit limit, counted in memory and added to the database in batches, so
 * a redirect served from the cache touches no database.
 *
 * <p>Exactness: {@link #count} merges into a {@link ConcurrentHashMap} entry and {@link #flush}
 * takes each entry out with an atomic {@code remove}, so every visit is either still pending here
 * or handed to exactly one flush; a visit counted while its code is being flushed starts a new
 * entry. A flush that fails puts its counts back. {@link #pending} lets {@code /stats} show the
 * visits this process has not written yet, so its answer is the same before and after a flush;
 * {@link #withoutFlush} keeps a flush from moving a batch between the two reads. Other processes'
 * pending visits appear after their next flush (the flush interval).
 *
 * <p>Thread-safe. {@link #flush} runs on the server's flush thread, and once more on close; a visit
 * counted after that last flush has no redirect to answer (the listener is stopped first).
 */
final class VisitCounter {
  private static final Logger LOG = LoggerFactory.getLogger(VisitCounter.class);

  private final UrlStore store;
  private final ConcurrentHashMap<String, Long> pending = new ConcurrentHashMap<>();
  // flushes exclude reads of "stored + pending", which would otherwise miss a batch in flight
  private final ReentrantReadWriteLock flushing = new ReentrantReadWriteLock();

  VisitCounter(UrlStore store) {
    this.store = store;
  }

  void count(String code) {
    pending.merge(code, 1L, Long::sum);
  }

  /** Visits of {@code code} counted here and not yet written. */
  long pending(String code) {
    Long count = pending.get(code);
    return count == null ? 0 : count;
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
    return pending.values().stream().mapToLong(Long::longValue).sum();
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
    for (String code : pending.keySet()) {
      Long count = pending.remove(code);
      if (count != null) {
        batch.put(code, count);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      store.addVisits(batch, batch::remove);
    } finally {
      // whatever was not written goes back
      batch.forEach((code, count) -> pending.merge(code, count, Long::sum));
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
