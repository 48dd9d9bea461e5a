package io.github.scaleblocks.examples.tinyurl;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * {@code java -jar tinyurl.jar --cluster N [--gateway peak-ewma|naive] [options]}: {@link Main}
 * hands command lines with {@code --cluster} here. {@code --port}, {@code --bind}, {@code --data}
 * and {@code --public-url} configure the gateway and the cluster; every other option of {@link
 * Main} is checked and given to each clone.
 */
final class ClusterMain {
  private ClusterMain() {}

  /** Starts the cluster and serves until the process is stopped. */
  static void run(List<String> args) throws InterruptedException {
    TinyUrlCluster.Builder builder;
    try {
      builder = parse(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("tinyurl: " + e.getMessage());
      System.err.print(Main.USAGE);
      System.exit(2);
      return;
    }
    if (builder == null) {
      return;
    }
    TinyUrlCluster cluster;
    try {
      cluster = builder.start();
    } catch (RuntimeException e) {
      System.err.println("tinyurl: cannot start the cluster: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  cluster.close();
                  stopped.countDown();
                },
                "tinyurl-cluster-shutdown"));
    List<String> clones = new ArrayList<>();
    for (TinyUrlCluster.CloneStatus clone : cluster.clones()) {
      clones.add(clone.id() + " (pid " + clone.pid() + ", port " + clone.port() + ")");
    }
    System.out.println(
        "tinyurl cluster serving "
            + cluster.publicUrl()
            + " (gateway "
            + cluster.gatewayMode().optionValue()
            + " on port "
            + cluster.port()
            + "; "
            + String.join(", ", clones)
            + ")");
    cluster
        .developmentApiKey()
        .ifPresent(
            key ->
                System.out.println(
                    "development API key (send as X-API-Key; valid until restart): " + key));
    stopped.await();
  }

  /** The configured builder, or {@code null} when {@code --help} was asked for (and printed). */
  static TinyUrlCluster.@Nullable Builder parse(List<String> args, PrintStream out) {
    TinyUrlCluster.Builder builder = TinyUrlCluster.builder();
    List<String> cloneOptions = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String option = args.get(i);
      switch (option) {
        case "--help", "-h" -> {
          out.print(Main.USAGE);
          return null;
        }
        case "--cluster" -> builder.clones(intValue(option, value(args, ++i, option)));
        case "--gateway" ->
            builder.gateway(TinyUrlCluster.GatewayMode.parse(value(args, ++i, option)));
        case "--port" -> builder.port(intValue(option, value(args, ++i, option)));
        case "--bind" -> builder.bindAddress(value(args, ++i, option));
        case "--data" -> builder.dataDirectory(Path.of(value(args, ++i, option)));
        case "--public-url" -> {
          String url = value(args, ++i, option);
          try {
            URI uri = new URI(url);
            TinyUrlServer.builder().publicUrl(uri); // the clones' check, here and now
            builder.publicUrl(uri);
          } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("--public-url is not a URL: " + e.getMessage(), e);
          }
        }
        default -> cloneOptions.add(option);
      }
    }
    return builder.cloneOptions(cloneOptions);
  }

  private static String value(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(index);
  }

  private static int intValue(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " needs a whole number but got '" + value + "'", e);
    }
  }
}
