package dev.tandem.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tandem.engine.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the JSON of the public API: compact for REST bodies, indented for {@code tandem ... --json}.
 * The bodies themselves are built by this module's {@code *Json} classes as maps in their key order,
 * so the server and the CLI show one format. Thread-safe.
 */
public final class Wire {
  private static final ObjectMapper COMPACT = new ObjectMapper();
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Wire() {}

  /**
   * {@code value} as compact JSON (a REST body).
   *
   * @throws IllegalStateException if Jackson cannot write it (a bug: bodies hold maps, lists and scalars)
   */
  public static String compact(Object value) {
    try {
      return COMPACT.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }

  /**
   * {@code value} as indented JSON (a {@code --json} output), keys in the maps' order.
   *
   * @throws IllegalStateException if Jackson cannot write it
   */
  public static String pretty(Object value) {
    try {
      return PRETTY.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
    }
  }

  /**
   * An error body: {@code {status, error, field?, value?, expected?}}, each optional key present
   * only when not empty.
   */
  public static Map<String, Object> error(int status, String field, String value, String expected, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status);
    m.put("error", message == null ? "" : message);
    if (!field.isEmpty()) {
      m.put("field", field);
    }
    if (!value.isEmpty()) {
      m.put("value", value);
    }
    if (!expected.isEmpty()) {
      m.put("expected", expected);
    }
    return m;
  }

  /** The error body of {@code e}: its status, message, field, value and expected. */
  public static Map<String, Object> error(ApiException e) {
    return error(e.status(), e.field(), e.value(), e.expected(), e.getMessage());
  }
}
