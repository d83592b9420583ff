package dev.tandem.core.rating;

import java.util.Arrays;

/**
 * What a {@link RatingModel} predicts from: a user's known explicit ratings, as dense item
 * indices in the model's item index with the rating of each.
 *
 * <p>Why not {@link dev.tandem.core.data.History}: a history's weights are summed per item and
 * negative weights mean negative feedback, while a rating is a level on a scale that replaces
 * an earlier rating of the same item. Here, when an item appears more than once the
 * <em>last</em> entry counts (a re-rating); see {@link #distinct(int)}.
 *
 * <p>Immutable: the compact constructor validates and copies; accessors return copies (use
 * {@link #items(int)} and {@link #ratings(int)} on hot paths).
 *
 * @param items dense item indices (>= 0); indices at or beyond a model's {@code numItems()}
 *     (items newer than the model) are ignored by it
 * @param ratings the rating of each entry (finite)
 */
public record RatingHistory(int[] items, float[] ratings) {

  /** No known ratings (a brand-new user): models then predict from item biases alone. */
  public static final RatingHistory EMPTY = new RatingHistory(new int[0], new float[0]);

  public RatingHistory {
    if (items == null || ratings == null) {
      throw new IllegalArgumentException("items and ratings must not be null; use RatingHistory.EMPTY");
    }
    if (items.length != ratings.length) {
      throw new IllegalArgumentException("items (" + items.length + ") and ratings (" + ratings.length
          + ") must have the same length");
    }
    for (int i = 0; i < items.length; i++) {
      if (items[i] < 0) {
        throw new IllegalArgumentException("items[" + i + "] (" + items[i] + ") must be >= 0");
      }
      if (!Float.isFinite(ratings[i])) {
        throw new IllegalArgumentException("ratings[" + i + "] (" + ratings[i] + ") must be finite");
      }
    }
    items = items.clone();
    ratings = ratings.clone();
  }

  /** Number of entries (duplicates included). */
  public int size() {
    return items.length;
  }

  /** Item of entry {@code i} (no copy). */
  public int items(int i) {
    return items[i];
  }

  /** Rating of entry {@code i} (no copy). */
  public float ratings(int i) {
    return ratings[i];
  }

  @Override
  public int[] items() {
    return items.clone();
  }

  @Override
  public float[] ratings() {
    return ratings.clone();
  }

  /**
   * The distinct items below {@code numItems}, ascending, each with its last rating: what a
   * model folds in. Arrays owned by the caller.
   */
  public RatingHistory.Known distinct(int numItems) {
    int n = 0;
    long[] keyed = new long[items.length];
    for (int i = 0; i < items.length; i++) {
      if (items[i] < numItems) {
        keyed[n++] = ((long) items[i] << 32) | i;
      }
    }
    Arrays.sort(keyed, 0, n);
    int[] outItems = new int[n];
    float[] outRatings = new float[n];
    int m = 0;
    for (int k = 0; k < n; k++) {
      int item = (int) (keyed[k] >>> 32);
      int entry = (int) keyed[k];
      if (m > 0 && outItems[m - 1] == item) {
        outRatings[m - 1] = ratings[entry]; // later entry (larger index sorts later) wins
      } else {
        outItems[m] = item;
        outRatings[m] = ratings[entry];
        m++;
      }
    }
    return new Known(m == n ? outItems : Arrays.copyOf(outItems, m), m == n ? outRatings : Arrays.copyOf(outRatings, m));
  }

  /**
   * Distinct known ratings, items ascending; arrays owned by the caller, not copied.
   *
   * @param items ascending distinct item indices
   * @param ratings rating of each
   */
  public record Known(int[] items, float[] ratings) {
    public int size() {
      return items.length;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RatingHistory h && Arrays.equals(items, h.items) && Arrays.equals(ratings, h.ratings);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(items) + Arrays.hashCode(ratings);
  }

  @Override
  public String toString() {
    return "RatingHistory[size=" + items.length + ", items="
        + Arrays.toString(Arrays.copyOf(items, Math.min(10, items.length))) + "]";
  }
}
