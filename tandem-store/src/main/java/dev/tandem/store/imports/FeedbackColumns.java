package dev.tandem.store.imports;

import dev.tandem.core.data.FeedbackWeights;
import java.util.Locale;

/** The rule shared by the CSV and JSON Lines feedback formats for an event's type and value. */
final class FeedbackColumns {
  /** The type of events without a type or rating. */
  static final String DEFAULT_TYPE = "click";

  private FeedbackColumns() {}

  /** type: the type field if non-empty, else "rating" when the rating field is present, else "click". */
  static String type(String typeValue, boolean hasRating) {
    if (typeValue != null && !typeValue.isBlank()) {
      return typeValue.trim().toLowerCase(Locale.ROOT);
    }
    return hasRating ? FeedbackWeights.RATING : DEFAULT_TYPE;
  }
}
