package dev.tandem.core.data;

import java.util.Arrays;

/**
 * What a model scores from: a user's interactions as dense item indices, with the weight and
 * timestamp of each. The same item may appear more than once (weights then add up). Negative
 * weights are negative feedback: never an input to similarity, but the item counts as seen.
 *
 * <p>A history may also carry the user's {@link Profile} (taste in words and its embedding), which
 * content channels read besides the items; {@link Profile#NONE} (the default) when there is none.
 *
 * <p>Immutable: the compact constructor copies the arrays and accessors return copies; use
 * {@link #items(int)} etc. on hot paths.
 *
 * @param items dense item indices in the model's item index
 * @param weights feedback weight of each entry
 * @param timestamps epoch seconds of each entry (0 when unknown)
 * @param profile the user's profile; {@link Profile#NONE} for none
 */
public record History(int[] items, float[] weights, long[] timestamps, Profile profile) {

  /** The empty history (a brand-new user). */
  public static final History EMPTY = new History(new int[0], new float[0], new long[0]);

  /** A history without a profile. */
  public History(int[] items, float[] weights, long[] timestamps) {
    this(items, weights, timestamps, Profile.NONE);
  }

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the arrays differ in length, an item is negative, a
   *     weight is not finite or {@code profile} is null
   */
  public History {
    if (profile == null) {
      throw new IllegalArgumentException("profile must not be null; use Profile.NONE for none");
    }
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

  /** A history of the user's profile alone (no interactions yet). */
  public static History of(Profile profile) {
    return EMPTY.withProfile(profile);
  }

  /** This history with {@code profile} instead of its own. */
  public History withProfile(Profile profile) {
    return new History(items, weights, timestamps, profile);
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
   * The distinct items whose summed weight is positive, ascending, with those sums (in double,
   * clamped to {@value FeedbackWeights#MAX_STRENGTH}): the positive part of the history that
   * similarity-based models fold in.
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
        outWeights[m] = (float) FeedbackWeights.clamp(sum);
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
        && Arrays.equals(timestamps, h.timestamps) && profile.equals(h.profile);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * Arrays.hashCode(items) + Arrays.hashCode(weights)) + Arrays.hashCode(timestamps))
        + profile.hashCode();
  }

  @Override
  public String toString() {
    return "History[size=" + items.length + ", items=" + Arrays.toString(Arrays.copyOf(items, Math.min(10, items.length)))
        + (profile.isEmpty() ? "" : ", " + profile) + "]";
  }
}
