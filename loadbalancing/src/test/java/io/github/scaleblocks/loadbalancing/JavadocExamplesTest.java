package io.github.scaleblocks.loadbalancing;

import static io.github.scaleblocks.loadbalancing.TestNodes.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.time.ManualTicker;
import io.github.scaleblocks.loadbalancing.spi.BalancingPolicy;
import io.github.scaleblocks.sharding.ShardRouters;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples in the javadoc, compiled and run. */
class JavadocExamplesTest {

  /** {@link LoadBalancer}: pick, call, report. */
  @Test
  void pickCallReport() throws IOException {
    ManualTicker ticker = ManualTicker.create();
    LoadBalancer<FakeClient> balancer =
        LoadBalancers.peakEwma()
            .ticker(ticker)
            .build(List.of(Node.of("a", new FakeClient()), Node.of("b", new FakeClient())));

    Pick<FakeClient> pick = balancer.pick();
    long start = ticker.read();
    String response;
    try {
      response = pick.payload().send("GET /");
      balancer.report(pick, ticker.read() - start, Outcome.SUCCESS);
    } catch (IOException e) {
      balancer.report(pick, ticker.read() - start, Outcome.FAILURE);
      throw e;
    }

    assertThat(response).isEqualTo("200 GET /");
    assertThat(balancer.metrics().successes()).isOne();
  }

  /** {@link BalancingPolicy}: a user's own strategy. */
  @Test
  void fewestInFlightPolicy() {
    BalancingPolicy fewestInFlight =
        candidates ->
            key -> {
              int best = 0;
              for (int i = 1; i < candidates.size(); i++) {
                if (candidates.inFlight(i) < candidates.inFlight(best)) {
                  best = i;
                }
              }
              return best;
            };
    LoadBalancer<String> balancer = LoadBalancers.custom(fewestInFlight).build(numbered(3));

    assertThat(balancer.pick().node().id()).isEqualTo("n0");
    assertThat(balancer.pick().node().id()).isEqualTo("n1");
    assertThat(balancer.pick().node().id()).isEqualTo("n2");
  }

  /** {@link io.github.scaleblocks.loadbalancing.spi.RouterFactory}: sticky over any router. */
  @Test
  void stickyOverRendezvous() {
    LoadBalancer<String> balancer =
        LoadBalancers.sticky(ShardRouters.rendezvous()::build).build(numbered(4));

    assertThat(balancer.pick("user:42").node())
        .isEqualTo(ShardRouters.rendezvous().build(numbered(4)).route("user:42"));
  }

  static final class FakeClient {
    String send(String request) throws IOException {
      if (request.isEmpty()) {
        throw new IOException("empty request");
      }
      return "200 " + request;
    }
  }
}
