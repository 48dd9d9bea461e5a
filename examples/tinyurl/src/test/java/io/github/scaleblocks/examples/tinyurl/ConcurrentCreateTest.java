package io.github.scaleblocks.examples.tinyurl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentCreateTest {
  private static final int THREADS = 8;
  private static final int CREATES_PER_THREAD = 500;

  @Test
  void concurrentCreatesGetDistinctCodesThatAllRedirect(@TempDir Path data) throws Exception {
    try (TestServer http = new TestServer(data)) {
      Map<String, String> targets = new ConcurrentHashMap<>();
      List<String> codes = java.util.Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          work.add(
              pool.submit(
                  () -> {
                    go.await();
                    for (int i = 0; i < CREATES_PER_THREAD; i++) {
                      String target = "https://example.com/" + thread + "/" + i;
                      String code = http.create(target);
                      codes.add(code);
                      targets.put(code, target);
                    }
                    return null;
                  }));
        }
        go.countDown();
        for (Future<?> future : work) {
          future.get(120, TimeUnit.SECONDS);
        }

        assertThat(codes).hasSize(THREADS * CREATES_PER_THREAD);
        assertThat(new HashSet<>(codes)).hasSize(codes.size());
        assertThat(targets).hasSize(codes.size());

        List<Future<?>> checks = new ArrayList<>();
        List<String> all = List.copyOf(codes);
        for (int t = 0; t < THREADS; t++) {
          int from = t * CREATES_PER_THREAD;
          checks.add(
              pool.submit(
                  () -> {
                    for (String code : all.subList(from, from + CREATES_PER_THREAD)) {
                      HttpResponse<String> redirect = http.get("/" + code);
                      assertThat(redirect.statusCode()).isEqualTo(302);
                      assertThat(redirect.headers().firstValue("Location"))
                          .contains(targets.get(code));
                    }
                    return null;
                  }));
        }
        for (Future<?> future : checks) {
          future.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void concurrentVisitsNeverCountPastTheLimit(@TempDir Path data) throws Exception {
    try (TestServer http = new TestServer(data)) {
      String code =
          http.body(
                  http.post("/api/urls", "{\"target\":\"https://example.com/\",\"maxVisits\":25}"))
              .get("code")
              .asText();
      AtomicInteger redirected = new AtomicInteger();
      AtomicInteger gone = new AtomicInteger();
      Set<Integer> otherStatuses = ConcurrentHashMap.newKeySet();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          work.add(
              pool.submit(
                  () -> {
                    go.await();
                    for (int i = 0; i < 10; i++) {
                      int status = http.get("/" + code).statusCode();
                      if (status == 302) {
                        redirected.incrementAndGet();
                      } else if (status == 410) {
                        gone.incrementAndGet();
                      } else {
                        otherStatuses.add(status);
                      }
                    }
                    return null;
                  }));
        }
        go.countDown();
        for (Future<?> future : work) {
          future.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(otherStatuses).isEmpty();
      assertThat(redirected).hasValue(25);
      assertThat(gone).hasValue(THREADS * 10 - 25);
      assertThat(http.body(http.get("/api/urls/" + code + "/stats")).get("visits").asLong())
          .isEqualTo(25);
    }
  }

  @Test
  void concurrentVisitsOfAnUnlimitedLinkAreAllCounted(@TempDir Path data) throws Exception {
    try (TestServer http = new TestServer(data)) {
      String code = http.create("https://example.com/");
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          work.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 25; i++) {
                      assertThat(http.get("/" + code).statusCode()).isEqualTo(302);
                    }
                    return null;
                  }));
        }
        for (Future<?> future : work) {
          future.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(http.body(http.get("/api/urls/" + code + "/stats")).get("visits").asLong())
          .isEqualTo(THREADS * 25L);
    }
  }
}
