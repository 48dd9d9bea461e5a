package io.github.scaleblocks.examples.tinyurl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The main class of a clone process in cluster mode, started by {@link TinyUrlCluster} with {@link
 * ProcessBuilder} from the same class path, never by hand: {@code java -cp tinyurl.jar
 * io.github.scaleblocks.examples.tinyurl.CloneMain [Main's options]}.
 *
 * <p>Protocol with the parent, over the clone's standard streams:
 *
 * <ol>
 *   <li>stdin's first line is the gateway secret (not an argument: arguments are visible to every
 *       user in {@code ps});
 *   <li>once serving, the clone prints {@value #READY} followed by its port on stdout;
 *   <li>the clone then reads stdin until end of file and exits (orderly: the shutdown hook writes
 *       its counted visits) when it ends. The parent never writes more, so end of file means the
 *       parent closed the pipe or died: a clone never outlives its parent, even after {@code kill
 *       -9} of the parent, whose pipe the kernel closes. A shutdown that takes longer than {@value
 *       #EXIT_GRACE_MILLIS} ms (writes to databases that died with the parent) ends in a halt.
 * </ol>
 *
 * <p>Exit statuses: 2 for bad options, 3 when stdin has no secret, 1 when the server cannot start.
 */
public final class CloneMain {
  /** The line prefix that tells the parent the clone serves, followed by the port. */
  static final String READY = "tinyurl clone ready on port ";

  /** How long the orderly shutdown after the end of stdin may take before the clone halts. */
  static final long EXIT_GRACE_MILLIS = 10_000;

  private CloneMain() {}

  /** Runs a clone until its stdin ends. */
  public static void main(String[] args) throws IOException {
    System.setProperty("org.jboss.logging.provider", "slf4j");
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String secret = stdin.readLine();
    if (secret == null || secret.isBlank()) {
      System.err.println(
          "tinyurl clone: no gateway secret on stdin; clones are started by --cluster");
      System.exit(3);
      return;
    }
    TinyUrlServer.Builder builder;
    try {
      builder = Main.parse(new ArrayList<>(List.of(args)), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("tinyurl clone: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (builder == null) {
      return;
    }
    TinyUrlServer server;
    try {
      server = builder.gatewaySecret(secret.strip()).start();
    } catch (RuntimeException e) {
      System.err.println("tinyurl clone: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tinyurl-clone-shutdown"));
    System.out.println(READY + server.port());
    System.out.flush();
    // should the pipe stay open for any reason, the parent's end is enough
    ProcessHandle.current()
        .parent()
        .ifPresent(
            parent -> {
              var unused = parent.onExit().thenRun(CloneMain::exit);
            });
    // Wait for the parent to close the pipe (or to die). Anything it writes is ignored.
    try {
      while (stdin.read() >= 0) {
        // nothing to do
      }
    } catch (IOException e) {
      // a broken pipe is an ended pipe
    }
    exit();
  }

  /** Exits in order, or halts when the orderly shutdown takes too long. */
  private static void exit() {
    // The orderly shutdown writes counted visits; when the parent died, the H2 server it ran died
    // with it and those writes can only time out. Never outlive the parent by more than this.
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(EXIT_GRACE_MILLIS);
              } catch (InterruptedException e) {
                return;
              }
              System.err.println(
                  "tinyurl clone: shutdown took over " + EXIT_GRACE_MILLIS + " ms; halting");
              Runtime.getRuntime().halt(1);
            },
            "tinyurl-clone-exit-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    System.exit(0);
  }
}
