package dev.tandem.client;

/**
 * A numeric constraint on an item attribute, bounds inclusive.
 *
 * @param attribute the attribute name
 * @param min the smallest accepted value, null for no lower bound
 * @param max the largest accepted value, null for no upper bound
 */
public record AskRange(String attribute, Double min, Double max) {

  /** The lower bound, {@link Double#NEGATIVE_INFINITY} when open. */
  public double lower() {
    return min == null ? Double.NEGATIVE_INFINITY : min;
  }

  /** The upper bound, {@link Double#POSITIVE_INFINITY} when open. */
  public double upper() {
    return max == null ? Double.POSITIVE_INFINITY : max;
  }
}
