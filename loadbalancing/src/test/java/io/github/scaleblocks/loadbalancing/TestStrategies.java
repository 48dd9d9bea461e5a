package io.github.scaleblocks.loadbalancing;

import io.github.scaleblocks.sharding.ShardRouters;

/** Builders for every built-in strategy by name, for tests that run the same check over all. */
public final class TestStrategies {
  private TestStrategies() {}

  /** A fresh builder of the named strategy; sticky routes with rendezvous. */
  public static LoadBalancerBuilder named(String strategy) {
    switch (strategy) {
      case "roundRobin":
        return LoadBalancers.roundRobin();
      case "weightedRoundRobin":
        return LoadBalancers.weightedRoundRobin();
      case "random":
        return LoadBalancers.random();
      case "weightedRandom":
        return LoadBalancers.weightedRandom();
      case "leastOutstanding":
        return LoadBalancers.leastOutstanding();
      case "leastRequest":
        return LoadBalancers.leastRequest();
      case "peakEwma":
        return LoadBalancers.peakEwma();
      case "sticky":
        return LoadBalancers.sticky(ShardRouters.rendezvous()::build);
      case "firstAvailable":
        return LoadBalancers.firstAvailable();
      default:
        throw new IllegalArgumentException("unknown strategy " + strategy);
    }
  }
}
