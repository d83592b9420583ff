package dev.tandem.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Argument checks shared by the request records; messages name the field, the value and the rule. */
final class Checks {
  private Checks() {}

  static String nonBlank(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " (" + (value == null ? "null" : "'" + value + "'")
          + ") must be a non-blank string");
    }
    return value;
  }

  static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  static Map<String, Object> attributes(Map<String, ?> attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : attributes.entrySet()) {
      Object v = e.getValue();
      boolean ok = v instanceof String || (v instanceof Number n && Double.isFinite(n.doubleValue()));
      if (e.getKey() == null || !ok) {
        throw new IllegalArgumentException("attributes." + e.getKey() + " (" + v
            + ") must be a string or a finite number");
      }
      out.put(e.getKey(), v);
    }
    return Collections.unmodifiableMap(out);
  }
}
