package dev.tandem.core.data;

/**
 * Why a stored feedback event cannot be trained on: an event that the current rules reject but
 * that reached the store anyway (written by an older version, by hand, or by a bug). Training
 * skips such events and reports them ({@link FeedbackWeights#problemOf}); {@code tandem doctor}
 * lists them and, except for {@link #UNKNOWN_TYPE}, removes them with {@code --fix}.
 */
public enum FeedbackProblem {
  /** The user id breaks the {@link Ids} policy. */
  USER_ID("invalid_user_id"),
  /** The item id breaks the {@link Ids} policy. */
  ITEM_ID("invalid_item_id"),
  /**
   * The type is not configured in the feedback weights. Not an error in the data: training
   * ignores such events (configure the type to use them) and {@code doctor --fix} keeps them.
   */
  UNKNOWN_TYPE("unknown_type"),
  /** The value is NaN or infinite. */
  VALUE_NOT_FINITE("value_not_finite"),
  /** The value is outside its type's configured range. */
  VALUE_OUT_OF_RANGE("value_out_of_range"),
  /** The timestamp is outside [0, {@value Limits#MAX_TIMESTAMP}]. */
  TIMESTAMP_OUT_OF_RANGE("timestamp_out_of_range");

  private final String key;

  FeedbackProblem(String key) {
    this.key = key;
  }

  /** The name in JSON and reports, e.g. {@code value_out_of_range}. */
  public String key() {
    return key;
  }
}
