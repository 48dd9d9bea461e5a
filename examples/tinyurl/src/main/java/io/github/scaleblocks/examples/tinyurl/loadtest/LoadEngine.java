package io.github.scaleblocks.examples.tinyurl.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Drives HTTP/1.1 requests over keep-alive connections from non-blocking sockets: each thread runs
 * one selector over its share of the connections, and each connection has at most one request in
 * flight (no pipelining).
 *
 * <p><b>Closed loop</b> ({@code rate == 0}): a connection sends its next request as soon as the
 * previous answer is read, so the offered load adapts to the server and latency is the time from
 * send to answer. That measures the maximum throughput, but its latencies suffer from coordinated
 * omission: while the server stalls, no requests are sent, so the stall shows as one slow request
 * instead of the many a real client population would have waited through.
 *
 * <p><b>Open loop</b> ({@code rate > 0}, like wrk2): connection {@code j} of {@code c} is due to
 * send at {@code start + j/rate + k·c/rate}. A request sent late because its connection was still
 * waiting for an earlier answer keeps its intended send time, and latency is measured from that
 * time, so a stall counts against every request that should have been sent during it. The service
 * time (send to answer) is kept apart. The schedule's resolution is about 50 µs (a select or a
 * short park between due times).
 *
 * <p>A request <b>fails</b> when its connection cannot be opened, is closed or reset while the
 * request waits, answers bytes that are not HTTP, or gives no whole answer within the timeout; the
 * connection is then replaced (after 100 ms when the connect itself failed; in an open loop the
 * requests due meanwhile are sent late, measured from when they were due). Answers of every status
 * are counted by status. Only requests intended within the measured window are recorded. After it,
 * a closed loop sends nothing more and awaits the answers in flight; an open loop also sends what
 * was due in the window and is still unsent, so exactly {@code rate × duration} requests are
 * recorded, answered or failed (those still unsent or unanswered one timeout after the window count
 * as timed out).
 */
final class LoadEngine {
  static final int REDIRECT = 0;
  static final int CREATE = 1;

  /** The largest latency recorded, in microseconds (larger ones are recorded as this). */
  static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

  private static final long RECONNECT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final int CREATE_VARIANTS = 1024;

  private final LoadTestOptions options;
  private final InetSocketAddress address;
  private final byte[][] redirects;
  private final byte[][] creates;

