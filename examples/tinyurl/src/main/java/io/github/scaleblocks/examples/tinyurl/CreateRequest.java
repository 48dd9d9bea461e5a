package io.github.scaleblocks.examples.tinyurl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One create request, read field by field from a JSON object so every problem gets its own message
 * naming the field: unknown fields, wrong JSON types, a missing target, a bad alias, an expiry that
 * is not an ISO-8601 instant, a visit limit that is not a positive whole number. The target's own
 * rules (scheme, length, address) are checked afterwards by {@link TargetPolicy}.
 */
record CreateRequest(
    String target, @Nullable String alias, @Nullable Instant expiresAt, @Nullable Long maxVisits) {

  static final Set<String> FIELDS = Set.of("target", "alias", "expiresAt", "maxVisits");

  /** Reads {@code node}; {@code where} prefixes field names in messages ({@code "urls[3]."}). */
  static CreateRequest parse(JsonNode node, String where) {
    if (!node.isObject()) {
      throw bad(
          "invalid_json",
          where.isEmpty() ? "the body must be a JSON object" : where + " must be a JSON object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      String name = it.next().getKey();
      if (!FIELDS.contains(name)) {
        throw bad(
            "unknown_field",
            "unknown field '"
                + where
                + Errors.printable(name)
                + "'; the fields are target, alias, expiresAt and maxVisits");
      }
    }
    JsonNode targetNode = node.get("target");
    if (targetNode == null || targetNode.isNull()) {
      throw bad("missing_target", "field '" + where + "target' is required");
    }
    if (!targetNode.isTextual()) {
      throw wrongType(where + "target", "a string", targetNode);
    }
    String alias = optionalText(node, "alias", where);
    if (alias != null) {
      String problem = ShortCodes.aliasProblem(alias);
      if (problem != null) {
        throw bad("invalid_alias", problem);
      }
    }
    Instant expiresAt = null;
    String expiry = optionalText(node, "expiresAt", where);
    if (expiry != null) {
      try {
        expiresAt = Instant.parse(expiry);
      } catch (DateTimeParseException e) {
        throw bad(
            "invalid_expiry",
            "field '"
                + where
                + "expiresAt' must be an ISO-8601 instant such as 2030-01-01T00:00:00Z but was '"
                + Errors.printable(expiry)
                + "'");
      }
    }
    Long maxVisits = null;
    JsonNode maxNode = node.get("maxVisits");
    if (maxNode != null && !maxNode.isNull()) {
      if (!maxNode.isIntegralNumber()) {
        throw wrongType(where + "maxVisits", "a whole number", maxNode);
      }
      if (!maxNode.canConvertToLong() || maxNode.longValue() < 1) {
        throw bad(
            "invalid_max_visits",
            "field '" + where + "maxVisits' must be a positive whole number but was " + maxNode);
      }
      maxVisits = maxNode.longValue();
    }
    return new CreateRequest(targetNode.textValue(), alias, expiresAt, maxVisits);
  }

  private static @Nullable String optionalText(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw wrongType(where + field, "a string", value);
    }
    return value.textValue();
  }

  private static ApiException wrongType(String field, String expected, JsonNode actual) {
    return bad(
        "wrong_type", "field '" + field + "' must be " + expected + " but was " + typeName(actual));
  }

  static String typeName(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case STRING -> "a string";
      case NULL, MISSING -> "null";
      case BINARY -> "binary";
    };
  }

  private static ApiException bad(String code, String message) {
    return ApiException.badRequest(code, message);
  }
}
