package io.github.scaleblocks.examples.tinyurl;

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
  private final ShortCodes codes;
  private final TargetPolicy targets;
  private final Clock clock;
  private final String publicUrl;

  UrlService(UrlStore store, ShortCodes codes, TargetPolicy targets, Clock clock, URI publicUrl) {
    this.store = store;
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
      return view(record, now);
    }
    for (int attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
      UrlRecord record = record(codes.next(), false, request, ownerKeyHash, now);
      if (store.insert(record)) {
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

  UrlStore.Visit visit(String code) throws SQLException {
    return store.visit(code, clock.instant());
  }

  /** The status of a record that exists but did not count a visit, as a 410. */
  ApiException gone(UrlRecord record) {
    if (record.expiredAt(clock.instant())) {
      return new ApiException(
          410, "expired", "short URL '" + record.code() + "' expired at " + record.expiresAt());
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
    UrlRecord record = store.find(code).orElseThrow(() -> ApiException.notFound(code));
    Long max = record.maxVisits();
    return new StatsView(
        record.code(),
        record.visits(),
        max,
        max == null ? null : Math.max(0, max - record.visits()),
        record.status(clock.instant()));
  }

  void delete(String code, String ownerKeyHash) throws SQLException {
    switch (store.delete(code, ownerKeyHash)) {
      case DELETED -> {}
      case NOT_FOUND -> throw ApiException.notFound(code);
      case NOT_OWNER ->
          throw new ApiException(
              403, "not_owner", "short URL '" + code + "' was created with another API key");
    }
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
