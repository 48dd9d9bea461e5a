package io.github.scaleblocks.examples.tinyurl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's HTTP/1.1 client: blocking requests over pooled keep-alive sockets to the clones,
 * run on the calling (Undertow worker) thread, without the thread hand-offs of the JDK {@code
 * HttpClient} that made it the gateway's bottleneck.
 *
 * <p><b>Pool.</b> Per clone, a bounded deque of idle connections (at most {@code maxIdlePerClone};
 * a connection beyond that is closed when its response ends), most recently used first. A request
 * takes an idle connection or opens a new one ({@code TCP_NODELAY}, connect timeout); a connection
 * goes back only after its whole response was read and the clone did not ask to close it. A
 * connection that failed, whose response was not fully read, or whose response had bytes after it
 * is closed, never pooled. When a clone's address changes (it restarted on a new port) or it is not
 * serving, its idle connections are closed; after a transport failure too (a clone that reset one
 * connection usually has reset them all).
 *
 * <p><b>Stale connections, and what "not sent" means.</b> A clone may close an idle keep-alive
 * connection (it shut down, was killed, or restarted). Before a pooled connection is reused, it is
 * checked without blocking: if the clone already closed it (end of stream or reset) or sent bytes
 * nobody asked for, it is closed and the next idle one, or a new connection, is used. Nothing was
 * written on the dead one, so this is safe for any method. A new connection that cannot be opened
 * (refused, connect timeout) fails with a {@link ConnectException}: that request provably did not
 * reach a clone either. Once any byte of a request was written, a failure is not "provably not
 * sent": a clone that closes the connection before answering may have run the request (it may have
 * died after running it), so the gateway does not send a create or delete again; the narrow race
 * where the clone closes an idle connection between the check and the write is treated the same (a
 * {@code GET}/{@code HEAD} is retried by the balancer anyway).
 *
 * <p><b>Responses</b> are parsed strictly: an {@code HTTP/1.x} status line with a three-digit code,
 * {@code name: value} header lines (no folding), a body framed by {@code Transfer-Encoding:
 * chunked}, {@code Content-Length} (one value), or the end of the connection; none after {@code
 * HEAD}, 1xx, 204 and 304; 1xx interim answers are skipped. Anything else is a {@link
 * MalformedResponseException} (an {@link IOException}: a transport failure of that clone). Each
 * read waits at most until the attempt's deadline. A write blocks until the kernel takes the bytes
 * (a request is at most {@link HttpApi#MAX_BODY_BYTES} plus its head, which loopback buffers take).
 *
 * <p>Thread-safe: connections are used by one thread at a time.
 */
final class CloneConnections implements AutoCloseable {
  /** The most header bytes of a response accepted. */
  static final int MAX_HEADER_BYTES = 64 * 1024;

  /** The largest response body accepted (the clones' are a few KiB). */
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final int maxIdlePerClone;
  private final int connectTimeoutMillis;
  private final ConcurrentHashMap<String, Pool> pools = new ConcurrentHashMap<>();
  private volatile boolean closed;

  CloneConnections(int maxIdlePerClone, Duration connectTimeout) {
    if (maxIdlePerClone < 0) {
      throw new IllegalArgumentException("maxIdlePerClone must be >= 0 but was " + maxIdlePerClone);
    }
    this.maxIdlePerClone = maxIdlePerClone;
    this.connectTimeoutMillis =
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
  }

  /** A clone's answer: status, header lines in order (name as sent), and the whole body. */
  record Response(int status, List<String[]> headers, byte[] body) {}

  /** A response that is not valid HTTP/1.1. */
  static final class MalformedResponseException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedResponseException(String message) {
      super(message);
    }
  }

  /**
   * Sends one request to the clone at {@code base} and reads its whole response.
   *
   * @param cloneId the pool to use
   * @param request the request head and body, ready to write in one go
   * @param headRequest whether the method is {@code HEAD} (the response has no body)
   * @param deadlineNanos the {@link System#nanoTime()} by which the response must have arrived
   * @throws ConnectException when no connection could be opened (nothing was sent)
   * @throws IOException on any other transport failure or a malformed response
   */
  Response send(String cloneId, URI base, byte[] request, boolean headRequest, long deadlineNanos)
      throws IOException {
    Pool pool = pools.computeIfAbsent(cloneId, id -> new Pool());
    pool.use(base);
    Connection connection = pool.takeLive(base);
    if (connection == null) {
      connection = open(base);
    }
    boolean reusable = false;
    try {
      connection.out.write(request);
      connection.out.flush();
      Response response = connection.read(headRequest, deadlineNanos);
      reusable = connection.reusable;
      return response;
    } catch (IOException | RuntimeException e) {
      pool.drain();
      throw e;
    } finally {
      if (reusable && !closed) {
        pool.giveBack(connection, maxIdlePerClone);
      } else {
        connection.close();
      }
    }
  }

  /** Closes the idle connections of a clone (it died, or is restarting). */
  void drain(String cloneId) {
    Pool pool = pools.get(cloneId);
    if (pool != null) {
      pool.drain();
    }
  }

  /** How many idle connections the clone's pool holds (for tests and the health view). */
  int idle(String cloneId) {
    Pool pool = pools.get(cloneId);
    return pool == null ? 0 : pool.size.get();
  }

  @Override
  public void close() {
    closed = true;
    pools.values().forEach(Pool::drain);
  }

  private Connection open(URI base) throws ConnectException {
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open();
      channel.socket().setTcpNoDelay(true);
      channel
          .socket()
          .connect(new InetSocketAddress(base.getHost(), base.getPort()), connectTimeoutMillis);
      return new Connection(base, channel);
    } catch (IOException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // already failing
        }
      }
      if (e instanceof ConnectException connect) {
        throw connect;
      }
      ConnectException failure =
          new ConnectException("cannot connect to " + base + ": " + e.getMessage());
      failure.initCause(e);
      throw failure;
    }
  }

  /** The idle connections of one clone. */
  private static final class Pool {
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    private volatile @Nullable URI base;

    /** Drops the idle connections if the clone now serves at another address. */
    void use(URI now) {
      URI was = base;
      if (!now.equals(was)) {
        synchronized (this) {
          if (!now.equals(base)) {
            base = now;
            drain();
          }
        }
      }
    }

    /** An idle connection to {@code now} that the clone has not closed, or null. */
    @Nullable Connection takeLive(URI now) {
      Connection connection;
      while ((connection = idle.pollFirst()) != null) {
        size.decrementAndGet();
        if (connection.base.equals(now) && connection.stillOpen()) {
          return connection;
        }
        connection.close();
      }
      return null;
    }

    void giveBack(Connection connection, int max) {
      if (!connection.base.equals(base)) {
        connection.close(); // the clone moved to another port meanwhile
        return;
      }
      if (size.incrementAndGet() > max) {
        size.decrementAndGet();
        connection.close();
        return;
      }
      idle.offerFirst(connection);
    }

    void drain() {
      Connection connection;
      while ((connection = idle.pollFirst()) != null) {
        size.decrementAndGet();
        connection.close();
      }
    }
  }

  /** One keep-alive connection and its read buffer. */
  private static final class Connection {
    final URI base;
    private final SocketChannel channel;
    final OutputStream out;
    private final InputStream in;
    private final ByteBuffer probe = ByteBuffer.allocate(1);
    private byte[] buffer = new byte[8192];
    private int start;
    private int end;
    boolean reusable;

    Connection(URI base, SocketChannel channel) throws IOException {
      this.base = base;
      this.channel = channel;
      this.out = channel.socket().getOutputStream();
      this.in = channel.socket().getInputStream();
    }

    /**
     * Whether the clone kept this idle connection open: a non-blocking read finds nothing to read.
     * End of stream, a reset, or unexpected bytes mean it cannot carry a request.
     */
    boolean stillOpen() {
      try {
        channel.configureBlocking(false);
        probe.clear();
        int read = channel.read(probe);
        channel.configureBlocking(true);
        return read == 0;
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }

    void close() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing more to release
      }
    }

    Response read(boolean headRequest, long deadlineNanos) throws IOException {
      reusable = false;
      start = 0;
      end = 0;
      while (true) {
        int blank = fillUntilBlankLine(deadlineNanos);
        String head = new String(buffer, start, blank - start, StandardCharsets.ISO_8859_1);
        start = blank + 4;
        String[] lines = head.split("\r\n", -1);
        String statusLine = lines[0];
        if (statusLine.length() < 12
            || !statusLine.startsWith("HTTP/1.")
            || (statusLine.charAt(7) != '0' && statusLine.charAt(7) != '1')
            || statusLine.charAt(8) != ' '
            || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
          throw new MalformedResponseException(
              "not an HTTP/1.x status line: " + printable(statusLine));
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
          char c = statusLine.charAt(i);
          if (c < '0' || c > '9') {
            throw new MalformedResponseException("bad status code: " + printable(statusLine));
          }
          status = status * 10 + (c - '0');
        }
        if (status < 100) {
          throw new MalformedResponseException("bad status code: " + printable(statusLine));
        }
        boolean keepAlive = statusLine.charAt(7) == '1';
        long length = -1;
        boolean chunked = false;
        boolean otherCoding = false;
        List<String[]> headers = new ArrayList<>(lines.length);
        for (int i = 1; i < lines.length; i++) {
          String line = lines[i];
          int colon = line.indexOf(':');
          if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
            throw new MalformedResponseException("bad header line: " + printable(line));
          }
          String name = line.substring(0, colon);
          for (int c = 0; c < name.length(); c++) {
            char ch = name.charAt(c);
            if (ch <= ' ' || ch >= 0x7f) {
              throw new MalformedResponseException("bad header name: " + printable(name));
            }
          }
          String value = line.substring(colon + 1).strip();
          String lower = name.toLowerCase(Locale.ROOT);
          switch (lower) {
            case "content-length" -> {
              long parsed = parseLength(value);
              if (length >= 0 && parsed != length) {
                throw new MalformedResponseException("two different Content-Length headers");
              }
              length = parsed;
            }
            case "transfer-encoding" -> {
              String last = value.substring(value.lastIndexOf(',') + 1).strip();
              if (last.equalsIgnoreCase("chunked")) {
                chunked = true;
              } else {
                otherCoding = true;
              }
            }
            case "connection" -> {
              String tokens = value.toLowerCase(Locale.ROOT);
              if (tokens.contains("close")) {
                keepAlive = false;
              } else if (tokens.contains("keep-alive")) {
                keepAlive = true;
              }
            }
            default -> {
              // passed on as it is
            }
          }
          headers.add(new String[] {name, value});
        }
        if (status < 200) {
          continue; // an interim answer (100 Continue, 103 Early Hints): the real one follows
        }
        byte[] body;
        if (headRequest || status == 204 || status == 304) {
          body = new byte[0];
        } else if (chunked || otherCoding) {
          if (otherCoding || length >= 0) {
            keepAlive = false; // framing the clone should not send: do not trust the connection
          }
          body = otherCoding ? readUntilClose(deadlineNanos) : readChunked(deadlineNanos);
        } else if (length >= 0) {
          if (length > MAX_BODY_BYTES) {
            throw new MalformedResponseException("response body of " + length + " bytes");
          }
          body = readExactly((int) length, deadlineNanos);
        } else {
          keepAlive = false;
          body = readUntilClose(deadlineNanos);
        }
        // bytes after the response were not asked for: the connection is out of step
        reusable = keepAlive && start == end;
        return new Response(status, headers, body);
      }
    }

    private static long parseLength(String value) throws MalformedResponseException {
      if (value.isEmpty() || value.length() > 18) {
        throw new MalformedResponseException("bad Content-Length: " + printable(value));
      }
      long parsed = 0;
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < '0' || c > '9') {
          throw new MalformedResponseException("bad Content-Length: " + printable(value));
        }
        parsed = parsed * 10 + (c - '0');
      }
      return parsed;
    }

    /** Reads until {@code buffer[start, end)} holds a CRLFCRLF; returns the index of its CR. */
    private int fillUntilBlankLine(long deadlineNanos) throws IOException {
      int scanned = 0; // bytes after start already searched (offsets survive a compaction)
      while (true) {
        for (int i = start + Math.max(0, scanned - 3); i + 3 < end; i++) {
          if (buffer[i] == '\r'
              && buffer[i + 1] == '\n'
              && buffer[i + 2] == '\r'
              && buffer[i + 3] == '\n') {
            return i;
          }
        }
        scanned = end - start;
        if (scanned > MAX_HEADER_BYTES) {
          throw new MalformedResponseException("response headers longer than " + MAX_HEADER_BYTES);
        }
        if (fill(deadlineNanos) < 0) {
          throw new IOException(
              end == 0
                  ? "the clone closed the connection without answering"
                  : "the clone closed the connection in the response headers");
        }
      }
    }

    /** Reads more bytes after {@code end}; returns how many, or -1 at the end of the stream. */
    private int fill(long deadlineNanos) throws IOException {
      if (end == buffer.length) {
        if (start > 0) {
          System.arraycopy(buffer, start, buffer, 0, end - start);
          end -= start;
          start = 0;
        } else {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        throw new SocketTimeoutException("the clone did not answer in time");
      }
      channel
          .socket()
          .setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
      int read = in.read(buffer, end, buffer.length - end);
      if (read > 0) {
        end += read;
      }
      return read;
    }

    private byte[] readExactly(int length, long deadlineNanos) throws IOException {
      byte[] body = new byte[length];
      int have = Math.min(length, end - start);
      System.arraycopy(buffer, start, body, 0, have);
      start += have;
      while (have < length) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          throw new SocketTimeoutException("the clone did not answer in time");
        }
        channel
            .socket()
            .setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
        int read = in.read(body, have, length - have);
        if (read < 0) {
          throw new IOException("the clone closed the connection in the response body");
        }
        have += read;
      }
      return body;
    }

    private byte[] readUntilClose(long deadlineNanos) throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        body.write(buffer, start, end - start);
        start = 0;
        end = 0;
        if (body.size() > MAX_BODY_BYTES) {
          throw new MalformedResponseException("response body over " + MAX_BODY_BYTES + " bytes");
        }
        if (fill(deadlineNanos) < 0) {
          return body.toByteArray();
        }
      }
    }

    private byte[] readChunked(long deadlineNanos) throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String sizeLine = line(deadlineNanos);
        int stop = sizeLine.length();
        for (int i = 0; i < sizeLine.length(); i++) {
          char c = sizeLine.charAt(i);
          if (c == ';' || c == ' ' || c == '\t') {
            stop = i;
            break;
          }
        }
        if (stop == 0 || stop > 8) {
          throw new MalformedResponseException("bad chunk size line: " + printable(sizeLine));
        }
        int size;
        try {
          size = Integer.parseInt(sizeLine.substring(0, stop), 16);
        } catch (NumberFormatException e) {
          throw new MalformedResponseException("bad chunk size line: " + printable(sizeLine));
        }
        if (size < 0 || body.size() + (long) size > MAX_BODY_BYTES) {
          throw new MalformedResponseException("response body over " + MAX_BODY_BYTES + " bytes");
        }
        if (size == 0) {
          while (!line(deadlineNanos).isEmpty()) {
            // trailer fields: not passed on
          }
          return body.toByteArray();
        }
        while (end - start < size + 2) {
          if (fill(deadlineNanos) < 0) {
            throw new IOException("the clone closed the connection in a chunk");
          }
        }
        body.write(buffer, start, size);
        start += size;
        if (buffer[start] != '\r' || buffer[start + 1] != '\n') {
          throw new MalformedResponseException("a chunk does not end with CRLF");
        }
        start += 2;
      }
    }

    /** The next CRLF-terminated line (without it). */
    private String line(long deadlineNanos) throws IOException {
      int scanned = 0;
      while (true) {
        for (int i = start + Math.max(0, scanned - 1); i + 1 < end; i++) {
          if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
            String line = new String(buffer, start, i - start, StandardCharsets.ISO_8859_1);
            start = i + 2;
            return line;
          }
        }
        scanned = end - start;
        if (scanned > MAX_HEADER_BYTES) {
          throw new MalformedResponseException("a chunk line longer than " + MAX_HEADER_BYTES);
        }
        if (fill(deadlineNanos) < 0) {
          throw new IOException("the clone closed the connection in a chunked body");
        }
      }
    }

    private static String printable(String text) {
      return Errors.printable(text.length() > 200 ? text.substring(0, 200) : text);
    }
  }
}
