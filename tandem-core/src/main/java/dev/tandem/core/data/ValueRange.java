package dev.tandem.core.data;

/**
 * A closed range [min, max] of feedback values accepted for one feedback type (see
 * {@link FeedbackWeights#valueRanges()}). Immutable.
 *
 * @param min smallest accepted value, finite, at least -{@value #MAX_BOUND}
 * @param max largest accepted value, finite, at least {@code min} and at most {@value #MAX_BOUND}
 */
public record ValueRange(double min, double max) {
  /** The largest magnitude a configured bound may have. */
  public static final double MAX_BOUND = 1_000_000;

  /**
   * Validates the bounds.
   *
   * @throws IllegalArgumentException if a bound is not finite, beyond ±{@value #MAX_BOUND}, or
   *     {@code min > max}
   */
  public ValueRange {
    if (!Double.isFinite(min) || !Double.isFinite(max) || min > max || Math.abs(min) > MAX_BOUND
        || Math.abs(max) > MAX_BOUND) {
      throw new IllegalArgumentException("value range [" + min + ", " + max + "] must have finite bounds, min <= max,"
          + " within [-" + format(MAX_BOUND) + ", " + format(MAX_BOUND) + "]");
    }
  }

  /** Whether {@code value} is in the range (false for NaN). */
  public boolean contains(double value) {
    return value >= min && value <= max;
  }

  /** {@code [0, 100]}: whole bounds without a fraction. */
  @Override
  public String toString() {
    return "[" + format(min) + ", " + format(max) + "]";
  }

  static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