  LoadEngine(LoadTestOptions options, List<String> codes) {
    this.options = options;
    this.address = new InetSocketAddress(options.url().getHost(), options.port());
    String host = options.hostHeader();
    this.redirects = new byte[codes.size()][];
    for (int i = 0; i < codes.size(); i++) {
      redirects[i] =
          ("GET /"
                  + codes.get(i)
                  + " HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nUser-Agent: tinyurl-loadtest\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1);
    }
    String key = options.apiKey();
    if (options.mode().creates() && key != null) {
      creates = new byte[CREATE_VARIANTS][];
      for (int i = 0; i < CREATE_VARIANTS; i++) {
        byte[] body =
            ("{\"target\":\"" + options.target() + "r" + i + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] head =
            ("POST /api/urls HTTP/1.1\r\nHost: "
                    + host
                    + "\r\nUser-Agent: tinyurl-loadtest\r\nContent-Type: application/json\r\n"
                    + "X-API-Key: "
                    + key
                    + "\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        creates[i] = request;
      }
    } else {
      creates = new byte[0][];
    }
  }

  /** Runs the warm-up and the measured window, printing progress to {@code progress} if given. */
  LoadReport run(@Nullable PrintStream progress) throws InterruptedException {
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    long measureFrom = start + options.warmup().toNanos();
    long end = measureFrom + options.duration().toNanos();
    List<EventLoop> loops = new ArrayList<>();
    int connections = options.connections();
    int threads = options.threads();
    for (int t = 0; t < threads; t++) {
      int first = t * connections / threads;
      int last = (t + 1) * connections / threads;
      loops.add(new EventLoop(t, first, last, start, measureFrom, end));
    }
    List<Thread> running = new ArrayList<>();
    for (EventLoop loop : loops) {
      Thread thread = new Thread(loop, "loadtest-" + loop.index);
      thread.setDaemon(true);
      thread.start();
      running.add(thread);
    }
    if (progress != null) {
      printProgress(progress, loops, running, start);
    }
    for (Thread thread : running) {
      thread.join();
    }
    // an open loop that fell behind answers its backlog after the window: count that time too
    // (a closed loop's few answers in flight at the end are counted in the window)
    long lastAnswer = end;
    if (options.openLoop()) {
      for (EventLoop loop : loops) {
        lastAnswer = Math.max(lastAnswer, loop.lastAnswer);
      }
    }
    LoadReport report = new LoadReport(options, lastAnswer - measureFrom);
    for (EventLoop loop : loops) {
      if (loop.crash != null) {
        throw new IllegalStateException("a load thread failed: " + loop.crash, loop.crash);
      }
      report.add(loop.latency, loop.service, loop.statuses, loop.failures);
    }
    return report;
  }

  private static void printProgress(
      PrintStream out, List<EventLoop> loops, List<Thread> running, long start)
      throws InterruptedException {
    long lastCompleted = 0;
    long lastFailed = 0;
    long lastBad = 0;
    long next = start + TimeUnit.SECONDS.toNanos(1);
    while (running.stream().anyMatch(Thread::isAlive)) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      long completed = 0;
      long failed = 0;
      long bad = 0;
      for (EventLoop loop : loops) {
        completed += loop.progressCompleted;
        failed += loop.progressFailed;
        bad += loop.progressNotOk;
      }
      long second = TimeUnit.NANOSECONDS.toSeconds(next - start);
      out.printf(
          "%4d s  %8d answers/s  %6d not 2xx/3xx  %6d failed%n",
          second, completed - lastCompleted, bad - lastBad, failed - lastFailed);
      lastCompleted = completed;
      lastFailed = failed;
      lastBad = bad;
      next += TimeUnit.SECONDS.toNanos(1);
    }
  }

  /** Why a request failed. */
  enum Failure {
    CONNECT(0),
    CLOSED(1),
    TIMEOUT(2),
    BAD_RESPONSE(3);

    static final int COUNT = 4;

    /** This failure's slot in the per-kind counters. */
    final int slot;

    Failure(int slot) {
      this.slot = slot;
    }
  }

  private enum State {
    DISCONNECTED,
    CONNECTING,
    IDLE,
    BUSY
  }

  /** One thread's selector and connections; its statistics are read after the thread ends. */
  private final class EventLoop implements Runnable {
    final int index;
    final Histogram[] latency = {histogram(), histogram()};
    final Histogram[] service = {histogram(), histogram()};
    final long[][] statuses = new long[2][600];
    final long[][] failures = new long[2][Failure.COUNT];
    volatile long progressCompleted;
    volatile long progressFailed;
    volatile long progressNotOk;

    /** When the last answer to a measured request arrived. */
    long lastAnswer;

    @Nullable Throwable crash;

    private final int firstConnection;
    private final int lastConnection;
    private final long start;
    private final long measureFrom;
    private final long end;
    private final long timeoutNanos;
    private final long intervalNanos;
    private final SplittableRandom random;
    private final List<Connection> connections = new ArrayList<>();
    private int codeCursor;
    private int createCursor;
    private long completed;
    private long failed;
    private long notOk;
    private @Nullable Selector selector;

    EventLoop(int index, int first, int last, long start, long measureFrom, long end) {
      this.index = index;
      this.firstConnection = first;
      this.lastConnection = last;
      this.start = start;
      this.measureFrom = measureFrom;
      this.end = end;
      this.timeoutNanos = options.timeout().toNanos();
      this.intervalNanos =
          options.openLoop() ? options.connections() * 1_000_000_000L / options.rate() : 0;
      this.random = new SplittableRandom(42L + index);
      this.codeCursor =
          redirects.length == 0 ? 0 : (int) ((long) index * redirects.length / options.threads());
      this.createCursor = index * CREATE_VARIANTS / Math.max(1, options.threads());
    }

    private Histogram histogram() {
      return new Histogram(MAX_MICROS, 3);
    }

    @Override
    public void run() {
      try (Selector opened = Selector.open()) {
        selector = opened;
        for (int j = firstConnection; j < lastConnection; j++) {
          long firstDue = options.openLoop() ? start + j * 1_000_000_000L / options.rate() : start;
          connections.add(new Connection(this, firstDue));
        }
        loop(opened);
      } catch (IOException | RuntimeException | Error e) {
        crash = e;
      } finally {
        for (Connection connection : connections) {
          connection.close();
        }
      }
    }

    private void loop(Selector opened) throws IOException {
      while (true) {
        long now = System.nanoTime();
        if (now < start) {
          LockSupport.parkNanos(start - now);
          continue;
        }
        boolean stopping = now >= end;
        boolean drainOver = now >= end + timeoutNanos;
        long wake = now + TimeUnit.MILLISECONDS.toNanos(100);
        int waiting = 0;
        int backlog = 0;
        for (Connection connection : connections) {
          // after the window, an open loop still sends what was due in it (sent late)
          boolean hasWork = !stopping || (options.openLoop() && connection.nextDue < end);
          if (hasWork && !drainOver) {
            if (connection.state == State.DISCONNECTED) {
              if (now >= connection.reconnectAt) {
                connection.connect(now);
              } else {
                wake = Math.min(wake, connection.reconnectAt);
              }
            }
            if (connection.state == State.IDLE) {
              if (!options.openLoop()) {
                connection.send(now, now);
              } else if (connection.nextDue <= now) {
                connection.sendDue(now);
              } else {
                wake = Math.min(wake, connection.nextDue);
              }
            }
          }
          if (connection.state == State.BUSY || connection.state == State.CONNECTING) {
            if (now - connection.since > timeoutNanos) {
              connection.fail(now, Failure.TIMEOUT);
            } else {
              wake = Math.min(wake, connection.since + timeoutNanos);
              waiting++;
            }
          }
          if (stopping && options.openLoop() && connection.nextDue < end) {
            backlog++;
          }
        }
        if (stopping && waiting == 0 && (backlog == 0 || drainOver)) {
          for (Connection connection : connections) {
            connection.abandonBacklog();
          }
          return;
        }
        if (stopping) {
          wake = Math.min(wake, end + timeoutNanos);
        }
        long waitNanos = wake - now;
        if (waitNanos <= 0) {
          opened.selectNow();
        } else if (waitNanos < 1_000_000) {
          if (opened.selectNow() == 0) {
            LockSupport.parkNanos(Math.min(waitNanos, 50_000));
          }
        } else {
          opened.select(TimeUnit.NANOSECONDS.toMillis(waitNanos));
        }
        Iterator<SelectionKey> keys = opened.selectedKeys().iterator();
        if (keys.hasNext()) {
          long ready = System.nanoTime();
          while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            Connection connection = (Connection) key.attachment();
            if (connection != null && key.isValid()) {
              connection.ready(key, ready);
            }
          }
        }
        progressCompleted = completed;
        progressFailed = failed;
        progressNotOk = notOk;
      }
    }

    byte[] nextRequest(int kind) {
      if (kind == CREATE) {
        createCursor = (createCursor + 1) % creates.length;
        return creates[createCursor];
      }
      codeCursor = (codeCursor + 1) % redirects.length;
      return redirects[codeCursor];
    }

    int nextKind() {
      return switch (options.mode()) {
        case CREATES -> CREATE;
        case MIXED -> random.nextInt(100) < options.createPercent() ? CREATE : REDIRECT;
        default -> REDIRECT;
      };
    }

    boolean measured(long intended) {
      return intended >= measureFrom && intended < end;
    }

    void answered(int kind, int status, long intended, long sent, long now) {
      completed++;
      boolean ok = status >= 200 && status < 400;
      if (!ok) {
        notOk++;
      }
      if (measured(intended)) {
        lastAnswer = now;
        latency[kind].recordValue(Math.min(MAX_MICROS, (now - intended) / 1_000));
        service[kind].recordValue(Math.min(MAX_MICROS, (now - sent) / 1_000));
        statuses[kind][Math.min(599, Math.max(0, status))]++;
      }
    }

    void failed(int kind, Failure why, long intended) {
      failed++;
      if (measured(intended)) {
        failures[kind][why.slot]++;
      }
    }

    Selector selector() {
      Selector opened = selector;
      if (opened == null) {
        throw new IllegalStateException("the selector is not open");
      }
      return opened;
    }
  }

