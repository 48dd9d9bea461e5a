package io.github.scaleblocks.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.hash.KeyHashers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Checks Ketama placement against spymemcached's KetamaNodeLocatorTest (couchbase/spymemcached,
 * src/test/java/net/spy/memcached/KetamaNodeLocatorTest.java). Its nodes are mocks whose socket
 * address is {@code InetSocketAddress.createUnresolved("127.0.0.1", 10000 + i)}, which spymemcached
 * (on the JDKs it was written for) names "127.0.0.1:10000" and so on.
 */
class KetamaPlacementTest {

  static List<Node<String>> servers(int count) {
    List<Node<String>> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(Node.named("127.0.0.1:" + (10000 + i)));
    }
    return nodes;
  }

  static String server(ShardRouter<String> router, String key) {
    return router.route(key).id();
  }

  @Test
  void lookupsMatchSpymemcachedOnFourAndFiveServers() {
    ShardRouter<String> four = ShardRouters.ketama().build(servers(4));
    assertThat(server(four, "dustin")).isEqualTo("127.0.0.1:10000");
    assertThat(server(four, "noelani")).isEqualTo("127.0.0.1:10002");
    assertThat(server(four, "some other key")).isEqualTo("127.0.0.1:10000");
    // testContinuumWrapping: these keys hash past the last point and wrap to the first.
    assertThat(server(four, "V5XS8C8N")).isEqualTo("127.0.0.1:10003");
    assertThat(server(four, "8KR2DKR2")).isEqualTo("127.0.0.1:10003");
    assertThat(server(four, "L9KH6X4X")).isEqualTo("127.0.0.1:10003");

    ShardRouter<String> five = four.withNodes(servers(5));
    assertThat(server(five, "dustin")).isEqualTo("127.0.0.1:10000");
    assertThat(server(five, "noelani")).isEqualTo("127.0.0.1:10002");
    assertThat(server(five, "some other key")).isEqualTo("127.0.0.1:10004");
    // testLibKetamaCompat
    assertThat(server(five, "36")).isEqualTo("127.0.0.1:10002");
    assertThat(server(five, "10037")).isEqualTo("127.0.0.1:10003");
    assertThat(server(five, "22051")).isEqualTo("127.0.0.1:10001");
    assertThat(server(five, "49044")).isEqualTo("127.0.0.1:10004");
  }

  @Test
  void theLargestPointOfFourServersIsSpymemcachedsMaxKey() throws Exception {
    // Computed here with the JDK's MD5, independently of KetamaPlacement: 40 digests per server,
    // 4 little-endian points each.
    long max = 0;
    for (Node<String> node : servers(4)) {
      for (int i = 0; i < 40; i++) {
        byte[] digest =
            MessageDigest.getInstance("MD5")
                .digest((node.id() + "-" + i).getBytes(StandardCharsets.UTF_8));
        for (int h = 0; h < 4; h++) {
          long point =
              (digest[4 * h] & 0xFFL)
                  | (digest[4 * h + 1] & 0xFFL) << 8
                  | (digest[4 * h + 2] & 0xFFL) << 16
                  | (digest[4 * h + 3] & 0xFFL) << 24;
          max = Math.max(max, point);
        }
      }
    }
    assertThat(max).isEqualTo(4294887009L);
    // A key hashing above it wraps to the owner of the smallest point.
    assertThat(KetamaHashes.MD5.hash("V5XS8C8N")).isGreaterThan(max);
  }

  @Test
  void everyKeyOfSpymemcachedsLibKetamaCompatTwoTableLandsOnTheExpectedServer() throws IOException {
    List<Node<String>> eight = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      eight.add(Node.named("10.0.1." + i + ":11211"));
    }
    ShardRouter<String> router = ShardRouters.ketama().build(eight);
    // With 8 equal weights libmemcached's weighted formula gives exactly 160 points each, so the
    // weighted continuum must agree too.
    ShardRouter<String> weighted = ShardRouters.ketamaWeighted().build(eight);
    List<String> mismatches = new ArrayList<>();
    List<String[]> pairs = fixture("ketama-spymemcached-8-servers.txt");
    for (String[] pair : pairs) {
      if (!server(router, pair[0]).equals(pair[1]) || !server(weighted, pair[0]).equals(pair[1])) {
        mismatches.add(pair[0] + " -> " + server(router, pair[0]) + ", expected " + pair[1]);
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(pairs).hasSize(3241);
  }

  @Test
  void fnv1aVariantMatchesSpymemcached() {
    ShardRouter<String> five = ShardRouters.ketamaFnv1a().build(servers(5));
    assertThat(server(five, "dustin")).isEqualTo("127.0.0.1:10002");
    assertThat(server(five, "noelani")).isEqualTo("127.0.0.1:10001");
    assertThat(server(five, "some other key")).isEqualTo("127.0.0.1:10004");
  }

  @Test
  void keyHashesMatchTheirSpecifications() {
    // MD5("") = d41d8cd98f00b204e9800998ecf8427e: first 4 bytes little-endian.
    assertThat(KetamaHashes.MD5.hash("")).isEqualTo(0xd98c1dd4L);
    // FNV-1a 32 test vectors from the FNV reference (draft-eastlake-fnv): "", "a", "foobar".
    assertThat(KetamaHashes.FNV1A_32.hash("")).isEqualTo(0x811c9dc5L);
    assertThat(KetamaHashes.FNV1A_32.hash("a")).isEqualTo(0xe40c292cL);
    assertThat(KetamaHashes.FNV1A_32.hash("foobar")).isEqualTo(0xbf9cf968L);
  }

  @Property(seed = "21", tries = 300)
  void keyFormsAgree(@ForAll String key, @ForAll long number) {
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    for (io.github.scaleblocks.core.hash.KeyHasher hasher :
        List.of(KetamaHashes.MD5, KetamaHashes.FNV1A_32)) {
      assertThat(hasher.hash(key)).isEqualTo(hasher.hash(utf8)).isBetween(0L, 0xFFFF_FFFFL);
      assertThat(hasher.hash(number)).isEqualTo(hasher.hash(HashRoutersTest.longBytes(number)));
    }
  }

  @Test
  void weightedPointCountFollowsLibmemcachedsFloatFormula() {
    // pct = 1/3f, 2/3f; n = 2: floor(0.33333334f * 160 / 4 * 2) * 4 = 26 * 4, floor(53.333336) * 4
    assertThat(KetamaPlacement.weightedPointCount(1, 3, 2)).isEqualTo(104);
    assertThat(KetamaPlacement.weightedPointCount(2, 3, 2)).isEqualTo(212);
    assertThat(KetamaPlacement.weightedPointCount(1, 8, 8)).isEqualTo(160);
    assertThat(KetamaPlacement.weightedPointCount(1, 1000, 10)).isEqualTo(0);
    ShardRouter<String> router =
        ShardRouters.ketamaWeighted()
            .build(List.of(Node.of("a:11211", 1, "a"), Node.of("b:11211", 3, "b")));
    int[] counts = new int[2];
    for (int k = 0; k < 200_000; k++) {
      counts[router.nodes().indexOf(router.route("key-" + k))]++;
    }
    assertThat(counts[1] / (double) counts[0]).isBetween(2.4, 3.8);
  }

  @Test
  void balanceOfTenServersIsKetamas() {
    for (var scheme : RingPlacementTest.SCHEMES.entrySet()) {
      double ratio =
          RingPlacementTest.maxOverMean(
              ShardRouters.ketama().build(RingPlacementTest.named(scheme.getValue(), 10)),
              1_000_000);
      System.out.printf(
          java.util.Locale.ROOT, "ketama %s: max/mean %.3f%n", scheme.getKey(), ratio);
      assertThat(ratio).as(scheme.getKey()).isLessThanOrEqualTo(1.30);
    }
  }

  @Test
  void badInputIsRejectedWithClearMessages() {
    assertThatThrownBy(() -> ShardRouters.ketama().build(List.of(Node.of("a:1", 2, "a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "ketama has no weights but node 'a:1' has weight 2; use ketamaWeighted() for"
                + " libmemcached's weighted continuum");
    assertThatThrownBy(
            () ->
                ShardRouters.ketamaWeighted()
                    .build(List.of(Node.of("a:1", 1000, "a"), Node.of("b:1", 1, "b"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("node 'b:1' of weight 1 gets no point on the Ketama continuum");
    assertThatThrownBy(() -> ShardRouters.ketama().hasher(KeyHashers.xxh3()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("hasher was already set to KetamaHashes.md5()");
  }

  @Property(seed = "22", tries = 200)
  void replicasWalkTheContinuumToDistinctServers(@ForAll String key) {
    ShardRouter<String> router = ShardRouters.ketama().build(servers(6));
    List<Node<String>> replicas = router.route(key, 6);
    assertThat(replicas).hasSize(6).doesNotHaveDuplicates();
    assertThat(replicas.get(0)).isEqualTo(router.route(key));
  }

  static List<String[]> fixture(String name) throws IOException {
    List<String[]> pairs = new ArrayList<>();
    try (InputStream in =
            Objects.requireNonNull(KetamaPlacementTest.class.getResourceAsStream(name), name);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.trim().split(" ");
        long first = Long.parseLong(parts[0]);
        long last = Long.parseLong(parts[1]);
        String octets = parts[2];
        if ((last - first) / 233 + 1 != octets.length()) {
          throw new IllegalStateException("run " + first + ".." + last + " has a wrong length");
        }
        for (int i = 0; i < octets.length(); i++) {
          pairs.add(
              new String[] {
                Long.toString(first + 233L * i), "10.0.1." + octets.charAt(i) + ":11211"
              });
        }
      }
    }
    return pairs;
  }
}
