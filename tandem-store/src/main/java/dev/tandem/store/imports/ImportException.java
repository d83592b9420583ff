package dev.tandem.store.imports;

/**
 * An import failed and was rolled back: the store is exactly as it was. The message names the
 * file, the line, the field and what was expected, e.g.
 * {@code u.data line 17: field rating ("x") must be a number}.
 */
public class ImportException extends RuntimeException {

  /** A failure described by {@code message}. */
  public ImportException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public ImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
