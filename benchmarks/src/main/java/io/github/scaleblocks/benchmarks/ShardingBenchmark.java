package io.github.scaleblocks.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.dynatrace.hash4j.consistent.ConsistentBucketHasher;
import com.dynatrace.hash4j.consistent.ConsistentHashing;
import com.dynatrace.hash4j.random.PseudoRandomGeneratorProvider;
import com.google.common.hash.HashFunction;
import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.hash.KeyHashers;
import io.github.scaleblocks.sharding.ShardRouter;
import io.github.scaleblocks.sharding.ShardRouters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Routing one key with each sharding strategy, beside the peers the issue names: a spymemcached
 * style ring ({@code TreeMap} + {@code ceilingEntry}, Guava Murmur3 of the key, 160 points per
 * node), Guava's {@code consistentHash} and hash4j's JumpBackHash. Keys come from a pool of 1,024
 * ({@code "user:" + random long} strings and random longs) so no single key is learned.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ShardingBenchmark {
  private static final int KEYS = 1024;
  private static final int RING_POINTS = 160;

  @Param({"10", "100", "1000"})
  public int nodes;

  private final String[] stringKeys = new String[KEYS];
  private final long[] longKeys = new long[KEYS];
  private int next;

  private ShardRouter<String> hashModulo;
  private ShardRouter<String> jump;
  private ShardRouter<String> rendezvous;
  private ShardRouter<String> jumpBack;
  private ShardRouter<String> ring;
  private ShardRouter<String> ringDefault;
  private ShardRouter<String> ketama;
  private ShardRouter<String> maglev;
  private ShardRouter<String> boundedLoad;
  private ShardRouter<String> modulo;

  @SuppressWarnings("deprecation") // murmur3_128 is the baseline the issue names
  private final HashFunction murmur3 = com.google.common.hash.Hashing.murmur3_128();

  private final TreeMap<Long, String> treeMapRing = new TreeMap<>();
  private final ConsistentBucketHasher hash4jJumpBack =
      ConsistentHashing.jumpBackHash(PseudoRandomGeneratorProvider.splitMix64_V1());

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < KEYS; i++) {
      stringKeys[i] = "user:" + random.nextLong(1_000_000_000_000L);
      longKeys[i] = random.nextLong();
    }
    List<Node<String>> topology = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      topology.add(Node.named("node-" + i));
    }
    hashModulo = ShardRouters.hashModulo().build(topology);
    jump = ShardRouters.jump().build(topology);
    rendezvous = ShardRouters.rendezvous().build(topology);
    jumpBack = ShardRouters.jumpBack().build(topology);
    ring = ShardRouters.ring(RING_POINTS).build(topology);
    ringDefault = ShardRouters.ring().build(topology);
    ketama = ShardRouters.ketama().build(topology);
    maglev = ShardRouters.maglev().build(topology);
    boundedLoad = ShardRouters.boundedLoad(0.25).build(topology);
    modulo = ShardRouters.modulo().build(topology);
    for (Node<String> node : topology) {
      for (int p = 0; p < RING_POINTS; p++) {
        treeMapRing.put(murmur3.hashString(node.id() + "-" + p, UTF_8).asLong(), node.id());
      }
    }
  }

  private String nextString() {
    String key = stringKeys[next];
    next = (next + 1) & (KEYS - 1);
    return key;
  }

  private long nextLong() {
    long key = longKeys[next];
    next = (next + 1) & (KEYS - 1);
    return key;
  }

  @Benchmark
  public Node<String> hashModuloRouteString() {
    return hashModulo.route(nextString());
  }

  @Benchmark
  public Node<String> hashModuloRouteLong() {
    return hashModulo.route(nextLong());
  }

  @Benchmark
  public Node<String> jumpRouteString() {
    return jump.route(nextString());
  }

  @Benchmark
  public Node<String> jumpRouteLong() {
    return jump.route(nextLong());
  }

  @Benchmark
  public Node<String> rendezvousRouteString() {
    return rendezvous.route(nextString());
  }

  @Benchmark
  public Node<String> rendezvousRouteLong() {
    return rendezvous.route(nextLong());
  }

  @Benchmark
  public Node<String> jumpBackRouteString() {
    return jumpBack.route(nextString());
  }

  @Benchmark
  public Node<String> jumpBackRouteLong() {
    return jumpBack.route(nextLong());
  }

  /** The ring at 160 points per node, the configuration the TreeMap baseline uses. */
  @Benchmark
  public Node<String> ringRouteString() {
    return ring.route(nextString());
  }

  @Benchmark
  public Node<String> ringRouteLong() {
    return ring.route(nextLong());
  }

  /** The ring at its default point count (1,024 per node). */
  @Benchmark
  public Node<String> ringDefaultRouteString() {
    return ringDefault.route(nextString());
  }

  /** libketama-compatible: MD5 of the key, 160 points per server. */
  @Benchmark
  public Node<String> ketamaRouteString() {
    return ketama.route(nextString());
  }

  @Benchmark
  public Node<String> maglevRouteString() {
    return maglev.route(nextString());
  }

  @Benchmark
  public Node<String> maglevRouteLong() {
    return maglev.route(nextLong());
  }

  /** Where a bounded-load acquire would go (no load held: the ring walk plus capacity checks). */
  @Benchmark
  public Node<String> boundedLoadRouteString() {
    return boundedLoad.route(nextString());
  }

  /** ShardingSphere's MOD: the key's value modulo the node count. */
  @Benchmark
  public Node<String> moduloRouteLong() {
    return modulo.route(nextLong());
  }

  /** spymemcached's ring: Murmur3 of the key, then the first point at or after it. */
  @Benchmark
  public String baseline_treeMapRing() {
    long hash = murmur3.hashString(nextString(), UTF_8).asLong();
    Map.Entry<Long, String> entry = treeMapRing.ceilingEntry(hash);
    return entry != null ? entry.getValue() : treeMapRing.firstEntry().getValue();
  }

  /** Guava's jump hash on a long key (Guava uses the long itself as the generator's seed). */
  @Benchmark
  public int baseline_guavaJump() {
    return com.google.common.hash.Hashing.consistentHash(nextLong(), nodes);
  }

  /** hash4j's JumpBackHash on the XXH3 of a long key, as scaleblocks hashes long keys. */
  @Benchmark
  public int baseline_hash4jJumpBack() {
    return hash4jJumpBack.getBucket(KeyHashers.xxh3().hash(nextLong()), nodes);
  }
}
