package dev.tandem.llm.embed;

/**
 * An embedding backend failed: a model could not be loaded or run, or an embedding service
 * answered with an error, malformed data or not at all. Caller mistakes (a null text, a bad
 * option) are {@link IllegalArgumentException}s instead.
 */
public class EmbeddingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a message that says what failed, where, and with which value. */
  public EmbeddingException(String message) {
    super(message);
  }

  /** An error with a message and its cause. */
  public EmbeddingException(String message, Throwable cause) {
    super(message, cause);
  }
}
