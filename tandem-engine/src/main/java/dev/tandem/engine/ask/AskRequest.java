package dev.tandem.engine.ask;

import dev.tandem.core.data.Quote;
import dev.tandem.engine.Deadline;
import java.util.Objects;

/**
 * A natural-language request.
 *
 * @param user the user whose stored history personalises the answer, {@code ""} for none
 * @param session the conversation so far ({@link Session#NEW} outside a conversation)
 * @param text what the person said, in English or Chinese (not blank)
 * @param n how many items to return when the text names no count (1..1000)
 * @param deadline when the request must stop working ({@link Deadline#NONE} for never); a chat
 *     parser or rerank gets only the time left, and is skipped when too little is left
 */
public record AskRequest(String user, Session session, String text, int n, Deadline deadline) {
  /** A request without a deadline. */
  public AskRequest(String user, Session session, String text, int n) {
    this(user, session, text, n, Deadline.NONE);
  }

  /** Validates. */
  public AskRequest {
    Objects.requireNonNull(deadline, "deadline (use Deadline.NONE for none)");
    if (user == null) {
      throw new IllegalArgumentException("user must not be null; use \"\" for none");
    }
    if (session == null) {
      throw new IllegalArgumentException("session must not be null; use Session.NEW");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("query (" + Quote.of(text) + ") must not be blank");
    }
    if (n < 1 || n > 1000) {
      throw new IllegalArgumentException("n (" + n + ") must be in 1..1000");
    }
    user = user.strip();
  }
}
