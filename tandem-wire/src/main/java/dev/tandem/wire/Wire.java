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

  /** The media type of an error body (RFC 9457 problem details). */
  public static final String PROBLEM_JSON = "application/problem+json";

  /**
   * An error body, RFC 9457 problem details ({@link #PROBLEM_JSON}): {@code {type, title, status,
   * detail, error, field?, value?, expected?}}; type is {@code about:blank} (the status says what
   * kind of problem it is), title the status's reason phrase, detail and error (the key written
   * before problem details, kept for clients that read it) the message; each of field, value and
   * expected present only when not empty. Schema {@code Problem} in {@link Schemas}.
   */
  public static Map<String, Object> error(int status, String field, String value, String expected, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    String text = message == null ? "" : message;
    m.put("type", "about:blank");
    m.put("title", reason(status));
    m.put("status", status);
    m.put("detail", text);
    m.put("error", text);
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

  /** The reason phrase of an HTTP error status (RFC 9110), "Error" for one it does not name. */
  static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 411 -> "Length Required";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      case 505 -> "HTTP Version Not Supported";
      default -> status >= 500 ? "Server Error" : "Client Error";
    };
  }

  /** The error body of {@code e}: its status, message, field, value and expected. */
  public static Map<String, Object> error(ApiException e) {
    return error(e.status(), e.field(), e.value(), e.expected(), e.getMessage());
  }
}
