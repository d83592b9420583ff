package dev.tandem.core.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configured feedback types: how each turns into interaction strength, and which values it
 * accepts. A "rating" event counts as its type's weight when its value is at least
 * {@code positiveRating}, and 0 (seen, not liked) below it; every other type contributes
 * {@code weight(type) * value}. Negative weights (dislike) mark negative feedback. Immutable.
 *
 * <p><b>No poison.</b> Every value is finite and within its type's {@linkplain #valueRanges()
 * range} (types without one: {@link #defaultRange()}), weights are finite with |w| ≤
 * {@value #MAX_WEIGHT}, and one event's strength, and the sum of one (user, item) pair's events,
 * is clamped to ±{@value #MAX_STRENGTH} (sums are taken in double), so no aggregation can
 * overflow a float. Imports, the REST API and the store check values with {@link #check}; training
 * skips whatever reached the store anyway ({@link #problemOf}).
 *
 * @param weights weight per feedback type name ({@code [a-z][a-z0-9_-]*}, at most 64 characters),
 *     each finite with |w| ≤ {@value #MAX_WEIGHT}
 * @param positiveRating ratings at or above this count as positive
 * @param valueRanges accepted values per configured type ({@code feedback.value_ranges.TYPE});
 *     every key must be a configured type
 * @param defaultRange accepted values of types without their own range ({@code feedback.value_range})
 */
public record FeedbackWeights(Map<String, Double> weights, double positiveRating, Map<String, ValueRange> valueRanges,
    ValueRange defaultRange) {

  /** The rating type's name. */
  public static final String RATING = "rating";
  /** The largest |weight| a type may have. */
  public static final double MAX_WEIGHT = 1000;
  /** The largest |strength| of one event, and of the summed events of one (user, item) pair. */
  public static final double MAX_STRENGTH = 1_000_000;
  /** Values accepted for ratings by default: [0, 100]. */
  public static final ValueRange DEFAULT_RATING_RANGE = new ValueRange(0, 100);
  /** Values accepted for every other type by default: [-1000, 1000]. */
  public static final ValueRange DEFAULT_RANGE = new ValueRange(-1000, 1000);

  /**
   * purchase 3, like 2, rating 1 (when >= 4), click 1, view 0.5, dislike -1; ratings in [0, 100],
   * other values in [-1000, 1000].
   */
  public static final FeedbackWeights DEFAULT = new FeedbackWeights(defaults(), 4.0);

  /**
   * Types with the default ranges: ratings (when configured) in {@link #DEFAULT_RATING_RANGE},
   * others in {@link #DEFAULT_RANGE}.
   */
  public FeedbackWeights(Map<String, Double> weights, double positiveRating) {
    this(weights, positiveRating, weights.containsKey(RATING) ? Map.of(RATING, DEFAULT_RATING_RANGE) : Map.of(),
        DEFAULT_RANGE);
  }

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException naming the key ({@code feedback.weights.TYPE},
   *     {@code feedback.value_ranges.TYPE}, ...), its value and the rule
   */
  public FeedbackWeights {
    for (var e : weights.entrySet()) {
      if (!Feedback.isType(e.getKey())) {
        throw new IllegalArgumentException("feedback type (" + Quote.of(e.getKey()) + ") must match [a-z][a-z0-9_-]*"
            + " and have at most " + Limits.MAX_TYPE + " characters");
      }
      Double w = e.getValue();
      if (w == null || !Double.isFinite(w) || Math.abs(w) > MAX_WEIGHT) {
        throw new IllegalArgumentException("feedback.weights." + e.getKey() + " (" + w + ") must be a finite number in ["
            + ValueRange.format(-MAX_WEIGHT) + ", " + ValueRange.format(MAX_WEIGHT) + "]");
      }
    }
    if (!Double.isFinite(positiveRating)) {
      throw new IllegalArgumentException("feedback.positive_rating (" + positiveRating + ") must be finite");
    }
    if (defaultRange == null) {
      throw new IllegalArgumentException("feedback.value_range must not be null; use FeedbackWeights.DEFAULT_RANGE");
    }
    for (var e : valueRanges.entrySet()) {
      if (!weights.containsKey(e.getKey())) {
        throw new IllegalArgumentException("feedback.value_ranges." + e.getKey() + " names a type that is not in"
            + " feedback.weights " + weights.keySet());
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException("feedback.value_ranges." + e.getKey() + " must not be null");
      }
    }
    weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    valueRanges = Collections.unmodifiableMap(new LinkedHashMap<>(valueRanges));
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

  /** The values {@code type} accepts: its own range, else {@link #defaultRange()}. */
  public ValueRange range(String type) {
    ValueRange r = valueRanges.get(type);
    return r != null ? r : defaultRange;
  }

  /**
   * What is wrong with {@code value} for {@code type}, e.g.
   * {@code value (1.0E308) must be in [-1000, 1000] (feedback.value_ranges.click)}; {@code null}
   * when it is finite and in the type's range. Types not configured take the default range
   * (whether a type is accepted at all is the caller's rule).
   */
  public String valueProblem(String type, double value) {
    ValueRange r = range(type);
    if (r.contains(value)) {
      return null;
    }
    return "value (" + value + ") must be " + (Double.isFinite(value) ? "" : "finite and ") + "in " + r
        + " (feedback.value_ranges." + type + ")";
  }

  /**
   * Checks one event's value against its type's range.
   *
   * @param index the event's position in its batch, for the message
   * @throws IllegalArgumentException naming the event, e.g. {@code feedback[3] (user "u1", item
   *     "i9", type click): value (1.0E308) must be in [-1000, 1000] (feedback.value_ranges.click)}
   */
  public void check(int index, Feedback event) {
    String problem = valueProblem(event.type(), event.value());
    if (problem != null) {
      throw new IllegalArgumentException(describe(index, event.user(), event.item(), event.type()) + ": " + problem);
    }
  }

  /** {@code feedback[3] (user "u1", item "i9", type click)}: an event named in messages, values quoted. */
  public static String describe(long index, String user, String item, String type) {
    return "feedback[" + index + "] (user " + Quote.of(user, 64) + ", item " + Quote.of(item, 64) + ", type "
        + (Feedback.isType(type) ? type : Quote.of(type, 64)) + ")";
  }

  /**
   * Whether training uses an event of these fields: type configured, value finite and in range
   * (ids and timestamp are checked by {@link #problemOf}). Allocates nothing.
   */
  public boolean accepts(String type, double value) {
    return knows(type) && range(type).contains(value);
  }

  /**
   * Why a stored event cannot be trained on, or {@code null} when it can: the first of invalid
   * user id, invalid item id, unconfigured type, non-finite value, value out of its range,
   * timestamp out of range. Allocates nothing for a valid event.
   */
  public FeedbackProblem problemOf(String user, String item, String type, double value, long timestamp) {
    if (!Ids.isValid(user)) {
      return FeedbackProblem.USER_ID;
    }
    if (!Ids.isValid(item)) {
      return FeedbackProblem.ITEM_ID;
    }
    if (!knows(type)) {
      return FeedbackProblem.UNKNOWN_TYPE;
    }
    if (!Double.isFinite(value)) {
      return FeedbackProblem.VALUE_NOT_FINITE;
    }
    if (!range(type).contains(value)) {
      return FeedbackProblem.VALUE_OUT_OF_RANGE;
    }
    if (timestamp < 0 || timestamp > Limits.MAX_TIMESTAMP) {
      return FeedbackProblem.TIMESTAMP_OUT_OF_RANGE;
    }
    return null;
  }

  /**
   * {@link #problemOf} in words, e.g. <code>item ("sur&#92;uD800") has a lone surrogate U+D800 at index 3</code>
   * or {@code value (Infinity) must be finite and in [-1000, 1000] (feedback.value_ranges.click)};
   * {@code null} when the event can be trained on.
   */
  public String explain(String user, String item, String type, double value, long timestamp) {
    FeedbackProblem p = problemOf(user, item, type, value, timestamp);
    if (p == null) {
      return null;
    }
    return switch (p) {
      case USER_ID -> "user (" + Quote.of(user) + ") " + Ids.problem(user, Ids.MAX_CODE_POINTS);
      case ITEM_ID -> "item (" + Quote.of(item) + ") " + Ids.problem(item, Ids.MAX_CODE_POINTS);
      case UNKNOWN_TYPE -> "type (" + Quote.of(type) + ") is not configured in feedback.weights " + weights.keySet();
      case VALUE_NOT_FINITE, VALUE_OUT_OF_RANGE -> valueProblem(type, value);
      case TIMESTAMP_OUT_OF_RANGE -> "timestamp (" + timestamp + ") must be in [0, " + Limits.MAX_TIMESTAMP + "]";
    };
  }

  /**
   * The interaction strength of one event, clamped to ±{@value #MAX_STRENGTH}.
   *
   * @throws IllegalArgumentException if {@code type} is not configured or {@code value} is not finite
   */
  public float weight(String type, double value) {
    Double w = weights.get(type);
    if (w == null) {
      throw new IllegalArgumentException("feedback type (" + Quote.of(type) + ") is not configured; expected one of "
          + weights.keySet());
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("feedback value (" + value + ") must be finite");
    }
    if (RATING.equals(type)) {
      return value >= positiveRating ? w.floatValue() : 0f;
    }
    return (float) clamp(w * value);
  }

  /** {@code strength} clamped to ±{@value #MAX_STRENGTH}: how every sum of strengths is bounded. */
  public static double clamp(double strength) {
    return Math.max(-MAX_STRENGTH, Math.min(MAX_STRENGTH, strength));
  }
}
