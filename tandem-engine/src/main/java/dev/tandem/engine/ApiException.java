package dev.tandem.engine;

/**
 * A request refused for a known reason, typed where the fact is known (the engine, the server's
 * parsers, its guard) so that no caller maps an error by its message text: the HTTP status it
 * answers with, the field at fault, the value as the message shows it, what was expected, and the
 * full message (which names all three). The REST API renders it as
 * {@code {status, error, field?, value?, expected?}}; the CLI prints its message.
 *
 * <p>Immutable and thread-safe.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String field;
  private final String value;
  private final String expected;
  private final long retryAfterSeconds;

  /**
   * An error with {@code status} about {@code field}.
   *
   * @param status the HTTP status, 400..599
   * @param field the field at fault, "" when no single field is
   * @param value the offending value as the message shows it, "" when none is shown
   * @param expected what was expected, "" when the message says no rule
   * @param message the whole message, naming field, value and rule
   * @param retryAfterSeconds seconds for {@code Retry-After}, 0 for none
   * @throws IllegalArgumentException if status is outside 400..599 or retryAfterSeconds is negative
   */
  public ApiException(int status, String field, String value, String expected, String message,
      long retryAfterSeconds) {
    super(message);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status (" + status + ") must be in 400..599");
    }
    if (retryAfterSeconds < 0) {
      throw new IllegalArgumentException("retryAfterSeconds (" + retryAfterSeconds + ") must be >= 0");
    }
    this.status = status;
    this.field = field == null ? "" : field;
    this.value = value == null ? "" : value;
    this.expected = expected == null ? "" : expected;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** An error with {@code status} about {@code field} ("" for none) whose message says the rest. */
  public ApiException(int status, String field, String message) {
    this(status, field, "", "", message, 0);
  }

  /**
   * A 400: {@code field} got {@code value}; the message reads {@code "field: got VALUE; expected
   * EXPECTED"}.
   *
   * @param value the value as it is to be shown (quoted and cut by the caller)
   */
  public static ApiException invalid(String field, String value, String expected) {
    return new ApiException(400, field, value, expected, field + ": got " + value + "; expected " + expected, 0);
  }

  /**
   * A 400 whose problem is not a single value ({@code "missing"}, {@code "has 12 events"}): the
   * message reads {@code "field: PROBLEM; expected EXPECTED"}.
   */
  public static ApiException refused(String field, String problem, String expected) {
    return new ApiException(400, field, "", expected, field + ": " + problem + "; expected " + expected, 0);
  }

  /** A 400 about {@code field} whose message (after {@code "field: "}) says value and rule. */
  public static ApiException badRequest(String field, String message) {
    return new ApiException(400, field, "", "", field + ": " + message, 0);
  }

  /**
   * A 404 for an unknown id: {@code "WHAT 'ID' not found"}. No field is at fault (the id is the
   * resource's name, in the path or the body), so the message alone names it.
   *
   * @param id the id as it is to be shown (escaped and cut by the caller)
   */
  public static ApiException notFound(String what, String id) {
    return new ApiException(404, "", what + " '" + id + "' not found");
  }

  /** A 429 telling the client to retry after {@code seconds}. */
  public static ApiException tooMany(String message, long seconds) {
    return new ApiException(429, "", "", "", message, seconds);
  }

  /** A 503 telling the client to retry after {@code seconds} (the service will be back by itself). */
  public static ApiException unavailable(String message, long seconds) {
    return new ApiException(503, "", "", "", message, seconds);
  }

  /** The HTTP status, 400..599. */
  public int status() {
    return status;
  }

  /** The offending field, "" when none. */
  public String field() {
    return field;
  }

  /** The offending value as the message shows it, "" when none is shown. */
  public String value() {
    return value;
  }

  /** What was expected, "" when the message states no rule. */
  public String expected() {
    return expected;
  }

  /** Seconds for {@code Retry-After}; 0 when the answer carries none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