  /** One keep-alive connection with at most one request in flight. */
  private final class Connection {
    private final EventLoop loop;
    private final ResponseParser parser = new ResponseParser();
    private final ByteBuffer out = ByteBuffer.allocateDirect(16 * 1024);
    private byte[] in = new byte[16 * 1024];
    private ByteBuffer inBuffer = ByteBuffer.wrap(in);
    private int inStart;
    private int inEnd;
    private @Nullable SocketChannel channel;
    private @Nullable SelectionKey key;
    State state = State.DISCONNECTED;
    long reconnectAt;
    long nextDue;

    /** When the current request was sent, or the connect started. */
    long since;

    private long intended;
    private int kind;

    Connection(EventLoop loop, long firstDue) {
      this.loop = loop;
      this.nextDue = firstDue;
      this.reconnectAt = firstDue;
    }

    void connect(long now) {
      try {
        SocketChannel opened = SocketChannel.open();
        channel = opened;
        opened.configureBlocking(false);
        opened.setOption(StandardSocketOptions.TCP_NODELAY, true);
        parser.reset();
        inStart = 0;
        inEnd = 0;
        since = now;
        if (opened.connect(address)) {
          key = opened.register(loop.selector(), SelectionKey.OP_READ, this);
          state = State.IDLE;
        } else {
          key = opened.register(loop.selector(), SelectionKey.OP_CONNECT, this);
          state = State.CONNECTING;
        }
      } catch (IOException e) {
        connectFailed(now);
      }
    }

