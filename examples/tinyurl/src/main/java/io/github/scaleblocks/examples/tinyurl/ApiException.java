package io.github.scaleblocks.examples.tinyurl;

import java.util.Map;

/**
 * A request the service answers with a 4xx or 5xx and a JSON error body {@code {"error": code,
 * "message": message}}. Carries no stack trace: it is an answer, not a bug.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient Map<String, String> headers;

  ApiException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  ApiException(int status, String code, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  static ApiException notFound(String shortCode) {
    return new ApiException(404, "not_found", "no short URL has the code '" + shortCode + "'");
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  Map<String, String> headers() {
    return headers;
  }
}
