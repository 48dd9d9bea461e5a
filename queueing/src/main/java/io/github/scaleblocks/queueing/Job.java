package io.github.scaleblocks.queueing;

/**
 * One delivery of a job, as its handler sees it. A job can be delivered more than once (after a
 * failure, a timeout, or a worker that died holding its lease), so {@link #attempt()} says which
 * delivery this is.
 *
 * @param <T> the payload type
 */
public interface Job<T> {

  /** The job's id, unique within its queue (a database row id for durable backends). */
  long id();

  /** The payload given at enqueue (for durable backends: decoded from its stored form). */
  T payload();

  /** Which delivery this is: 1 the first time, 2 after one failure or expired lease, and so on. */
  int attempt();

  /** The job's priority; higher runs first among due jobs. */
  int priority();
}
