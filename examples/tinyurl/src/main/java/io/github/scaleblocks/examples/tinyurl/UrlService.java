package io.github.scaleblocks.examples.tinyurl;

import io.github.scaleblocks.caching.CacheAside;
import io.github.scaleblocks.caching.CacheLoadException;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the API does, without HTTP: create (one or many), look up, visit and delete short URLs.
 * Every refusal is an {@link ApiException}; database failures surface as {@link SQLException}.
 * Thread-safe.
 */
final class UrlService {
  /** Fresh codes tried before giving up; a collision among 3.5 × 10^12 codes is already rare. */
  static final int MAX_CODE_ATTEMPTS = 10;

  private final UrlStore store;
  private final CacheAside<String, CachedUrl> cache;
  private final VisitCounter visits;
  private final ShortCodes codes;
  private final TargetPolicy targets;
  private final Clock clock;
  private final String publicUrl;
  private final boolean redirectCache;

  UrlService(
      UrlStore store,
      CacheAside<String, CachedUrl> cache,
      VisitCounter visits,
      ShortCodes codes,
      TargetPolicy targets,
      Clock clock,
      URI publicUrl) {
    this(store, cache, visits, codes, targets, clock, publicUrl, true);
  }

  /**
   * With {@code redirectCache} false, every redirect reads its shard (the "database read path"
   * before the cache, kept for load-test comparisons); creates and deletes still keep the cache
   * coherent.
   */
  UrlService(
      UrlStore store,
      CacheAside<String, CachedUrl> cache,
      VisitCounter visits,
      ShortCodes codes,
      TargetPolicy targets,
      Clock clock,
      URI publicUrl,
      boolean redirectCache) {
    this.redirectCache = redirectCache;
    this.store = store;
    this.cache = cache;
    this.visits = visits;
    this.codes = codes;
    this.targets = targets;
    this.clock = clock;
    this.publicUrl = publicUrl.toString();
  }

  String publicUrl() {
    return publicUrl;
  }

