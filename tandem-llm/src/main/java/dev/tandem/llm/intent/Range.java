package dev.tandem.llm.intent;

/**
 * A numeric constraint on an item attribute, bounds inclusive; an open side is
 * {@link Double#NEGATIVE_INFINITY} / {@link Double#POSITIVE_INFINITY} ("under 300 pages":
 * {@code pages}, -inf, 300).
 *
 * @param attribute the attribute name as the catalogue spells it (lower-case)
 * @param min the smallest accepted value
 * @param max the largest accepted value
 */
public record Range(String attribute, double min, double max) {
  /** Validates. */
  public Range {
    if (attribute == null || attribute.isBlank()) {
      throw new IllegalArgumentException("range attribute must not be blank");
    }
    if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
      throw new IllegalArgumentException("range on " + attribute + " (" + min + ".." + max
          + ") must have min <= max, neither NaN");
    }
  }

  /** Whether {@code value} satisfies this range. */
  public boolean accepts(double value) {
    return value >= min && value <= max;
  }
}
