package dev.tandem.server;

/**
 * A request the API refuses: the HTTP status and a message naming the field, the value and what
 * was expected. Rendered as {@code {"error": ..., "field": ...}}.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String field;

  /** An error with {@code status} about {@code field} ("" when no single field is at fault). */
  public ApiError(int status, String field, String message) {
    super(message);
    this.status = status;
    this.field = field;
  }

  /** A 400 about {@code field}. */
  public static ApiError badRequest(String field, String message) {
    return new ApiError(400, field, field + ": " + message);
  }

  /** A 404 for an unknown id. */
  public static ApiError notFound(String what, String id) {
    return new ApiError(404, "", what + " '" + id + "' not found");
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
