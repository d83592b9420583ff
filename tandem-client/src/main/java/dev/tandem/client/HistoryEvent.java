package dev.tandem.client;

/**
 * One event of an anonymous history ({@link AnonymousRequest}): like a {@link FeedbackEvent}
 * without a user.
 *
 * @param item the item's id (non-blank)
 * @param type a configured feedback type
 * @param value the event's value; finite
 * @param ts epoch seconds (orders the history)
 */
public record HistoryEvent(String item, String type, double value, long ts) {

  /** @throws IllegalArgumentException if the item or type is blank, or the value is not finite */
  public HistoryEvent {
    Checks.nonBlank("item", item);
    Checks.nonBlank("type", type);
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value (" + value + ") must be finite");
    }
  }

  /** An implicit event of {@code type} with value 1. */
  public static HistoryEvent of(String item, String type, long ts) {
    return new HistoryEvent(item, type, 1, ts);
  }
}
