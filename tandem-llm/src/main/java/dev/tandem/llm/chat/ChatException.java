package dev.tandem.llm.chat;

/** A chat call that gave no usable answer; {@link #kind()} says why. */
public final class ChatException extends RuntimeException {
  /** Why a call failed. */
  public enum Kind {
    /** No complete answer within the timeout. */
    TIMEOUT,
    /** HTTP 429 after the allowed retries. */
    RATE_LIMITED,
    /** HTTP 5xx after the allowed retries, or the connection failed. */
    UNAVAILABLE,
    /** HTTP 4xx other than 429 (bad key, bad request). */
    REFUSED,
    /** An answer that is not a chat completion (malformed JSON, no choices). */
    MALFORMED
  }

  private final Kind kind;

  /** A failure of {@code kind}. */
  public ChatException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** Why the call failed. */
  public Kind kind() {
    return kind;
  }
}