    private void connectFailed(long now) {
      close();
      state = State.DISCONNECTED;
      reconnectAt = now + RECONNECT_BACKOFF_NANOS;
      // the request this connection was to send now has failed; in an open loop, the ones due
      // while it reconnects are sent late (and measured from when they were due)
      if (!options.openLoop()) {
        loop.failed(loop.nextKind(), Failure.CONNECT, now);
      } else if (nextDue <= now) {
        loop.failed(loop.nextKind(), Failure.CONNECT, nextDue);
        nextDue += intervalNanos();
      }
    }

    private long intervalNanos() {
      return loop.intervalNanos;
    }

    /** Sends the request due at {@link #nextDue} (perhaps late) and schedules the next one. */
    void sendDue(long now) {
      long due = nextDue;
      nextDue += intervalNanos();
      send(due, now);
    }

    void send(long intendedAt, long now) {
      SocketChannel open = channel;
      if (open == null) {
        return;
      }
      kind = loop.nextKind();
      byte[] request = loop.nextRequest(kind);
      intended = intendedAt;
      since = now;
      state = State.BUSY;
      out.clear();
      out.put(request);
      out.flip();
      try {
        open.write(out);
        if (out.hasRemaining()) {
          interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
      } catch (IOException e) {
        fail(now, Failure.CLOSED);
      }
    }

    void ready(SelectionKey selected, long now) {
      SocketChannel open = channel;
      if (open == null) {
        return;
      }
      try {
        if (selected.isConnectable()) {
          if (open.finishConnect()) {
            interest(SelectionKey.OP_READ);
            state = State.IDLE;
            sendNextIfDue(now);
          }
          return;
        }
        if (selected.isWritable()) {
          open.write(out);
          if (!out.hasRemaining()) {
            interest(SelectionKey.OP_READ);
          }
        }
        if (selected.isReadable()) {
          read(open, now);
        }
      } catch (IOException e) {
        if (state == State.CONNECTING) {
          connectFailed(now);
        } else {
          fail(now, Failure.CLOSED);
        }
      } catch (ResponseParser.MalformedResponse e) {
        fail(now, Failure.BAD_RESPONSE);
      }
    }

    private void read(SocketChannel open, long now) throws IOException {
      if (inEnd == in.length) {
        makeRoom();
      }
      inBuffer.limit(in.length).position(inEnd);
      int n = open.read(inBuffer);
      if (n < 0) {
        if (state == State.BUSY && parser.readsUntilClose()) {
          parser.endOfStream();
          finished(now);
        } else if (state == State.BUSY) {
          fail(now, Failure.CLOSED);
        } else {
          // the server closed an idle keep-alive connection: replace it, nothing failed
          close();
          state = State.DISCONNECTED;
          reconnectAt = now;
        }
        return;
      }
      inEnd += n;
      if (state != State.BUSY) {
        if (inEnd > inStart) {
          throw new ResponseParser.MalformedResponse("bytes arrived with no request in flight");
        }
        return;
      }
      long fed = parser.feed(in, inStart, inEnd);
      inStart += ResponseParser.consumed(fed);
      if (inStart == inEnd) {
        inStart = 0;
        inEnd = 0;
      }
      if (ResponseParser.isComplete(fed)) {
        if (inEnd != inStart) {
          throw new ResponseParser.MalformedResponse("more bytes than one response");
        }
        finished(now);
      }
    }

    private void makeRoom() {
      if (inStart > 0) {
        System.arraycopy(in, inStart, in, 0, inEnd - inStart);
        inEnd -= inStart;
        inStart = 0;
      } else {
        byte[] bigger = new byte[in.length * 2];
        System.arraycopy(in, 0, bigger, 0, inEnd);
        in = bigger;
        inBuffer = ByteBuffer.wrap(in);
      }
    }

    private void finished(long now) {
      loop.answered(kind, parser.status(), intended, since, now);
      if (parser.closeAfter()) {
        close();
        state = State.DISCONNECTED;
        reconnectAt = now;
        return;
      }
      state = State.IDLE;
      sendNextIfDue(now);
    }

    /** On an idle connection: the next request of a closed loop, or of an open loop if due. */
    private void sendNextIfDue(long now) {
      if (!options.openLoop()) {
        if (now < loop.end) {
          send(now, now);
        }
      } else if (nextDue <= now && nextDue < loop.end) {
        sendDue(now);
      }
    }

    /** Requests due in the window that could not be sent before the drain ended have failed. */
    void abandonBacklog() {
      if (!options.openLoop()) {
        return;
      }
      while (nextDue < loop.end) {
        loop.failed(loop.nextKind(), Failure.TIMEOUT, nextDue);
        nextDue += intervalNanos();
      }
    }

    void fail(long now, Failure why) {
      if (state == State.CONNECTING) {
        connectFailed(now);
        return;
      }
      if (state == State.BUSY) {
        loop.failed(kind, why, intended);
      }
      close();
      state = State.DISCONNECTED;
      reconnectAt = now;
    }

    private void interest(int ops) {
      SelectionKey registered = key;
      if (registered != null && registered.isValid()) {
        registered.interestOps(ops);
      }
    }

    void close() {
      SelectionKey registered = key;
      if (registered != null) {
        registered.cancel();
        key = null;
      }
      SocketChannel open = channel;
      if (open != null) {
        try {
          open.close();
        } catch (IOException | RuntimeException ignored) {
          // closing a broken connection: nothing to do
        }
        channel = null;
      }
      parser.reset();
      inStart = 0;
      inEnd = 0;
    }
  }
}
