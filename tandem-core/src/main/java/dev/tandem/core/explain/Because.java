package dev.tandem.core.explain;

/**
 * One history item that led to a recommendation, with its share of the evidence. Immutable.
 *
 * @param item dense index of the history item
 * @param share its part of the positive evidence for the recommended item, in (0, 1]: its term
 *     (e.g. {@code S[j,i]} for item-kNN) divided by the sum of all positive terms of the history
 */
public record Because(int item, double share) {
  /** Validates. */
  public Because {
    if (item < 0) {
      throw new IllegalArgumentException("item (" + item + ") must be >= 0");
    }
    if (!(share > 0 && share <= 1 + 1e-9)) {
      throw new IllegalArgumentException("share (" + share + ") must be in (0, 1]");
    }
  }
}
