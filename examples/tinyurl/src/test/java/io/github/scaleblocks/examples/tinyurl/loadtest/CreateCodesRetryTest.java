package io.github.scaleblocks.examples.tinyurl.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.scaleblocks.examples.tinyurl.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link LoadTest#createCodes} against a fake bulk endpoint that closes connections without an
 * answer: what the JDK 17 client shows when it loses an answer on a reused connection
 * (JDK-8338569). A batch whose connection dropped is sent once more; twice is an error.
 */
class CreateCodesRetryTest {
  @Test
  void aBatchWhoseConnectionDroppedIsSentOnceMore() throws Exception {
    try (DroppingServer server = new DroppingServer(1)) {
      List<String> codes = LoadTest.createCodes(options(server, 250));

      assertThat(codes).hasSize(250).doesNotHaveDuplicates();
      // three batches (100, 100, 50), one of them sent twice
      assertThat(server.requests.get()).isEqualTo(4);
    }
  }

  @Test
  void aBatchThatDropsTwiceFailsTheSetupNamingTheEndpoint() throws Exception {
    try (DroppingServer server = new DroppingServer(Integer.MAX_VALUE)) {
      assertThatThrownBy(() -> LoadTest.createCodes(options(server, 50)))
          .isInstanceOf(LoadTest.SetupException.class)
          .hasMessageContaining("cannot create codes at http://127.0.0.1:" + server.port())
          .hasMessageContaining("sent twice");
      assertThat(server.requests.get()).isEqualTo(2);
    }
  }

  private static LoadTestOptions options(DroppingServer server, int codes) {
    return Objects.requireNonNull(
        LoadTestOptions.parse(
            List.of(
                "--url",
                "http://127.0.0.1:" + server.port(),
                "--key",
                "test-key",
                "--codes",
                Integer.toString(codes))));
  }

  /**
   * Answers {@code POST /api/urls/bulk} as the service does (201, a created code per URL), on
   * kept-alive connections, except that its first {@code drops} requests are read whole and then
   * their connections closed without a byte.
   */
  private static final class DroppingServer implements AutoCloseable {
    final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger codes = new AtomicInteger();
    private final int drops;
    private final ServerSocket socket;
    private final ObjectMapper json = new ObjectMapper();

    DroppingServer(int drops) throws IOException {
      this.drops = drops;
      this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(this::accept, "dropping-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket connection = socket.accept();
          Thread handler = new Thread(() -> serve(connection), "dropping-server-connection");
          handler.setDaemon(true);
          handler.start();
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    private void serve(Socket connection) {
      try (connection) {
        InputStream in = connection.getInputStream();
        OutputStream out = connection.getOutputStream();
        while (true) {
          String request = RawHttp.readRequest(in);
          if (request == null) {
            return;
          }
          if (requests.incrementAndGet() <= drops) {
            return; // the request was read whole; close without answering
          }
          byte[] answer =
              answer(json.readTree(RawHttp.body(request))).getBytes(StandardCharsets.UTF_8);
          out.write(
              ("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: "
                      + answer.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(answer);
          out.flush();
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    private String answer(JsonNode request) {
      ObjectNode answer = json.createObjectNode();
      ArrayNode results = answer.putArray("results");
      for (int i = 0; i < request.path("urls").size(); i++) {
        results.addObject().putObject("created").put("code", "c" + codes.incrementAndGet());
      }
      return answer.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