  /** Checks the parts of {@code request} that need the clock and the target policy. */
  CreateRequest validate(CreateRequest request, String where) {
    String target = targets.check(request.target(), "field '" + where + "target'");
    // the database keeps milliseconds; so does every instant the API shows
    Instant asked = request.expiresAt();
    Instant expiresAt = asked == null ? null : asked.truncatedTo(ChronoUnit.MILLIS);
    if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
      throw ApiException.badRequest(
          "invalid_expiry",
          "field '" + where + "expiresAt' (" + expiresAt + ") is not in the future");
    }
    return new CreateRequest(target, request.alias(), expiresAt, request.maxVisits());
  }

  /** Stores a validated request under its alias or a fresh code; a taken alias is a 409. */
  UrlView create(CreateRequest request, String ownerKeyHash) throws SQLException {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    String alias = request.alias();
    if (alias != null) {
      UrlRecord record = record(alias, true, request, ownerKeyHash, now);
      if (!store.insert(record)) {
        throw new ApiException(409, "alias_taken", "alias '" + alias + "' is already taken");
      }
      // someone may have asked for the alias before it existed: drop the cached "unknown"
      cache.invalidate(alias);
      return view(record, now);
    }
    for (int attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
      UrlRecord record = record(codes.next(), false, request, ownerKeyHash, now);
      if (store.insert(record)) {
        cache.invalidate(record.code());
        return view(record, now);
      }
    }
    throw new ApiException(
        503, "no_free_code", MAX_CODE_ATTEMPTS + " fresh codes in a row were taken; try again");
  }

  /** Creates each request in turn; a taken alias fails only its own item. */
  List<BulkItem> createAll(List<CreateRequest> requests, String ownerKeyHash) throws SQLException {
    List<BulkItem> results = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      try {
        UrlView view = create(requests.get(i), ownerKeyHash);
        results.add(new BulkItem(i, view, null, null));
      } catch (ApiException e) {
        results.add(new BulkItem(i, null, e.code(), e.getMessage()));
      }
    }
    return results;
  }

  /**
   * The target to redirect {@code code} to, counting the visit; a 404 for an unknown code, a 410
   * once expired or used up. The link comes from the cache (its loader reads the shard on a miss);
   * its expiry is checked on every call. A link without a visit limit is counted in memory (see
   * {@link VisitCounter}) and touches no database when cached; a limited one counts its visit with
   * the shard's conditional update, so the limit holds exactly across threads and clones.
   */
  String redirect(String code) throws SQLException {
    CachedUrl url;
    if (!redirectCache) {
      url = store.find(code).map(CachedUrl::of).orElse(null);
    } else {
      try {
        url = cache.get(code);
      } catch (CacheLoadException e) {
        if (e.getCause() instanceof SQLException sql) {
          throw sql;
        }
        throw e;
      }
    }
    if (url == null) {
      throw ApiException.notFound(code);
    }
    Instant now = clock.instant();
    if (url.expiredAt(now.toEpochMilli())) {
      throw expired(code, Instant.ofEpochMilli(url.expiresAtMillis()));
    }
    if (!url.limited()) {
      visits.count(code);
      return url.target();
    }
    UrlStore.Visit visit = store.visit(code, now);
    UrlRecord record = visit.record();
    if (record == null) {
      // deleted by another clone whose invalidation has not reached this one
      cache.invalidate(code);
      throw ApiException.notFound(code);
    }
    if (!visit.counted()) {
      throw gone(record);
    }
    return record.target();
  }

  /**
   * The redirect of {@link #redirect} when it needs neither a database nor a wait: the link is in
   * the cache, live and without a visit limit. Counts the visit and returns the target; otherwise
   * returns {@code null} and counts nothing, and the caller takes {@link #redirect} off the I/O
   * thread. Never blocks (a cache read, a clock read, an in-memory count), so Undertow's I/O
   * threads answer cached redirects without a hand-off to a worker.
   */
  @Nullable String redirectIfCached(String code) {
    if (!redirectCache) {
      return null;
    }
    CachedUrl url = cache.getIfPresent(code);
    if (url == null || url.limited() || url.expiredAt(clock.millis())) {
      return null;
    }
    visits.count(code);
    return url.target();
  }

  private static ApiException expired(String code, Instant expiresAt) {
    return new ApiException(410, "expired", "short URL '" + code + "' expired at " + expiresAt);
  }

  /** The status of a record that exists but did not count a visit, as a 410. */
  private ApiException gone(UrlRecord record) {
    Instant expiresAt = record.expiresAt();
    if (expiresAt != null && record.expiredAt(clock.instant())) {
      return expired(record.code(), expiresAt);
    }
    return new ApiException(
        410,
        "visits_used_up",
        "short URL '" + record.code() + "' has used all of its " + record.maxVisits() + " visits");
  }

  UrlView metadata(String code) throws SQLException {
    UrlRecord record = store.find(code).orElseThrow(() -> ApiException.notFound(code));
    return view(record, clock.instant());
  }

  StatsView stats(String code) throws SQLException {
    return visits.withoutFlush(
        () -> {
          UrlRecord record = store.find(code).orElseThrow(() -> ApiException.notFound(code));
          return stats(record, record.visits() + visits.pending(code));
        });
  }

  private StatsView stats(UrlRecord record, long visitCount) {
    Long max = record.maxVisits();
    return new StatsView(
        record.code(),
        visitCount,
        max,
        max == null ? null : Math.max(0, max - record.visits()),
        record.status(clock.instant()));
  }

  void delete(String code, String ownerKeyHash) throws SQLException {
    switch (store.delete(code, ownerKeyHash)) {
      case DELETED -> cache.invalidate(code);
      case NOT_FOUND -> throw ApiException.notFound(code);
      case NOT_OWNER ->
          throw new ApiException(
              403, "not_owner", "short URL '" + code + "' was created with another API key");
    }
  }

  /**
   * Drops {@code code} from this process's cache: the cluster gateway asks every clone after a
   * delete (or an alias create) through one of them.
   */
  void evict(String code) {
    cache.invalidate(code);
  }

  String shortUrl(String code) {
    return publicUrl + "/" + code;
  }

  private static UrlRecord record(
      String code, boolean custom, CreateRequest request, String ownerKeyHash, Instant now) {
    return new UrlRecord(
        code,
        request.target(),
        ownerKeyHash,
        custom,
        now,
        request.expiresAt(),
        request.maxVisits(),
        0);
  }

  private UrlView view(UrlRecord record, Instant now) {
    Instant expiresAt = record.expiresAt();
    return new UrlView(
        record.code(),
        shortUrl(record.code()),
        record.target(),
        record.customAlias(),
        record.createdAt().toString(),
        expiresAt == null ? null : expiresAt.toString(),
        record.maxVisits(),
        record.status(now),
        store.shardOf(record.code()));
  }

  /** A short URL as the API shows it. */
  record UrlView(
      String code,
      String shortUrl,
      String target,
      boolean customAlias,
      String createdAt,
      @Nullable String expiresAt,
      @Nullable Long maxVisits,
      String status,
      String shard) {}

  /** Visits of a short URL so far. */
  record StatsView(
      String code,
      long visits,
      @Nullable Long maxVisits,
      @Nullable Long remainingVisits,
      String status) {}

  /** One item of a bulk answer: the created URL, or the error that stopped it. */
  record BulkItem(
      int index, @Nullable UrlView created, @Nullable String error, @Nullable String message) {}
}
