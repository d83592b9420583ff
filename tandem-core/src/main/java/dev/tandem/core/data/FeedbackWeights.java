package dev.tandem.core.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How feedback types turn into interaction strength. A "rating" event counts as its type's
 * weight when its value is at least {@code positiveRating}, and 0 (seen, not liked) below it;
 * every other type contributes {@code weight(type) * value}. Negative weights (dislike) mark
 * negative feedback. Immutable.
 *
 * @param weights weight per feedback type name
 * @param positiveRating ratings at or above this count as positive
 */
public record FeedbackWeights(Map<String, Double> weights, double positiveRating) {

  /** The rating type's name. */
  public static final String RATING = "rating";

  /** purchase 3, like 2, rating 1 (when >= 4), click 1, view 0.5, dislike -1. */
  public static final FeedbackWeights DEFAULT = new FeedbackWeights(defaults(), 4.0);

  public FeedbackWeights {
    for (var e : weights.entrySet()) {
      if (!e.getKey().matches("[a-z][a-z0-9_-]*")) {
        throw new IllegalArgumentException("feedback type (" + e.getKey() + ") must match [a-z][a-z0-9_-]*");
      }
      if (e.getValue() == null || !Double.isFinite(e.getValue())) {
        throw new IllegalArgumentException("feedback.weights." + e.getKey() + " (" + e.getValue() + ") must be a finite number");
      }
    }
    if (!Double.isFinite(positiveRating)) {
      throw new IllegalArgumentException("feedback.positive_rating (" + positiveRating + ") must be finite");
    }
    weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
  }

  private static Map<String, Double> defaults() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("purchase", 3.0);
    m.put("like", 2.0);
    m.put(RATING, 1.0);
    m.put("click", 1.0);
    m.put("view", 0.5);
    m.put("dislike", -1.0);
    return m;
  }

  /** Whether {@code type} is configured. */
  public boolean knows(String type) {
    return weights.containsKey(type);
  }

  /**
   * The interaction strength of one event.
   *
   * @throws IllegalArgumentException if {@code type} is not configured
   */
  public float weight(String type, double value) {
    Double w = weights.get(type);
    if (w == null) {
      throw new IllegalArgumentException("feedback type (" + type + ") is not configured; expected one of " + weights.keySet());
    }
    if (RATING.equals(type)) {
      return value >= positiveRating ? w.floatValue() : 0f;
    }
    return (float) (w * value);
  }
}
