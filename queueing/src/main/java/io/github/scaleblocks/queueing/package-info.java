/**
 * Asynchronous work queues: one {@link io.github.scaleblocks.queueing.WorkQueue} API over an
 * in-memory backend ({@link io.github.scaleblocks.queueing.WorkQueues#inMemory()}) or a durable one
 * ({@code JdbcQueueBackends} in {@code scaleblocks-queueing-jdbc}, or a user's {@link
 * io.github.scaleblocks.queueing.spi.QueueBackend}).
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li><b>At-least-once delivery.</b> A job is removed only after its handler returned normally.
 *       Until then it may be delivered more than once: after a failed attempt (retried with
 *       exponential backoff and full jitter), after an execution timeout, and, on durable backends,
 *       after the worker holding it died (its lease expires and another worker claims it). A
 *       successful run whose completion did not reach the backend (the process died in between)
 *       also runs again.
 *   <li><b>Effectively once</b> takes two things: an idempotency key at enqueue (a second enqueue
 *       with the same key within the queue's window is dropped and reported as {@link
 *       io.github.scaleblocks.queueing.EnqueueResult.Outcome#DUPLICATE}), and an idempotent handler
 *       (for example one that writes with the job id as a unique key), because redelivery after a
 *       crash cannot be ruled out by any queue.
 *   <li><b>Order.</b> Among due jobs, higher priority first, then earlier due time; with several
 *       workers or batch claims, jobs of the same priority may run out of order and concurrently.
 *   <li><b>Failures.</b> A throwable from the handler fails the attempt. The classifier ({@link
 *       io.github.scaleblocks.queueing.WorkQueueBuilder#retryable}) decides retryable or fatal;
 *       fatal failures and jobs out of attempts go to the dead-letter queue with their payload,
 *       attempt count and last error (class, message, stack trace), where {@link
 *       io.github.scaleblocks.queueing.WorkQueue#deadLetters} lists them and {@link
 *       io.github.scaleblocks.queueing.WorkQueue#requeueDead} sends them back. An {@link Error}
 *       thrown by a handler is never swallowed silently: it is logged at ERROR with its stack
 *       trace, published as a {@link io.github.scaleblocks.queueing.QueueEvent.Failed} carrying the
 *       Error, counted as a failed attempt and, under the default classifier, dead-lettered; the
 *       worker thread goes on with the next job.
 *   <li><b>Leases.</b> Durable backends lease claimed jobs for the lease duration (the visibility
 *       timeout) and the queue renews the leases of every job its workers hold every third of it,
 *       so long jobs keep their lease while their worker lives. A job delivered more than its
 *       maximum attempts without finishing (its worker died every time) is dead-lettered with a
 *       {@link io.github.scaleblocks.queueing.LeaseExpiredException} instead of running again.
 *   <li><b>Back-pressure</b> (in-memory): a bounded capacity with an {@link
 *       io.github.scaleblocks.queueing.OverflowPolicy}: block up to a timeout, reject, drop the
 *       oldest, or run in the caller.
 *   <li><b>Shutdown.</b> {@link io.github.scaleblocks.queueing.WorkQueue#shutdown} stops taking
 *       jobs, hands back claimed jobs that had not started, waits for running ones up to a
 *       deadline, then interrupts the rest; durable jobs left unfinished are delivered again after
 *       their leases expire. In-memory jobs still queued are lost with the process.
 *   <li><b>Metrics</b> through {@link io.github.scaleblocks.queueing.QueueEvent}s on the builder's
 *       listeners: enqueues, starts (queue wait), successes (run time), failures and retries, dead
 *       letters, drops and rejections, and periodic samples of depth and jobs in flight. Without a
 *       listener no event is built.
 *   <li><b>Time</b> is injected: a {@link io.github.scaleblocks.core.time.Ticker} for delays,
 *       backoff, timeouts and heartbeats, a {@link java.time.Clock} for run-at times and
 *       dead-letter stamps (durable backends take their own clock for lease and due times, since
 *       those are shared between processes).
 * </ul>
 *
 * <p>A user's backend plugs in through {@link io.github.scaleblocks.queueing.spi.QueueBackend}, the
 * interface both built-in backends implement.
 */
@NullMarked
package io.github.scaleblocks.queueing;

import org.jspecify.annotations.NullMarked;
