package io.github.scaleblocks.caching.redis.it;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.RedisURI;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/** The shared local Redis, and private redis-server processes. */
final class Servers {
  static final String SHARED = "Redis at 127.0.0.1:6379";

  private Servers() {}

  /** Skips the test (fails it under CI=true) when the shared server does not answer. */
  static RedisURI requireShared() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 6379), 2_000);
    } catch (IOException e) {
      unavailable(SHARED + " is unreachable", e);
    }
    return RedisURI.create("redis://127.0.0.1:6379");
  }

  private static void unavailable(String what, Exception e) {
    if ("true".equals(System.getenv("CI"))) {
      fail(what + " and CI=true requires it: " + e.getMessage(), e);
    }
    Assumptions.abort(what + "; skipping: " + e.getMessage());
  }

  /** A redis-server on a free local port, without persistence, that a test can stop and start. */
  static final class PrivateRedis implements AutoCloseable {
    final int port;
    private @Nullable Process process;

    private PrivateRedis(int port) {
      this.port = port;
    }

    static PrivateRedis start() {
      int port;
      try (ServerSocket probe = new ServerSocket(0)) {
        port = probe.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException("no free port", e);
      }
      PrivateRedis redis = new PrivateRedis(port);
      redis.startAgain();
      return redis;
    }

    RedisURI uri() {
      return RedisURI.create("redis://127.0.0.1:" + port);
    }

    /** Starts the server (again, on the same port) and waits until it accepts connections. */
    void startAgain() {
      Process started;
      try {
        started =
            new ProcessBuilder(
                    "redis-server",
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no")
                .redirectErrorStream(true)
                .start();
      } catch (IOException e) {
        unavailable("the redis-server binary cannot be started", e);
        return;
      }
      process = started;
      CountDownLatch ready = new CountDownLatch(1);
      StringBuilder output = new StringBuilder();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(
                        new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                      output.append(line).append('\n');
                    }
                    if (line.contains("Ready to accept connections")) {
                      ready.countDown();
                    }
                  }
                } catch (IOException e) {
                  // the process ended
                }
              },
              "redis-server-" + port + "-output");
      reader.setDaemon(true);
      reader.start();
      try {
        if (!ready.await(20, TimeUnit.SECONDS)) {
          started.destroyForcibly();
          synchronized (output) {
            throw new IllegalStateException(
                "redis-server on port " + port + " did not start:\n" + output);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** Stops the server (SIGTERM) and waits for the process to end. */
    void stop() {
      Process running = process;
      if (running == null) {
        return;
      }
      running.destroy();
      try {
        if (!running.waitFor(10, TimeUnit.SECONDS)) {
          running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }

    @Override
    public void close() {
      stop();
    }
  }
}
