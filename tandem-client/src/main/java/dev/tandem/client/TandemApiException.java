package dev.tandem.client;

/**
 * The server answered with a non-2xx status. The message is the server's, naming the field, the
 * value and what was expected (e.g. {@code "n: got '0'; expected an integer in 1..1000"}).
 */
public final class TandemApiException extends RuntimeException {
  private final int status;
  private final String field;

  /**
   * @param status the HTTP status
   * @param field the request field at fault ("" when none, e.g. for a 404 or a 500)
   * @param message the server's error message
   */
  public TandemApiException(int status, String field, String message) {
    super(message);
    this.status = status;
    this.field = field == null ? "" : field;
  }

  /** The HTTP status, e.g. 400, 401, 403, 404, 503. */
  public int status() {
    return status;
  }

  /** The request field at fault as a JSON path ({@code "[1].title"}, {@code "n"}); "" when none. */
  public String field() {
    return field;
  }
}
