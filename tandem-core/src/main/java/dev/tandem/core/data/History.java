package dev.tandem.core.data;

import java.util.Arrays;

/**
 * What a model scores from: a user's interactions as dense item indices, with the weight and
 * timestamp of each. The same item may appear more than once (weights then add up). Negative
 * weights are negative feedback: never an input to similarity, but the item counts as seen.
 *
 * <p>Immutable: the compact constructor copies the arrays and accessors return copies; use
 * {@link #items(int)} etc. on hot paths.
 *
 * @param items dense item indices in the model's item index
 * @param weights feedback weight of each entry
 * @param timestamps epoch seconds of each entry (0 when unknown)
 */
public record History(int[] items, float[] weights, long[] timestamps) {

  /** The empty history (a brand-new user). */
  public static final History EMPTY = new History(new int[0], new float[0], new long[0]);

  public History {
    if (items.length != weights.length || items.length != timestamps.length) {
      throw new IllegalArgumentException("items (" + items.length + "), weights (" + weights.length
          + ") and timestamps (" + timestamps.length + ") must have the same length");
    }
    for (int i = 0; i < items.length; i++) {
      if (items[i] < 0) {
        throw new IllegalArgumentException("items[" + i + "] (" + items[i] + ") must be >= 0");
      }
      if (!Float.isFinite(weights[i])) {
        throw new IllegalArgumentException("weights[" + i + "] (" + weights[i] + ") must be finite");
      }
    }
    items = items.clone();
    weights = weights.clone();
    timestamps = timestamps.clone();
  }

  /** A history of the given items, each with weight 1 and no timestamp. */
  public static History of(int... items) {
    float[] w = new float[items.length];
    Arrays.fill(w, 1f);
    return new History(items, w, new long[items.length]);
  }

  /** Number of entries. */
  public int size() {
    return items.length;
  }

  /** Item of entry {@code i} (no copy). */
  public int items(int i) {
    return items[i];
  }

  /** Weight of entry {@code i} (no copy). */
  public float weights(int i) {
    return weights[i];
  }

  /** Timestamp of entry {@code i} (no copy). */
  public long timestamps(int i) {
    return timestamps[i];
  }

  @Override
  public int[] items() {
    return items.clone();
  }

  @Override
  public float[] weights() {
    return weights.clone();
  }

  @Override
  public long[] timestamps() {
    return timestamps.clone();
  }

  /**
   * The distinct items whose summed weight is positive, ascending, with those sums: the
   * positive part of the history that similarity-based models fold in.
   *
   * @param numItems size of the model's item index; entries at or beyond it (items newer than
   *     the model) are skipped
   */
  public Positives positives(int numItems) {
    int[] order = new int[items.length];
    int n = 0;
    for (int i = 0; i < items.length; i++) {
      if (items[i] < numItems) {
        order[n++] = i;
      }
    }
    long[] keyed = new long[n];
    for (int k = 0; k < n; k++) {
      keyed[k] = ((long) items[order[k]] << 32) | order[k];
    }
    Arrays.sort(keyed);
    int[] outItems = new int[n];
    float[] outWeights = new float[n];
    int m = 0;
    int k = 0;
    while (k < n) {
      int item = (int) (keyed[k] >>> 32);
      double sum = 0;
      while (k < n && (int) (keyed[k] >>> 32) == item) {
        sum += weights[(int) keyed[k]];
        k++;
      }
      if (sum > 0) {
        outItems[m] = item;
        outWeights[m] = (float) sum;
        m++;
      }
    }
    return new Positives(Arrays.copyOf(outItems, m), Arrays.copyOf(outWeights, m));
  }

  /**
   * Distinct positive items of a history with their summed weights; arrays owned by the caller.
   *
   * @param items ascending distinct item indices
   * @param weights summed positive weight of each
   */
  public record Positives(int[] items, float[] weights) {
    public int size() {
      return items.length;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof History h && Arrays.equals(items, h.items) && Arrays.equals(weights, h.weights)
        && Arrays.equals(timestamps, h.timestamps);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(items) + Arrays.hashCode(weights)) + Arrays.hashCode(timestamps);
  }

  @Override
  public String toString() {
    return "History[size=" + items.length + ", items=" + Arrays.toString(Arrays.copyOf(items, Math.min(10, items.length))) + "]";
  }
}
