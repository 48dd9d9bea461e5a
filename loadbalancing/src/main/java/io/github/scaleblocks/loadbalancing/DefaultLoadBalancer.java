package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.event.EventPublisher;
import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.loadbalancing.LoadBalancerEvent.EjectionReason;
import io.github.scaleblocks.loadbalancing.spi.LoadInput;
import io.github.scaleblocks.loadbalancing.spi.Picker;
import io.github.scaleblocks.loadbalancing.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The one balancer implementation; the strategy is its {@link
 * io.github.scaleblocks.loadbalancing.spi.BalancingPolicy}.
 *
 * <p>Design: readers (pick) see one volatile {@link CandidateSet} and never lock. Everything that
 * changes the set (membership, weights, ejections, health, slow-start steps, interval roll-over)
 * runs under {@link #lock} and ends by publishing a new set. Reports update per-node atomics and,
 * when a deadline passed ({@link #nextMaintenanceAt}), try the lock to do the due work; a report
 * that finds the lock taken leaves the work to the holder or to the next report, so reports never
 * wait either.
 */
final class DefaultLoadBalancer<T> implements LoadBalancer<T> {
  private final Config config;

  /** The policy reads calls in flight: keep them exactly (else count picks and derive them). */
  private final boolean exactInFlight;

  /** The policy reads latency costs: keep the peak EWMA. */
  private final boolean usesLatency;

  /** 1 / the peak-EWMA decay time in nanoseconds. */
  private final double perDecayNano;

  private final EventPublisher<LoadBalancerEvent> events;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile CandidateSet<T> current;
  private volatile long nextMaintenanceAt;

  // Guarded by lock.
  private long intervalStart;
  private boolean panic;

  private final LongAdder noNodeAvailable = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder retriesRejected = new LongAdder();
  private final AtomicLong ejections = new AtomicLong();

  /** Every call's statistics since the balancer began, at the start of this interval (lock). */
  private long intervalStartCalls;

  private long intervalStartSuccesses;
  private volatile long lastWindowCalls;
  private volatile long lastWindowSuccesses;
  private volatile double lastWindowThroughput;

  /**
   * The latest tick the balancer read: on every report when traffic is light, on some reports under
   * load. Written with release semantics (a plain store), read by latency costs.
   */
  private final AtomicLong lastTick = new AtomicLong();

  /** Reports read the clock one time in 256 per node (see {@link #CLOCK_SAMPLE_MASK}). */
  private volatile boolean samplingClock;

  /**
   * Removed nodes whose statistics are not yet (or not finally) in {@link #retiredTotals} (lock).
   */
  private final List<NodeState<T>> retired = new ArrayList<>();

  /** What removed nodes added to the totals (lock). */
  private final Totals retiredTotals = new Totals();

  /** All calls' latencies as of {@link #hedgeLatencyTick}, for percentile hedging. */
  private volatile @Nullable Histogram hedgeLatency;

  private volatile long hedgeLatencyTick;
  private final RetryBudgetState retryBudget;

  DefaultLoadBalancer(Config config, List<Node<T>> nodes) {
    this.config = config;
    LoadInput input = Checks.notNull(config.policy().loadInput(), "loadInput of " + config.name());
    this.exactInFlight = input != LoadInput.NONE;
    this.usesLatency = input == LoadInput.IN_FLIGHT_AND_LATENCY;
    this.perDecayNano = 1 / config.latencyDecayNanos();
    this.events = config.events();
    this.retryBudget = new RetryBudgetState(config.retryBudget(), config.ticker());
    List<NodeState<T>> members = new ArrayList<>(nodes.size());
    for (Node<T> node : nodes) {
      members.add(new NodeState<>(this, node, exactInFlight));
    }
    lock.lock();
    try {
      long now = config.ticker().read();
      intervalStart = now;
      lastTick.set(now);
      publish(members, now);
    } finally {
      lock.unlock();
    }
  }

  Config config() {
    return config;
  }

  // ---------------------------------------------------------------- hot path

  @Override
  public Pick<T> pick() {
    return pickFrom(null);
  }

  @Override
  public Pick<T> pick(CharSequence key) {
    Checks.notNull(key, "key");
    return pickFrom(key);
  }

  private NodeState<T> pickFrom(@Nullable CharSequence key) {
    CandidateSet<T> set = current;
    if (set.size() == 0) {
      set = afterMaintenance();
    }
    // Counting mode keeps picks in single-writer stripes; the stripe also serves striped pickers.
    int stripe = stripe();
    StripedPicker striped = set.stripedPicker();
    int index = striped != null ? striped.pick(key, stripe) : set.picker().pick(key);
    int size = set.size();
    if (index < 0 || index >= size) {
      throw new IllegalStateException(
          "policy " + config.name() + " picked index " + index + " of " + size + " candidates");
    }
    NodeState<T> node = set.candidate(index);
    node.picked(stripe);
    return node;
  }

  /** The calling thread's stripe for pick counting, or none when calls in flight are exact. */
  private int stripe() {
    return exactInFlight ? ThreadStripes.NONE : ThreadStripes.current();
  }

  /** No candidate: do due maintenance (an ejection may have ended), then fail if still none. */
  private CandidateSet<T> afterMaintenance() {
    long now = config.ticker().read();
    if (lock.tryLock()) {
      try {
        maintain(now);
      } finally {
        lock.unlock();
      }
    }
    CandidateSet<T> set = current;
    if (set.size() == 0) {
      noNodeAvailable.increment();
      String message = noNodeMessage(set);
      if (events.hasListeners()) {
        events.publish(new LoadBalancerEvent.NoNodeAvailable(message));
      }
      throw new NoAvailableNodeException(message);
    }
    return set;
  }

  private String noNodeMessage(CandidateSet<T> set) {
    int ejected = 0;
    int unhealthy = 0;
    for (NodeState<T> node : set.members) {
      if (node.ejected) {
        ejected++;
      } else if (!node.healthy) {
        unhealthy++;
      }
    }
    return "no node available: all "
        + set.members.size()
        + " nodes are out of rotation ("
        + ejected
        + " ejected by outlier detection, "
        + unhealthy
        + " failing health checks) and panic mode is off (panic threshold 0 %)";
  }

  /**
   * Under load, a node's reports read the clock one time in 256 and use the balancer's latest
   * reading otherwise: a statistics deadline or a peak-EWMA stamp that is a few hundred
   * microseconds old changes nothing (the EWMA decays over seconds), and the clock costs more than
   * the rest of a report (System.nanoTime is 25 to 70 ns on a VM's kvm-clock, a round-robin pick
   * and report about 13; one reading in 64 still cost it about 0.5 ns). The balancer starts
   * sampling when readings come less than {@link #SAMPLING_GAP_NANOS} / 256 apart and stops when
   * two are more than {@link #SAMPLING_GAP_NANOS} apart, so a sampled reading is at most about that
   * old; under slower traffic, while an ejection or slow-start deadline is pending, and for a
   * report that ejects its node, every report reads the clock.
   */
  private static final int CLOCK_SAMPLE_MASK = 255;

  private static final long SAMPLING_GAP_NANOS = 1_000_000L;

  @Override
  public void report(Pick<T> pick, long latencyNanos, Outcome outcome) {
    NodeState<T> node = own(pick);
    Checks.notNull(outcome, "outcome");
    if (latencyNanos < 0) {
      throw negativeLatency(latencyNanos);
    }
    if (outcome != Outcome.SUCCESS) {
      reportUnsuccessful(node, latencyNanos, outcome);
      return;
    }
    // A success: this method's hot path, kept below C2's inlining limit for hot methods (325
    // bytes of bytecode) so that it is compiled into its caller; everything rare is behind a call.
    // Record first, end the call in flight last: a removed node's statistics are folded into the
    // totals once nothing is in flight on it, so every matched report is recorded by then.
    node.recordLatency(latencyNanos);
    node.resetConsecutiveFailures();
    boolean fresh = readsClock(node, false);
    // Only a fresh reading is used after the call ends (for maintenance); a sampled one only by
    // peak EWMA.
    long now = fresh ? readClock() : 0;
    boolean matched = endCall(node, latencyNanos, usesLatency, fresh, now);
    if (!matched
        || node.folded != null
        || events.hasListeners()
        || (fresh && now - nextMaintenanceAt >= 0)) {
      afterReport(node, latencyNanos, outcome, matched, fresh, now, false);
    }
  }

  private static IllegalArgumentException negativeLatency(long latencyNanos) {
    return new IllegalArgumentException(
        "latencyNanos must not be negative but was " + latencyNanos);
  }

  /** {@link #report} of a failure or a cancellation. */
  private void reportUnsuccessful(NodeState<T> node, long latencyNanos, Outcome outcome) {
    boolean eject = false;
    if (outcome == Outcome.FAILURE) {
      node.failures.increment();
      node.recordLatency(latencyNanos);
      OutlierDetection outliers = config.outlierDetection();
      eject =
          outliers != null
              && outliers.consecutiveFailures() > 0
              && node.failedAgain() >= outliers.consecutiveFailures()
              && !node.ejected;
    } else {
      node.cancelled.increment();
    }
    boolean fresh = readsClock(node, eject);
    long now = fresh ? readClock() : 0;
    boolean matched =
        endCall(node, latencyNanos, usesLatency && outcome != Outcome.CANCELLED, fresh, now);
    afterReport(node, latencyNanos, outcome, matched, fresh, now, eject);
  }

  /**
   * Ends a reported call; with {@code observe}, the latency goes into the peak EWMA in the same
   * compare-and-set, stamped {@code now} when the report read the clock ({@code fresh}) and with
   * the balancer's latest reading otherwise. Returns whether a call was in flight.
   */
  private boolean endCall(
      NodeState<T> node, long latencyNanos, boolean observe, boolean fresh, long now) {
    if (!observe) {
      return node.end();
    }
    return node.observeLatencyAndEnd(
        latencyNanos, fresh ? now : lastTick.getAcquire(), perDecayNano);
  }

  /**
   * Whether a report reads the clock rather than use the balancer's latest reading (see {@link
   * #CLOCK_SAMPLE_MASK}).
   */
  private boolean readsClock(NodeState<T> node, boolean eject) {
    return !samplingClock
        || eject
        || current.deadlinePending
        || (++node.reportsSinceClock & CLOCK_SAMPLE_MASK) == 0;
  }

  /**
   * What a report does after its call ended, when there is anything to do: count a report that
   * matched no call in flight, bring a folded removed node's statistics up to date, tell the
   * listeners, eject the node and do due maintenance.
   */
  private void afterReport(
      NodeState<T> node,
      long latencyNanos,
      Outcome outcome,
      boolean matched,
      boolean fresh,
      long now,
      boolean eject) {
    if (!matched) {
      node.unmatchedReports.increment();
    }
    if (node.folded != null) {
      refold(node);
    }
    if (events.hasListeners()) {
      events.publish(new LoadBalancerEvent.CallCompleted(node.node().id(), latencyNanos, outcome));
    }
    if (fresh && (eject || now - nextMaintenanceAt >= 0)) {
      if (lock.tryLock()) {
        try {
          if (eject) {
            ejectForConsecutiveFailures(node, now);
          }
          maintain(now);
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /**
   * A report on a removed node whose statistics were already folded into the totals (a pick
   * reported twice, as nothing was in flight on it any more): brings the fold up to date.
   */
  private void refold(NodeState<T> node) {
    lock.lock();
    try {
      fold(node);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reads the clock, publishes the reading to {@link #lastTick}, and switches between sampling and
   * reading on every report by the gap since the previous reading: sampling while 64 reports come
   * within {@link #SAMPLING_GAP_NANOS}, every report once they do not.
   */
  private long readClock() {
    long now = config.ticker().read();
    long gap = now - lastTick.getAcquire();
    lastTick.setRelease(now);
    boolean sampling = samplingClock;
    if (sampling ? gap > SAMPLING_GAP_NANOS : gap < SAMPLING_GAP_NANOS / (CLOCK_SAMPLE_MASK + 1)) {
      samplingClock = !sampling;
    }
    return now;
  }

  /** Brings the totals up to date with a removed node's statistics. Caller holds the lock. */
  private void fold(NodeState<T> node) {
    Totals now = Totals.of(node);
    retiredTotals.add(now);
    Totals before = node.folded;
    if (before != null) {
      retiredTotals.subtract(before);
    }
    node.folded = now;
  }

  @SuppressWarnings("unchecked") // the owner check proves it is one of our NodeState<T>
  NodeState<T> own(Pick<T> pick) {
    Checks.notNull(pick, "pick");
    if (!(pick instanceof NodeState) || ((NodeState<?>) pick).owner != this) {
      throw new IllegalArgumentException(pick + " was not picked by this balancer");
    }
    return (NodeState<T>) pick;
  }

  // ---------------------------------------------------------------- execute

  @Override
  public <R> R execute(CallOptions options, Call<? super T, ? extends R> call) {
    Checks.notNull(options, "options");
    Checks.notNull(call, "call");
    if (options.isHedged()) {
      return executeHedged(options, call);
    }
    CharSequence key = options.key();
    retryBudget.recordCall();
    List<Throwable> failures = new ArrayList<>();
    List<NodeState<T>> tried = new ArrayList<>(options.maxAttempts());
    for (int attempt = 1; ; attempt++) {
      NodeState<T> node;
      try {
        node = tried.isEmpty() ? pickFrom(key) : pickAvoiding(key, tried);
      } catch (NoAvailableNodeException e) {
        if (failures.isEmpty()) {
          throw e;
        }
        throw failed(failures, attempt - 1, "no node was available for attempt " + attempt, e);
      }
      if (!tried.isEmpty()) {
        node.retries.increment();
        retries.increment();
      }
      long start = config.ticker().read();
      R result;
      try {
        result = call.call(node.payload());
      } catch (InterruptedException e) {
        report(node, elapsedSince(start), Outcome.CANCELLED);
        Thread.currentThread().interrupt();
        failures.add(e);
        throw failed(failures, attempt, "interrupted", null);
      } catch (Exception e) {
        report(node, elapsedSince(start), Outcome.FAILURE);
        failures.add(e);
        String stop = whyNotRetry(options, attempt, e, node);
        if (stop != null) {
          throw failed(failures, attempt, stop, null);
        }
        long delay = config.backoff().delayNanos(attempt, config.random());
        if (events.hasListeners()) {
          events.publish(new LoadBalancerEvent.CallRetried(node.node().id(), attempt, delay, e));
        }
        if (delay > 0) {
          try {
            config.sleeper().sleep(delay);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            failures.add(interrupted);
            throw failed(failures, attempt, "interrupted during backoff", null);
          }
        }
        tried.add(node);
        continue;
      } catch (Error e) {
        report(node, elapsedSince(start), Outcome.CANCELLED);
        throw e;
      }
      report(node, elapsedSince(start), Outcome.SUCCESS);
      return result;
    }
  }

  @Override
  public void recordCall() {
    retryBudget.recordCall();
  }

  @Override
  public long tryRetry(int retry) {
    Checks.positive(retry, "retry");
    if (!retryBudget.tryRetry()) {
      retriesRejected.increment();
      return -1;
    }
    retries.increment();
    return config.backoff().delayNanos(retry, config.random());
  }

  private <R> R executeHedged(CallOptions options, Call<? super T, ? extends R> call) {
    Executor executor = config.hedgeExecutor();
    Scheduler scheduler = config.hedgeScheduler();
    if (executor == null || scheduler == null) {
      throw new IllegalStateException(
          "hedged calls need an executor and a scheduler: build the balancer with hedging(...)");
    }
    long delay = options.hedgeDelayNanos();
    if (!Double.isNaN(options.hedgePercentile())) {
      Histogram latency = hedgeLatency();
      if (latency.getTotalCount() > 0) {
        delay = Math.max(delay, latency.getValueAtPercentile(options.hedgePercentile()));
      }
    }
    retryBudget.recordCall();
    HedgedCall<R> hedged = new HedgedCall<>(options, call, executor, scheduler, delay);
    hedged.launch(); // the first attempt; throws NoAvailableNodeException if there is no node
    try {
      return hedged.result.get();
    } catch (ExecutionException e) {
      Throwable cause = Checks.notNull(e.getCause(), "cause");
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new CallFailedException("hedged call failed", cause, hedged.launched());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallFailedException(
          "interrupted while waiting for a hedged call", e, hedged.launched());
    }
  }

  /**
   * One hedged call: attempts start on the executor, the next one after the hedge delay (on the
   * scheduler) or at once when an attempt fails; the first success completes {@link #result}, and
   * when every started attempt failed and no more may start, the failure does. Late attempts still
   * report their own outcome.
   */
  private final class HedgedCall<R> {
    final CompletableFuture<R> result = new CompletableFuture<>();
    private final CallOptions options;
    private final Call<? super T, ? extends R> call;
    private final Executor executor;
    private final Scheduler scheduler;
    private final long delayNanos;
    private final List<Throwable> failures = new ArrayList<>();
    private final List<NodeState<T>> tried = new ArrayList<>();
    private int launched;
    private int finished;
    private @Nullable String stop;

    HedgedCall(
        CallOptions options,
        Call<? super T, ? extends R> call,
        Executor executor,
        Scheduler scheduler,
        long delayNanos) {
      this.options = options;
      this.call = call;
      this.executor = executor;
      this.scheduler = scheduler;
      this.delayNanos = delayNanos;
    }

    synchronized int launched() {
      return launched;
    }

    void launch() {
      int attempt;
      synchronized (this) {
        if (result.isDone() || stop != null || launched >= options.maxAttempts()) {
          return;
        }
        attempt = ++launched;
      }
      NodeState<T> node;
      try {
        if (attempt > 1 && !retryBudget.tryRetry()) {
          retriesRejected.increment();
          giveUp(attempt, "the retry budget (" + config.retryBudget() + ") is spent", null);
          return;
        }
        node = attempt == 1 ? pickFrom(options.key()) : pickOther();
      } catch (NoAvailableNodeException e) {
        if (attempt == 1) {
          throw e;
        }
        giveUp(attempt, "no node was available for attempt " + attempt, e);
        return;
      }
      if (attempt > 1) {
        node.retries.increment();
        retries.increment();
      }
      synchronized (this) {
        tried.add(node);
      }
      // The hedge timer starts before the attempt is handed over, so it runs from the attempt's
      // start whichever thread gets there first.
      if (attempt < options.maxAttempts()) {
        scheduler.schedule(this::launch, delayNanos);
      }
      try {
        executor.execute(() -> run(node));
      } catch (RuntimeException rejected) {
        report(node, 0, Outcome.CANCELLED);
        giveUp(attempt, "the hedging executor rejected attempt " + attempt, rejected);
      }
    }

    private NodeState<T> pickOther() {
      NodeState<T> node = pickFrom(options.key());
      for (int i = 0; i < 3 && current.size() > 1 && triedBefore(node); i++) {
        node.unpick(stripe());
        node = pickFrom(options.key());
      }
      return node;
    }

    private synchronized boolean triedBefore(NodeState<T> node) {
      return tried.contains(node);
    }

    /** No attempt {@code attempt} after all: stop launching, fail if nothing is outstanding. */
    private void giveUp(int attempt, String why, @Nullable Throwable cause) {
      synchronized (this) {
        launched = attempt - 1;
        stop = why;
        if (cause != null) {
          failures.add(cause);
        }
      }
      failIfDone();
    }

    private void run(NodeState<T> node) {
      long start = config.ticker().read();
      R value;
      try {
        value = call.call(node.payload());
      } catch (Exception e) {
        report(node, elapsedSince(start), Outcome.FAILURE);
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        synchronized (this) {
          failures.add(e);
          finished++;
          if (stop == null && !options.retryable(e)) {
            stop = "not retried: " + e.getClass().getName() + " is not retryable";
          }
        }
        launch();
        failIfDone();
        return;
      } catch (Error e) {
        report(node, elapsedSince(start), Outcome.CANCELLED);
        result.completeExceptionally(e);
        throw e;
      }
      report(node, elapsedSince(start), Outcome.SUCCESS);
      result.complete(value);
    }

    private void failIfDone() {
      CallFailedException failure;
      synchronized (this) {
        boolean more = stop == null && launched < options.maxAttempts();
        if (result.isDone() || finished < launched || more || failures.isEmpty()) {
          return;
        }
        String why = stop != null ? stop : "all " + launched + " attempts failed";
        failure = failed(failures, launched, why, null);
      }
      result.completeExceptionally(failure);
    }
  }

  private @Nullable String whyNotRetry(
      CallOptions options, int attempt, Exception failure, NodeState<T> node) {
    if (!options.isIdempotent()) {
      return "not retried: the call is not idempotent";
    }
    if (attempt >= options.maxAttempts()) {
      return "all " + attempt + " attempts failed";
    }
    if (!options.retryable(failure)) {
      return "not retried: " + failure.getClass().getName() + " is not retryable";
    }
    if (!retryBudget.tryRetry()) {
      retriesRejected.increment();
      if (events.hasListeners()) {
        events.publish(new LoadBalancerEvent.RetryRejected(node.node().id(), attempt));
      }
      return "not retried: the retry budget (" + config.retryBudget() + ") is spent";
    }
    return null;
  }

  private static CallFailedException failed(
      List<Throwable> failures, int attempts, String why, @Nullable Throwable last) {
    Throwable cause = last != null ? last : failures.get(failures.size() - 1);
    CallFailedException failed =
        new CallFailedException(
            "call failed after "
                + attempts
                + (attempts == 1 ? " attempt" : " attempts")
                + ": "
                + why,
            cause,
            attempts);
    for (Throwable failure : failures) {
      if (failure != cause) {
        failed.addSuppressed(failure);
      }
    }
    return failed;
  }

  private long elapsedSince(long start) {
    return Math.max(0, config.ticker().read() - start);
  }

  /**
   * A pick for a retry that avoids the nodes already tried, where another candidate exists: up to
   * three more picks when the strategy returns a tried node, then the first untried candidate from
   * a random start. The strategy alone is not enough: peak EWMA, for one, favours a node that fails
   * fast (a refused connection has a tiny latency) until outlier detection ejects it. Refused picks
   * are handed back without counting anything.
   */
  private NodeState<T> pickAvoiding(@Nullable CharSequence key, List<NodeState<T>> tried) {
    NodeState<T> node = pickFrom(key);
    for (int i = 0; i < 3 && tried.contains(node) && untried(current, tried) != null; i++) {
      node.unpick(stripe());
      node = pickFrom(key);
    }
    if (tried.contains(node)) {
      NodeState<T> other = untried(current, tried);
      if (other != null) {
        node.unpick(stripe());
        other.picked(stripe());
        node = other;
      }
    }
    return node;
  }

  /** A candidate of {@code set} not in {@code tried}, from a random start; null when none. */
  private @Nullable NodeState<T> untried(CandidateSet<T> set, List<NodeState<T>> tried) {
    int size = set.size();
    int start = size == 0 ? 0 : config.random().nextInt(size);
    for (int i = 0; i < size; i++) {
      NodeState<T> candidate = set.candidates.get((start + i) % size);
      if (!tried.contains(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- membership

  @Override
  public List<Node<T>> nodes() {
    List<NodeState<T>> members = current.members;
    List<Node<T>> nodes = new ArrayList<>(members.size());
    for (NodeState<T> member : members) {
      nodes.add(member.node());
    }
    return List.copyOf(nodes);
  }

  @Override
  public void addNode(Node<T> node) {
    Checks.notNull(node, "node");
    lock.lock();
    try {
      List<NodeState<T>> members = new ArrayList<>(current.members);
      for (NodeState<T> member : members) {
        if (member.node().id().equals(node.id())) {
          throw new IllegalArgumentException(
              "node id '" + node.id() + "' is already a member: remove it first or setWeight");
        }
      }
      long now = config.ticker().read();
      NodeState<T> state = new NodeState<>(this, node, exactInFlight);
      if (config.slowStart() != null) {
        state.inSlowStart = true;
        state.slowStartSince = now;
      }
      members.add(state);
      publish(members, now);
    } finally {
      lock.unlock();
    }
    if (events.hasListeners()) {
      events.publish(new LoadBalancerEvent.NodeAdded(node));
    }
  }

  @Override
  public void removeNode(String id) {
    Checks.notNull(id, "id");
    NodeState<T> removed;
    lock.lock();
    try {
      List<NodeState<T>> members = new ArrayList<>(current.members);
      removed = member(members, id);
      if (members.size() == 1) {
        throw new IllegalStateException(
            "cannot remove '" + id + "': it is the last node; add its replacement first");
      }
      members.remove(removed);
      retired.add(removed);
      publish(members, config.ticker().read());
    } finally {
      lock.unlock();
    }
    if (events.hasListeners()) {
      events.publish(new LoadBalancerEvent.NodeRemoved(removed.node(), removed.inFlightNow()));
    }
  }

  @Override
  public void setWeight(String id, int weight) {
    Checks.notNull(id, "id");
    int oldWeight;
    lock.lock();
    try {
      List<NodeState<T>> members = current.members;
      NodeState<T> node = member(members, id);
      oldWeight = node.node().weight();
      node.setNode(node.node().withWeight(weight));
      publish(members, config.ticker().read());
    } finally {
      lock.unlock();
    }
    if (events.hasListeners()) {
      events.publish(new LoadBalancerEvent.WeightChanged(id, oldWeight, weight));
    }
  }

  private static <T> NodeState<T> member(List<NodeState<T>> members, String id) {
    for (NodeState<T> member : members) {
      if (member.node().id().equals(id)) {
        return member;
      }
    }
    throw new IllegalArgumentException(
        "no node with id '" + id + "': it was never added or was removed already");
  }

  /** Marks a member healthy or unhealthy (active health checks); false if it is not a member. */
  boolean setHealthy(NodeState<T> node, boolean healthy) {
    lock.lock();
    try {
      if (!current.members.contains(node) || node.healthy == healthy) {
        return false;
      }
      long now = config.ticker().read();
      node.healthy = healthy;
      if (healthy && config.slowStart() != null) {
        node.inSlowStart = true;
        node.slowStartSince = now;
      }
      publish(current.members, now);
    } finally {
      lock.unlock();
    }
    if (events.hasListeners()) {
      events.publish(new LoadBalancerEvent.HealthChanged(node.node().id(), healthy));
    }
    return true;
  }

  List<NodeState<T>> members() {
    return current.members;
  }

  // ---------------------------------------------------------------- maintenance (under lock)

  /** Does whatever is due at {@code now}, then republishes the set. Caller holds the lock. */
  private void maintain(long now) {
    long interval = config.statsIntervalNanos();
    List<NodeState<T>> members = current.members;
    foldRetired();
    if (now - intervalStart >= interval) {
      rollInterval(members, now);
    }
    OutlierDetection outliers = config.outlierDetection();
    if (outliers != null) {
      for (NodeState<T> node : members) {
        if (node.ejected && now - node.ejectedUntil >= 0) {
          node.ejected = false;
          node.resetConsecutiveFailures();
          // Its estimate decayed while it had no traffic and says nothing about it now: probe it
          // like a new node instead of flooding it (a still-slow node would fail a burst).
          node.forgetLatency(now);
          if (events.hasListeners()) {
            events.publish(new LoadBalancerEvent.NodeReturned(node.node().id()));
          }
        }
      }
    }
    publish(members, now);
  }

  private void rollInterval(List<NodeState<T>> members, long now) {
    long elapsed = now - intervalStart;
    double seconds = elapsed / 1e9;
    // One scan of each node's counters serves its window and the balancer's totals.
    Totals totals = new Totals();
    totals.add(retiredTotals);
    for (NodeState<T> node : retired) {
      totals.add(node);
    }
    for (NodeState<T> node : members) {
      node.settle();
      long callsBefore = totals.latency.getTotalCount();
      long failuresBefore = totals.failures;
      totals.add(node);
      long calls = totals.latency.getTotalCount() - callsBefore;
      long ok = Math.max(0, calls - (totals.failures - failuresBefore));
      long windowCalls = calls - node.intervalStartCalls;
      node.lastWindowCalls = windowCalls;
      node.lastWindowSuccesses = ok - node.intervalStartSuccesses;
      node.lastWindowThroughput = windowCalls / seconds;
      node.intervalStartCalls = calls;
      node.intervalStartSuccesses = ok;
      if (!node.ejected && node.ejectionMultiplier > 0) {
        node.ejectionMultiplier--;
      }
    }
    long calls = totals.latency.getTotalCount();
    long ok = Math.max(0, calls - totals.failures);
    lastWindowCalls = calls - intervalStartCalls;
    lastWindowSuccesses = ok - intervalStartSuccesses;
    lastWindowThroughput = lastWindowCalls / seconds;
    intervalStartCalls = calls;
    intervalStartSuccesses = ok;
    hedgeLatency = totals.latency;
    hedgeLatencyTick = now;
    intervalStart = now;
    OutlierDetection outliers = config.outlierDetection();
    if (outliers != null && outliers.successRate()) {
      ejectBySuccessRate(outliers, members, now);
    }
  }

  /** Folds removed nodes with no call in flight into the totals for good. Caller holds the lock. */
  private void foldRetired() {
    for (int i = retired.size() - 1; i >= 0; i--) {
      NodeState<T> node = retired.get(i);
      node.settle();
      if (node.inFlightNow() == 0) {
        fold(node);
        retired.remove(i);
      }
    }
  }

  /**
   * Every call's statistics: {@code members}, removed nodes with calls in flight, and what removed
   * nodes left behind. Caller holds the lock.
   */
  private Totals totals(List<NodeState<T>> members) {
    Totals totals = new Totals();
    totals.add(retiredTotals);
    for (NodeState<T> node : members) {
      totals.add(node);
    }
    for (NodeState<T> node : retired) {
      totals.add(node);
    }
    return totals;
  }

  /**
   * All calls' latencies for percentile hedging: the copy taken at the last statistics interval, or
   * a fresh one when that is more than a second old (a scan of every node's counters).
   */
  private Histogram hedgeLatency() {
    Histogram latency = hedgeLatency;
    long now = config.ticker().read();
    if (latency == null || now - hedgeLatencyTick > 1_000_000_000L) {
      lock.lock();
      try {
        latency = totals(current.members).latency;
        hedgeLatency = latency;
        hedgeLatencyTick = now;
      } finally {
        lock.unlock();
      }
    }
    return latency;
  }

  private void ejectBySuccessRate(OutlierDetection outliers, List<NodeState<T>> members, long now) {
    List<NodeState<T>> eligible = new ArrayList<>();
    double sum = 0;
    for (NodeState<T> node : members) {
      if (!node.ejected && node.lastWindowCalls >= outliers.successRateMinimumCalls()) {
        eligible.add(node);
        sum += rate(node);
      }
    }
    if (eligible.isEmpty() || eligible.size() < outliers.successRateMinimumNodes()) {
      return;
    }
    double mean = sum / eligible.size();
    double squares = 0;
    for (NodeState<T> node : eligible) {
      double d = rate(node) - mean;
      squares += d * d;
    }
    double threshold =
        mean - outliers.successRateStdevFactor() * Math.sqrt(squares / eligible.size());
    for (NodeState<T> node : eligible) {
      if (rate(node) < threshold) {
        eject(node, EjectionReason.SUCCESS_RATE, members, now);
      }
    }
  }

  private static double rate(NodeState<?> node) {
    return node.lastWindowSuccesses / (double) node.lastWindowCalls;
  }

  private void ejectForConsecutiveFailures(NodeState<T> node, long now) {
    List<NodeState<T>> members = current.members;
    if (node.ejected || !members.contains(node)) {
      return;
    }
    OutlierDetection outliers = config.outlierDetection();
    if (outliers != null
        && node.consecutiveFailures() >= outliers.consecutiveFailures()
        && eject(node, EjectionReason.CONSECUTIVE_FAILURES, members, now)) {
      publish(members, now);
    }
  }

  /** Ejects {@code node} unless the ejected share would exceed the maximum; true if ejected. */
  private boolean eject(
      NodeState<T> node, EjectionReason reason, List<NodeState<T>> members, long now) {
    OutlierDetection outliers = Checks.notNull(config.outlierDetection(), "outlierDetection");
    int ejectedNow = 0;
    for (NodeState<T> member : members) {
      if (member.ejected) {
        ejectedNow++;
      }
    }
    int allowed = Math.max(1, members.size() * outliers.maxEjectedPercent() / 100);
    if (ejectedNow + 1 > allowed) {
      return false;
    }
    node.ejectionMultiplier++;
    long base = outliers.baseEjectionTime().toNanos();
    long max = outliers.maxEjectionTime().toNanos();
    long duration = node.ejectionMultiplier > max / base ? max : base * node.ejectionMultiplier;
    node.ejected = true;
    node.ejectedUntil = now + duration;
    node.ejections.incrementAndGet();
    ejections.incrementAndGet();
    if (events.hasListeners()) {
      events.publish(
          new LoadBalancerEvent.NodeEjected(
              node.node().id(), reason, Duration.ofNanos(duration), node.ejectionMultiplier));
    }
    return true;
  }

  /**
   * Builds and publishes the candidate set for {@code members} at {@code now}, and the next
   * maintenance deadline. Caller holds the lock.
   */
  private void publish(List<NodeState<T>> members, long now) {
    List<NodeState<T>> available = new ArrayList<>(members.size());
    for (NodeState<T> node : members) {
      if (!node.ejected && node.healthy) {
        available.add(node);
      }
    }
    int total = members.size();
    boolean nowPanic =
        config.panicThresholdPercent() > 0
            && available.size() * 100.0 < config.panicThresholdPercent() * total;
    List<NodeState<T>> candidates = List.copyOf(nowPanic ? members : available);
    long statsDeadline = intervalStart + config.statsIntervalNanos();
    long deadline = statsDeadline;
    // Whether an ejection or a slow-start step is due; tested apart from the deadline's value,
    // which can coincide with the statistics interval's end.
    boolean otherDeadline = false;
    double[] weights = new double[candidates.size()];
    SlowStart slowStart = config.slowStart();
    for (int i = 0; i < weights.length; i++) {
      NodeState<T> node = candidates.get(i);
      double factor = 1.0;
      if (slowStart != null && node.inSlowStart) {
        long elapsed = now - node.slowStartSince;
        factor = slowStart.factor(elapsed);
        if (factor >= 1.0 && elapsed >= slowStart.window().toNanos()) {
          node.inSlowStart = false;
        } else {
          deadline = earliest(deadline, now + Math.max(1, slowStart.window().toNanos() / 20));
          otherDeadline = true;
        }
      }
      weights[i] = node.node().weight() * factor;
    }
    for (NodeState<T> node : members) {
      if (node.ejected) {
        deadline = earliest(deadline, node.ejectedUntil);
        otherDeadline = true;
      }
    }
    CandidateSet<T> set =
        new CandidateSet<>(
            List.copyOf(members),
            candidates,
            weights,
            available.size(),
            nowPanic,
            usesLatency,
            otherDeadline,
            lastTick,
            perDecayNano,
            config.random());
    if (!candidates.isEmpty()) {
      Picker picker = config.policy().picker(set);
      set.setPicker(Checks.notNull(picker, "picker returned by policy " + config.name()));
    }
    boolean panicChanged = nowPanic != panic;
    panic = nowPanic;
    nextMaintenanceAt = deadline;
    current = set;
    if (panicChanged && events.hasListeners()) {
      events.publish(new LoadBalancerEvent.PanicChanged(nowPanic, available.size(), total));
    }
  }

  private static long earliest(long a, long b) {
    return a - b <= 0 ? a : b;
  }

  // ---------------------------------------------------------------- metrics

  @Override
  public LoadBalancerMetrics metrics() {
    lock.lock();
    try {
      // Due work first (reports read the clock only now and then), so windows are current.
      long now = config.ticker().read();
      if (now - nextMaintenanceAt >= 0) {
        maintain(now);
      } else {
        foldRetired();
      }
      CandidateSet<T> set = current;
      List<NodeMetrics> nodes = new ArrayList<>(set.members.size());
      Totals totals = new Totals();
      totals.add(retiredTotals);
      long inFlight = 0;
      for (NodeState<T> node : retired) {
        totals.add(node);
        inFlight += node.inFlightNow();
      }
      for (NodeState<T> node : set.members) {
        node.settle();
        Totals own = Totals.of(node);
        totals.add(own);
        long failed = own.failures;
        long ok = Math.max(0, own.latency.getTotalCount() - failed);
        int index = set.candidates.indexOf(node);
        int nodeInFlight = node.inFlightNow();
        inFlight += nodeInFlight;
        nodes.add(
            new NodeMetrics(
                node.node().id(),
                node.node().weight(),
                index < 0 ? 0 : set.weight(index),
                node.healthy,
                node.ejected,
                nodeInFlight,
                ok,
                failed,
                own.cancelled,
                node.unmatchedReports.sum(),
                node.ejections.get(),
                node.retries.sum(),
                ratio(ok, ok + failed),
                node.lastWindowCalls,
                ratio(node.lastWindowSuccesses, node.lastWindowCalls),
                node.lastWindowThroughput,
                node.latencyCost(now, perDecayNano),
                summary(own.latency)));
      }
      long calls = totals.latency.getTotalCount();
      return new LoadBalancerMetrics(
          inFlight,
          Math.max(0, calls - totals.failures),
          totals.failures,
          totals.cancelled,
          retries.sum(),
          retriesRejected.sum(),
          noNodeAvailable.sum(),
          ejections.get(),
          set.panic,
          lastWindowCalls,
          ratio(lastWindowSuccesses, lastWindowCalls),
          lastWindowThroughput,
          summary(totals.latency),
          nodes);
    } finally {
      lock.unlock();
    }
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? Double.NaN : part / (double) whole;
  }

  private static LatencySummary summary(Histogram copy) {
    if (copy.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(
        copy.getTotalCount(),
        copy.getMean(),
        copy.getValueAtPercentile(50),
        copy.getValueAtPercentile(90),
        copy.getValueAtPercentile(99),
        copy.getValueAtPercentile(99.9),
        copy.getMaxValue());
  }

  @Override
  public String toString() {
    CandidateSet<T> set = current;
    return "LoadBalancer["
        + config.name()
        + ", "
        + set.members.size()
        + " nodes, "
        + set.size()
        + " candidates"
        + (set.panic ? ", panic" : "")
        + "]";
  }
}
