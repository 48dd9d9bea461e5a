package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gateway's pooled HTTP/1.1 client against a scripted server on a loopback socket. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CloneConnectionsTest {
  private final CloneConnections connections = new CloneConnections(4, Duration.ofSeconds(1));
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    connections.close();
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  /** Line terminator, built without a literal line break (Error Prone's text block check). */
  private static final String CRLF = new String(new char[] {13, 10});

  private static String http(String... lines) {
    return String.join(CRLF, lines);
  }

  private static long deadline() {
    return System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
  }

  private static byte[] get(String path) {
    return ("GET " + path + http(" HTTP/1.1", "Host: x", "", ""))
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void keepAliveConnectionsAreReusedAndResponsesReadWhole() throws Exception {
    Scripted server = server();
    server.answers.add(
        http("HTTP/1.1 302 Found", "Location: https://example.com/a", "Content-Length: 0", "", ""));
    server.answers.add(
        http("HTTP/1.1 200 OK", "Content-Length: 5", "X-A: 1", "X-A: 2", "", "hello"));
    CloneConnections.Response first =
        connections.send("c", server.base(), get("/a"), false, deadline());
    CloneConnections.Response second =
        connections.send("c", server.base(), get("/b"), false, deadline());

    assertThat(first.status()).isEqualTo(302);
    assertThat(first.headers())
        .anySatisfy(h -> assertThat(h).containsExactly("Location", "https://example.com/a"));
    assertThat(second.status()).isEqualTo(200);
    assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(second.headers().stream().filter(h -> h[0].equals("X-A")).map(h -> h[1]))
        .containsExactly("1", "2");
    assertThat(server.accepted.get()).isEqualTo(1);
    assertThat(connections.idle("c")).isEqualTo(1);
  }

  @Test
  void chunkedBodiesAreJoinedAndInterimAnswersSkipped() throws Exception {
    Scripted server = server();
    server.answers.add(
        http(
            "HTTP/1.1 100 Continue",
            "",
            "HTTP/1.1 201 Created",
            "Transfer-Encoding: chunked",
            "",
            "3;x=y",
            "abc",
            "2",
            "de",
            "0",
            "Trailer: t",
            "",
            ""));
    CloneConnections.Response response =
        connections.send("c", server.base(), get("/"), false, deadline());
    assertThat(response.status()).isEqualTo(201);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("abcde");
    assertThat(connections.idle("c")).isEqualTo(1);
  }

  @Test
  void aConnectionTheCloneClosedWhileIdleIsReplacedBeforeAnythingIsWritten() throws Exception {
    Scripted server = server();
    server.closeAfterEachAnswer = true; // closes without saying "Connection: close"
    server.answers.add(http("HTTP/1.1 200 OK", "Content-Length: 1", "", "a"));
    server.answers.add(http("HTTP/1.1 200 OK", "Content-Length: 1", "", "b"));
    connections.send("c", server.base(), get("/1"), false, deadline());
    assertThat(connections.idle("c")).isEqualTo(1);
    server.awaitClosed(1);

    // a POST: it must not be lost on the dead connection, and goes out once on a new one
    byte[] post =
        http("POST /api/urls HTTP/1.1", "Host: x", "Content-Length: 2", "", "{}")
            .getBytes(StandardCharsets.ISO_8859_1);
    CloneConnections.Response second =
        connections.send("c", server.base(), post, false, deadline());

    assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("b");
    assertThat(server.accepted.get()).isEqualTo(2);
    assertThat(server.requests).hasSize(2);
  }

  @Test
  void closeDelimitedAndConnectionCloseResponsesAreNotPooled() throws Exception {
    Scripted server = server();
    server.closeAfterEachAnswer = true;
    server.answers.add(http("HTTP/1.1 200 OK", "", "until the end"));
    server.answers.add(http("HTTP/1.1 200 OK", "Connection: close", "Content-Length: 2", "", "ok"));
    CloneConnections.Response first =
        connections.send("c", server.base(), get("/"), false, deadline());
    assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("until the end");
    assertThat(connections.idle("c")).isZero();
    connections.send("c", server.base(), get("/"), false, deadline());
    assertThat(connections.idle("c")).isZero();
  }

  @Test
  void malformedResponsesFailAndTheirConnectionIsClosed() throws Exception {
    Scripted server = server();
    server.answers.add(http("HTTP/1.1 200 OK", "Content-Length: 1", "Content-Length: 2", "", "ab"));
    server.answers.add(http("SMTP ready", "", ""));
    server.answers.add(http("HTTP/1.1 200 OK", " folded", "Content-Length: 0", "", ""));
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> connections.send("c", server.base(), get("/"), false, deadline()))
          .isInstanceOf(CloneConnections.MalformedResponseException.class);
      assertThat(connections.idle("c")).isZero();
    }
    assertThat(server.accepted.get()).isEqualTo(3);
  }

  @Test
  void aResponseCutShortFailsAndIsNotProvablyNotSent() throws Exception {
    Scripted server = server();
    server.closeAfterEachAnswer = true;
    server.answers.add(http("HTTP/1.1 200 OK", "Content-Length: 10", "", "abc"));
    assertThatThrownBy(() -> connections.send("c", server.base(), get("/"), false, deadline()))
        .isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(Gateway.provablyNotSent(e)).isFalse());
    assertThat(connections.idle("c")).isZero();
  }

  @Test
  void aRefusedConnectIsProvablyNotSent() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    URI base = URI.create("http://127.0.0.1:" + port);
    assertThatThrownBy(() -> connections.send("c", base, get("/"), false, deadline()))
        .isInstanceOf(ConnectException.class)
        .satisfies(e -> assertThat(Gateway.provablyNotSent(e)).isTrue());
  }

  @Test
  void aCloneOnANewPortGetsNewConnections() throws Exception {
    Scripted before = server();
    Scripted after = server();
    before.answers.add(http("HTTP/1.1 204 No Content", "", ""));
    after.answers.add(http("HTTP/1.1 204 No Content", "", ""));
    connections.send("c", before.base(), get("/"), false, deadline());
    assertThat(connections.idle("c")).isEqualTo(1);
    connections.send("c", after.base(), get("/"), false, deadline());
    assertThat(after.accepted.get()).isEqualTo(1);
    assertThat(before.requests).hasSize(1);
    before.awaitClosed(1); // the old pool was closed
  }

  private Scripted server() throws IOException {
    Scripted server = new Scripted();
    closing.add(server);
    server.thread.start();
    return server;
  }

  /** Answers each request (head plus Content-Length body) with the next scripted answer. */
  private static final class Scripted implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    volatile boolean closeAfterEachAnswer;
    final Thread thread = new Thread(this::run, "scripted-server");

    Scripted() throws IOException {
      thread.setDaemon(true);
    }

    URI base() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    void awaitClosed(int count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (closed.get() < count) {
        assertThat(System.nanoTime()).as("connections closed in time").isLessThan(deadline);
        Thread.sleep(5);
      }
    }

    private void run() {
      while (!socket.isClosed()) {
        try {
          Socket connection = socket.accept();
          accepted.incrementAndGet();
          Thread serving = new Thread(() -> serve(connection), "scripted-connection");
          serving.setDaemon(true);
          serving.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket connection) {
      try (connection) {
        InputStream in = connection.getInputStream();
        while (true) {
          String request = RawHttp.readRequest(in);
          if (request == null) {
            return;
          }
          requests.add(request);
          String answer = answers.poll(5, TimeUnit.SECONDS);
          if (answer == null) {
            return;
          }
          connection.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
          connection.getOutputStream().flush();
          if (closeAfterEachAnswer) {
            return;
          }
        }
      } catch (IOException | InterruptedException e) {
        // the test ended or the client went away
      } finally {
        closed.incrementAndGet();
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
