package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.loadbalancing.LoadBalancerMetrics;
import io.github.scaleblocks.loadbalancing.NodeMetrics;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode's promise, with real processes: three clone JVMs behind the peak-EWMA gateway, four
 * threads sending redirects and metadata reads through it, one clone killed with SIGKILL ({@link
 * ProcessHandle#destroyForcibly()}) under that load. No request may fail; the supervisor must start
 * the clone again (a new pid) and, once health checks pass, it must take traffic again. Then {@code
 * close()} must leave no clone process behind.
 *
 * <p>Timing is real; the test only waits on conditions with deadlines.
 */
class ClusterKillOneTest {
  private static final int LINKS = 20;
  private static final int THREADS = 4;
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final String VICTIM = "clone-2";

  private final ClusterClient client = new ClusterClient();
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();
  private final LongAdder sent = new LongAdder();
  private final LongAdder succeeded = new LongAdder();
  private final AtomicBoolean stop = new AtomicBoolean();

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void noRequestFailsWhenAClonesProcessIsKilledAndTheRestartedCloneTakesTrafficAgain(
      @TempDir Path data) throws Exception {
    List<Long> pids = new ArrayList<>();
    try (TinyUrlCluster cluster =
        ClusterClient.builder(data, 3, "--rate-limit", "1000000", "--rate-burst", "1000000")
            .start()) {
      cluster.clones().forEach(clone -> pids.add(clone.pid()));
      Map<String, String> links = new LinkedHashMap<>();
      for (int i = 0; i < LINKS; i++) {
        String target = "https://example.com/page-" + i;
        links.put(client.create(cluster, target), target);
      }
      List<Thread> load = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        Thread thread = new Thread(() -> load(cluster, links), "load-" + i);
        thread.setDaemon(true);
        load.add(thread);
        thread.start();
      }
      Supplier<String> state = () -> state(cluster);
      try {
        ClusterClient.await(
            WAIT,
            "every clone answered 100 requests",
            () ->
                cluster.gatewayMetrics().nodes().stream().allMatch(node -> node.successes() >= 100),
            state);

        TinyUrlCluster.CloneStatus victim = ClusterClient.status(cluster, VICTIM);
        ProcessHandle process = ProcessHandle.of(victim.pid()).orElseThrow();
        long sentAtKill = sent.sum();
        assertThat(process.destroyForcibly()).isTrue();
        process.onExit().get(10, TimeUnit.SECONDS);

        ClusterClient.await(
            WAIT,
            "the supervisor started " + VICTIM + " again and it serves",
            () -> {
              TinyUrlCluster.CloneStatus now = ClusterClient.status(cluster, VICTIM);
              return now.state().equals("running")
                  && now.pid() > 0
                  && now.pid() != victim.pid()
                  && now.port() > 0;
            },
            state);
        TinyUrlCluster.CloneStatus restarted = ClusterClient.status(cluster, VICTIM);
        pids.add(restarted.pid());
        long successesAtRestart = cluster.gatewayMetrics().node(VICTIM).successes();
        ClusterClient.await(
            WAIT,
            "health checks took the restarted " + VICTIM + " back and it answered 100 requests",
            () -> {
              NodeMetrics node = cluster.gatewayMetrics().node(VICTIM);
              return node.healthy() && node.successes() >= successesAtRestart + 100;
            },
            state);
        // the requests it answered went to the new process: it answers directly too
        HttpResponse<String> direct =
            client.get(ClusterClient.clone(restarted, "/" + links.keySet().iterator().next()));
        assertThat(direct.statusCode()).isEqualTo(302);
        long sentAfterKill = sent.sum() - sentAtKill;

        stop.set(true);
        for (Thread thread : load) {
          thread.join(TimeUnit.SECONDS.toMillis(15));
          assertThat(thread.isAlive()).as("%s still running", thread.getName()).isFalse();
        }
        LoadBalancerMetrics metrics = cluster.gatewayMetrics();
        String report = state.get();
        System.out.println("ClusterKillOneTest: " + report);

        assertThat(failures).as(report).isEmpty();
        assertThat(succeeded.sum()).as(report).isEqualTo(sent.sum());
        assertThat(sentAfterKill).as(report).isGreaterThanOrEqualTo(200);
        assertThat(restarted.restarts()).as(report).isGreaterThanOrEqualTo(1);
        // the kill was felt: attempts failed on the dead clone and were retried elsewhere
        assertThat(metrics.failures()).as(report).isPositive();
        assertThat(metrics.retries()).as(report).isGreaterThanOrEqualTo(metrics.failures());
        assertThat(metrics.retriesRejected()).as(report).isZero();
      } finally {
        stop.set(true);
        for (Thread thread : load) {
          thread.join(TimeUnit.SECONDS.toMillis(15));
        }
      }
    }
    // no orphan: every clone process ever started is gone once close() returned
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("clone process %d is still alive after close()", pid)
          .isFalse();
    }
  }

  /** Redirects (3 of 4 requests) and metadata reads of random links until told to stop. */
  private void load(TinyUrlCluster cluster, Map<String, String> links) {
    List<String> codes = List.copyOf(links.keySet());
    java.util.SplittableRandom random = new java.util.SplittableRandom(codes.size());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(100);
    for (int i = 0; !stop.get() && System.nanoTime() - deadline < 0; i++) {
      String code = codes.get(random.nextInt(codes.size()));
      boolean redirect = i % 4 != 3;
      URI uri = ClusterClient.gateway(cluster, redirect ? "/" + code : "/api/urls/" + code);
      sent.increment();
      try {
        HttpResponse<String> response = client.get(uri);
        boolean ok =
            redirect
                ? response.statusCode() == 302
                    && java.util.Objects.equals(
                        links.get(code), response.headers().firstValue("Location").orElse(""))
                : response.statusCode() == 200 && response.body().contains("\"" + code + "\"");
        if (ok) {
          succeeded.increment();
        } else {
          failures.add(uri + " answered " + response.statusCode() + " " + response.body());
        }
      } catch (RuntimeException e) {
        failures.add(uri + " failed: " + e);
      }
    }
  }

  private String state(TinyUrlCluster cluster) {
    LoadBalancerMetrics metrics = cluster.gatewayMetrics();
    StringBuilder text =
        new StringBuilder()
            .append("sent ")
            .append(sent.sum())
            .append(", succeeded ")
            .append(succeeded.sum())
            .append(", failed ")
            .append(failures.size())
            .append(' ')
            .append(failures.stream().limit(3).toList())
            .append("; gateway: attempt failures ")
            .append(metrics.failures())
            .append(", retries ")
            .append(metrics.retries())
            .append(", retries rejected ")
            .append(metrics.retriesRejected())
            .append(", ejections ")
            .append(metrics.ejections());
    for (NodeMetrics node : metrics.nodes()) {
      text.append("; ")
          .append(node.id())
          .append(node.healthy() ? " healthy" : " unhealthy")
          .append(node.ejected() ? " ejected" : "")
          .append(" ok ")
          .append(node.successes())
          .append(" failed ")
          .append(node.failures());
    }
    text.append("; clones ").append(cluster.clones());
    return text.toString();
  }
}
