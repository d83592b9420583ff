package dev.tandem.core.data;

import java.util.regex.Pattern;

/**
 * One feedback event: a user did something to an item. Every field is checked here, so that no
 * event the Java API, an importer or the REST API accepts can break a later training run; whether
 * the value is in its type's range is configuration ({@link FeedbackWeights#check}).
 *
 * @param user external user id (the {@link Ids} policy)
 * @param item external item id (the {@link Ids} policy)
 * @param type feedback type: {@code [a-z][a-z0-9_-]*}, at most {@value Limits#MAX_TYPE} characters,
 *     configured in {@link FeedbackWeights} to count in training (e.g. "rating", "click")
 * @param value the event's value, finite: the rating for "rating", otherwise a multiplier (1 for a
 *     plain event)
 * @param timestamp epoch seconds in [0, {@value Limits#MAX_TIMESTAMP}], 0 when unknown
 */
public record Feedback(String user, String item, String type, double value, long timestamp) {
  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]*");

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException naming the field, its (quoted) value and the rule
   */
  public Feedback {
    Ids.check("user", user);
    Ids.check("item", item);
    checkType("type", type);
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value (" + value + ") must be finite");
    }
    Limits.timestamp("timestamp", timestamp);
  }

  /**
   * Returns {@code type} when it is a valid feedback type name: {@code [a-z][a-z0-9_-]*}, at most
   * {@value Limits#MAX_TYPE} characters.
   *
   * @throws IllegalArgumentException naming {@code field} and the value
   */
  public static String checkType(String field, String type) {
    if (!isType(type)) {
      throw new IllegalArgumentException(field + " (" + Quote.of(type) + ") must match [a-z][a-z0-9_-]* and have at most "
          + Limits.MAX_TYPE + " characters");
    }
    return type;
  }

  /** Whether {@code type} is a valid feedback type name. */
  public static boolean isType(String type) {
    return type != null && !type.isEmpty() && type.length() <= Limits.MAX_TYPE && TYPE.matcher(type).matches();
  }

  /**
   * Whether an event with these fields can be a {@code Feedback} (ids, type name, finite value,
   * timestamp range); for skipping rows stored by older versions without throwing.
   */
  public static boolean isValid(String user, String item, String type, double value, long timestamp) {
    return Ids.isValid(user) && Ids.isValid(item) && isType(type) && Double.isFinite(value) && timestamp >= 0
        && timestamp <= Limits.MAX_TIMESTAMP;
  }
}
