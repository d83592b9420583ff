package dev.tandem.core.model;

import java.util.Arrays;

/**
 * A ranked list: dense item indices, best first, with their scores. Immutable.
 *
 * @param items item indices, best first
 * @param scores score of each item, non-increasing
 */
public record ScoredItems(int[] items, float[] scores) {
  public ScoredItems {
    if (items.length != scores.length) {
      throw new IllegalArgumentException("items (" + items.length + ") and scores (" + scores.length + ") must have the same length");
    }
    items = items.clone();
    scores = scores.clone();
  }

  public int size() {
    return items.length;
  }

  public int item(int rank) {
    return items[rank];
  }

  public float score(int rank) {
    return scores[rank];
  }

  @Override
  public int[] items() {
    return items.clone();
  }

  @Override
  public float[] scores() {
    return scores.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoredItems s && Arrays.equals(items, s.items) && Arrays.equals(scores, s.scores);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(items) + Arrays.hashCode(scores);
  }

  @Override
  public String toString() {
    return "ScoredItems" + Arrays.toString(items);
  }
}
