package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.Node;
import java.util.List;

/**
 * A client-side load balancer over the user's own clients: {@link #pick()} a node, call its
 * payload, {@link #report} how the call went.
 *
 * <pre>{@code
 * LoadBalancer<HttpClient> balancer = LoadBalancers.peakEwma().build(nodes);
 * Pick<HttpClient> pick = balancer.pick();
 * long start = ticker.read();
 * try {
 *   response = send(pick.payload(), request);
 *   balancer.report(pick, ticker.read() - start, Outcome.SUCCESS);
 * } catch (IOException e) {
 *   balancer.report(pick, ticker.read() - start, Outcome.FAILURE);
 *   throw e;
 * }
 * }</pre>
 *
 * <p><b>Contract.</b> Every pick must be reported exactly once (see {@link Pick} for what a double
 * report does). The balancer counts calls in flight per node from pick to report and feeds
 * latencies and outcomes to the strategy (least request, peak EWMA), to outlier ejection and to
 * {@link #metrics()}. Picks go only to nodes that are in rotation (not ejected, not failing health
 * checks) unless the balancer is in panic mode; when no node may be used, {@link #pick()} throws
 * {@link NoAvailableNodeException} at once.
 *
 * <p><b>Thread-safety and cost.</b> All methods are thread-safe. {@link #pick()} and {@link
 * #report} allocate nothing (unless a listener is registered, which gets an event per report) and
 * never wait for membership changes, health checks or ejections: they read one volatile candidate
 * set, and a report that finds maintenance due only tries the lock. The only short critical
 * sections on that path are the smooth weighted round robin picker's and a node's peak-EWMA update.
 * Their cost is the strategy's (see {@link LoadBalancers}) plus a few atomic updates, two
 * HdrHistogram recordings and one ticker read per report. Membership changes take a lock among
 * themselves, build a new immutable candidate set in O(n) and publish it with one volatile write;
 * pickers keep using the previous set until then. Calls in flight on a removed node report into
 * that node's own counters and the totals; nothing else is touched.
 *
 * <p><b>When not to use it.</b> It balances calls, not connections: when the client library already
 * balances (a JDBC pool per host behind a proxy, an HTTP/2 client multiplexing over one
 * connection), balancing calls across pools may fight it. It has no thread of its own: outlier
 * ejections end and statistics intervals roll over on reports and failing picks, so a balancer with
 * no traffic shows stale windows.
 *
 * @param <T> the payload type: the user's client, connection pool or address
 */
public interface LoadBalancer<T> {

  /**
   * A node for one call, chosen by the strategy.
   *
   * @throws NoAvailableNodeException when no node may be used and panic mode is off
   */
  Pick<T> pick();

  /**
   * A node for one call about {@code key}: sticky strategies send the same key to the same node
   * while the candidate set is unchanged; other strategies ignore the key.
   *
   * @throws NoAvailableNodeException when no node may be used and panic mode is off
   */
  Pick<T> pick(CharSequence key);

  /**
   * Ends the call of {@code pick}: one call less in flight on its node, and the outcome and (unless
   * cancelled) the latency recorded.
   *
   * @param latencyNanos the call's duration, measured by the caller (0 or more)
   * @throws IllegalArgumentException when {@code pick} was not made by this balancer or the latency
   *     is negative
   */
  void report(Pick<T> pick, long latencyNanos, Outcome outcome);

  /**
   * Runs {@code call} through pick, call, report, retrying failures of idempotent calls on another
   * node where possible: at most {@code options.maxAttempts()} attempts, each retry allowed by the
   * balancer's {@link RetryBudget} and preceded by its {@link Backoff} (waited through its {@link
   * io.github.scaleblocks.loadbalancing.spi.Sleeper}). With {@link CallOptions#withHedgeAfter}
   * attempts overlap instead: a slow attempt gets a second one on another node and the first
   * success wins. Each attempt is reported exactly once, with its latency on the balancer's ticker.
   * It adds no timeout: give the client its own.
   *
   * @return the first successful attempt's result
   * @throws CallFailedException when the last attempt failed (its exception is the cause) or the
   *     thread was interrupted
   * @throws NoAvailableNodeException when no node was available for the first attempt
   */
  <R> R execute(CallOptions options, Call<? super T, ? extends R> call);

  /**
   * For callers that run their own attempts instead of {@link #execute} (asynchronous clients,
   * simulators, anything that cannot block a thread per call): counts one call towards the
   * balancer's {@link RetryBudget}. Call it once per call, before its first attempt; {@link
   * #execute} does it itself.
   */
  void recordCall();

  /**
   * For callers that run their own attempts: asks the {@link RetryBudget} for retry number {@code
   * retry} (1 for the first retry) of a call counted by {@link #recordCall}. When the budget allows
   * it, the retry is counted in {@link LoadBalancerMetrics#retries()} and the result is the {@link
   * Backoff} wait in nanoseconds (0 or more) to let pass before the retry's pick; when the budget
   * is spent, the result is -1 and the refusal is counted in {@link
   * LoadBalancerMetrics#retriesRejected()}. The caller still picks, preferably another node than
   * the one that failed, and reports the retry like any other attempt.
   *
   * @throws IllegalArgumentException when {@code retry} is below 1
   */
  long tryRetry(int retry);

  /** The current nodes, in membership order (the order given, then the order added). */
  List<Node<T>> nodes();

  /**
   * Adds {@code node} (in slow start, if configured).
   *
   * @throws IllegalArgumentException when a node with its id is already a member
   */
  void addNode(Node<T> node);

  /**
   * Removes the node with {@code id}; calls in flight on it may still be reported.
   *
   * @throws IllegalArgumentException when no node has that id (never added, or already removed)
   * @throws IllegalStateException when it is the last node
   */
  void removeNode(String id);

  /**
   * Changes the weight of the node with {@code id}, keeping its statistics and calls in flight.
   *
   * @throws IllegalArgumentException when no node has that id or the weight is below 1
   */
  void setWeight(String id, int weight);

  /** A consistent-enough snapshot of the statistics (counters are read one after another). */
  LoadBalancerMetrics metrics();
}
