package dev.tandem.core.data;

/**
 * One feedback event: a user did something to an item.
 *
 * @param user external user id (non-empty)
 * @param item external item id (non-empty)
 * @param type feedback type, lower-case, as configured in {@link FeedbackWeights} (e.g. "rating", "click")
 * @param value the event's value: the rating for "rating", otherwise a multiplier (1 for a plain event)
 * @param timestamp epoch seconds, 0 when unknown
 */
public record Feedback(String user, String item, String type, double value, long timestamp) {
  public Feedback {
    if (user == null || user.isEmpty()) {
      throw new IllegalArgumentException("feedback user must be non-empty");
    }
    if (item == null || item.isEmpty()) {
      throw new IllegalArgumentException("feedback item must be non-empty");
    }
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("feedback type must be non-empty");
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("feedback value (" + value + ") must be finite");
    }
  }
}
