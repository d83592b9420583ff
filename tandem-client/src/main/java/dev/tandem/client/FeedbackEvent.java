package dev.tandem.client;

/**
 * One feedback event for {@link TandemClient#sendFeedback}. The store identifies an event by
 * (user, item, type, ts): sending the same event again replaces its value.
 *
 * @param user the user's id (non-blank; an unknown user is created bare)
 * @param item the item's id (non-blank; an unknown item is created bare)
 * @param type a feedback type configured in the server's {@code [feedback]} weights, e.g.
 *     {@code "rating"}, {@code "like"}
 * @param value the event's value (a rating, or 1 for implicit events); finite
 * @param ts epoch seconds
 */
public record FeedbackEvent(String user, String item, String type, double value, long ts) {

  /** @throws IllegalArgumentException if an id or the type is blank, or the value is not finite */
  public FeedbackEvent {
    Checks.nonBlank("user", user);
    Checks.nonBlank("item", item);
    Checks.nonBlank("type", type);
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value (" + value + ") must be finite");
    }
  }

  /** An implicit event of {@code type} with value 1 at {@code ts} epoch seconds. */
  public static FeedbackEvent of(String user, String item, String type, long ts) {
    return new FeedbackEvent(user, item, type, 1, ts);
  }

  /** A {@code rating} event with {@code value} at {@code ts} epoch seconds. */
  public static FeedbackEvent rating(String user, String item, double value, long ts) {
    return new FeedbackEvent(user, item, "rating", value, ts);
  }
}
