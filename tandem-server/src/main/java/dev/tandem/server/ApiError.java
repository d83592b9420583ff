package dev.tandem.server;

/**
 * A request the API refuses: the HTTP status and a message naming the field, the value and what
 * was expected. Rendered as {@code {"error": ..., "field": ...}}.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String field;
  private final long retryAfterSeconds;

  /** An error with {@code status} about {@code field} ("" when no single field is at fault). */
  public ApiError(int status, String field, String message) {
    this(status, field, message, 0);
  }

  private ApiError(int status, String field, String message, long retryAfterSeconds) {
    super(message);
    this.status = status;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** A 429 telling the client to retry after {@code seconds}. */
  public static ApiError tooMany(String message, long seconds) {
    return new ApiError(429, "", message, seconds);
  }

  /** A 503 telling the client to retry after {@code seconds} (the service will be back by itself). */
  public static ApiError unavailable(String message, long seconds) {
    return new ApiError(503, "", message, seconds);
  }

  /** Seconds for {@code Retry-After}; 0 when the answer carries none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** A 400 about {@code field}. */
  public static ApiError badRequest(String field, String message) {
    return new ApiError(400, field, field + ": " + message);
  }

  /** A 404 for an unknown id. */
  public static ApiError notFound(String what, String id) {
    return new ApiError(404, "", what + " '" + Values.quoteText(id) + "' not found");
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The offending field, "" when none. */
  public String field() {
    return field;
  }
}
