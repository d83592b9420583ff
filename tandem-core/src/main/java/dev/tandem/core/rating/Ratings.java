package dev.tandem.core.rating;

import dev.tandem.core.data.IdIndex;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The training data of {@link RatingModel}s: explicit (user, item, rating) triples, stored
 * user-major (CSR), items ascending within a user, one rating per pair.
 *
 * <p>Unlike {@link dev.tandem.core.data.Interactions}, values are rating levels (any finite
 * value, zero and negative included), not summed interaction strengths: when a pair is added
 * twice the later rating wins.
 *
 * <p>Guarantees: immutable and thread-safe; the accessors that return arrays share them (do
 * not modify). Build one with {@link #builder(IdIndex)} or {@link #of}.
 */
public final class Ratings {
  private final IdIndex users;
  private final IdIndex items;
  private final int[] userPtr;
  private final int[] itemIdx;
  private final float[] values;
  private final float min;
  private final float max;
  private final double mean;

  private Ratings(IdIndex users, IdIndex items, int[] userPtr, int[] itemIdx, float[] values) {
    this.users = users;
    this.items = items;
    this.userPtr = userPtr;
    this.itemIdx = itemIdx;
    this.values = values;
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    double sum = 0;
    for (float v : values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      sum += v;
    }
    this.min = values.length == 0 ? 0 : lo;
    this.max = values.length == 0 ? 0 : hi;
    this.mean = values.length == 0 ? 0 : sum / values.length;
  }

  /** Starts a builder whose item indices follow {@code items}. */
  public static Builder builder(IdIndex items) {
    return new Builder(items);
  }

  /**
   * Ratings from parallel arrays of dense indices: entry k says user {@code userOf[k]} rated item
   * {@code itemOf[k]} with {@code rating[k]}. A pair given twice keeps the later rating.
   *
   * @throws IllegalArgumentException naming the entry, when an index is out of range or a rating is not finite
   */
  public static Ratings of(IdIndex users, IdIndex items, int[] userOf, int[] itemOf, float[] rating) {
    int n = userOf.length;
    if (itemOf.length != n || rating.length != n) {
      throw new IllegalArgumentException("userOf (" + n + "), itemOf (" + itemOf.length + ") and rating ("
          + rating.length + ") must have the same length");
    }
    for (int k = 0; k < n; k++) {
      if (userOf[k] < 0 || userOf[k] >= users.size()) {
        throw new IllegalArgumentException("userOf[" + k + "] (" + userOf[k] + ") must be in [0, " + users.size() + ")");
      }
      if (itemOf[k] < 0 || itemOf[k] >= items.size()) {
        throw new IllegalArgumentException("itemOf[" + k + "] (" + itemOf[k] + ") must be in [0, " + items.size() + ")");
      }
      if (!Float.isFinite(rating[k])) {
        throw new IllegalArgumentException("rating[" + k + "] (" + rating[k] + ") must be finite");
      }
    }
    int[] order = new int[n];
    for (int k = 0; k < n; k++) {
      order[k] = k;
    }
    // by (user, item), then by entry so that the later duplicate comes last
    IntArrays.quickSort(order, (a, b) -> {
      int c = Integer.compare(userOf[a], userOf[b]);
      if (c == 0) {
        c = Integer.compare(itemOf[a], itemOf[b]);
      }
      return c != 0 ? c : Integer.compare(a, b);
    });
    int[] ptr = new int[users.size() + 1];
    int[] its = new int[n];
    float[] vals = new float[n];
    int m = 0;
    for (int k = 0; k < n; k++) {
      int e = order[k];
      if (m > 0 && k > 0 && userOf[order[k - 1]] == userOf[e] && its[m - 1] == itemOf[e]) {
        vals[m - 1] = rating[e];
        continue;
      }
      its[m] = itemOf[e];
      vals[m] = rating[e];
      ptr[userOf[e] + 1]++;
      m++;
    }
    for (int u = 0; u < users.size(); u++) {
      ptr[u + 1] += ptr[u];
    }
    return new Ratings(users, items, ptr, Arrays.copyOf(its, m), Arrays.copyOf(vals, m));
  }

  /** Training users, in row order. */
  public IdIndex users() {
    return users;
  }

  /** Items, in column order (items without ratings included). */
  public IdIndex items() {
    return items;
  }

  public int numUsers() {
    return users.size();
  }

  public int numItems() {
    return items.size();
  }

  /** Number of stored ratings. */
  public int size() {
    return values.length;
  }

  /** Row pointers: user u's ratings are entries {@code [userPtr[u], userPtr[u+1])}. Shared. */
  public int[] userPtr() {
    return userPtr;
  }

  /** Item of each entry, ascending within a user. Shared. */
  public int[] itemIdx() {
    return itemIdx;
  }

  /** Rating of each entry. Shared. */
  public float[] values() {
    return values;
  }

  /** Smallest rating (0 when empty). */
  public float min() {
    return min;
  }

  /** Largest rating (0 when empty). */
  public float max() {
    return max;
  }

  /** Mean rating (0 when empty). */
  public double mean() {
    return mean;
  }

  /** User row {@code u}'s ratings as a {@link RatingHistory}. */
  public RatingHistory historyOf(int u) {
    return new RatingHistory(Arrays.copyOfRange(itemIdx, userPtr[u], userPtr[u + 1]),
        Arrays.copyOfRange(values, userPtr[u], userPtr[u + 1]));
  }

  /**
   * A seeded random split of the entries: about {@code fraction} of them (exactly
   * {@code round(fraction · size)}) go to the second part. Both parts keep this object's user
   * and item indexes. Same seed, same split.
   *
   * @return {@code [kept, heldOut]}
   */
  public Ratings[] split(double fraction, long seed) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction (" + fraction + ") must be in [0, 1]");
    }
    int n = values.length;
    int[] perm = new int[n];
    for (int k = 0; k < n; k++) {
      perm[k] = k;
    }
    Random rnd = new Random(seed);
    for (int k = n - 1; k > 0; k--) {
      int j = rnd.nextInt(k + 1);
      int t = perm[k];
      perm[k] = perm[j];
      perm[j] = t;
    }
    int held = (int) Math.round(fraction * n);
    boolean[] out = new boolean[n];
    for (int k = 0; k < held; k++) {
      out[perm[k]] = true;
    }
    int[] rowOf = rowOfEntry();
    int[][] u = {new int[n - held], new int[held]};
    int[][] it = {new int[n - held], new int[held]};
    float[][] r = {new float[n - held], new float[held]};
    int[] c = new int[2];
    for (int e = 0; e < n; e++) {
      int p = out[e] ? 1 : 0;
      u[p][c[p]] = rowOf[e];
      it[p][c[p]] = itemIdx[e];
      r[p][c[p]] = values[e];
      c[p]++;
    }
    return new Ratings[] {of(users, items, u[0], it[0], r[0]), of(users, items, u[1], it[1], r[1])};
  }

  /** The user row of every entry (a new array). */
  public int[] rowOfEntry() {
    int[] rowOf = new int[values.length];
    for (int u = 0; u < users.size(); u++) {
      Arrays.fill(rowOf, userPtr[u], userPtr[u + 1], u);
    }
    return rowOf;
  }

  /** Collects ratings by external user id; not thread-safe. */
  public static final class Builder {
    private final IdIndex items;
    private final Map<String, Integer> seen = new HashMap<>();
    private final List<String> userIds = new ArrayList<>();
    private int[] userOf = new int[1024];
    private int[] itemOf = new int[1024];
    private float[] rating = new float[1024];
    private int n;

    private Builder(IdIndex items) {
      this.items = items;
    }

    /**
     * Adds one rating; a later rating of the same pair replaces an earlier one.
     *
     * @throws IllegalArgumentException if the user is null, the item is out of range or the rating is not finite
     */
    public Builder add(String user, int item, float value) {
      if (user == null) {
        throw new IllegalArgumentException("user must not be null");
      }
      if (item < 0 || item >= items.size()) {
        throw new IllegalArgumentException("item (" + item + ") must be in [0, " + items.size() + ")");
      }
      if (!Float.isFinite(value)) {
        throw new IllegalArgumentException("rating (" + value + ") of user '" + user + "' must be finite");
      }
      Integer u = seen.get(user);
      if (u == null) {
        u = userIds.size();
        seen.put(user, u);
        userIds.add(user);
      }
      if (n == userOf.length) {
        userOf = Arrays.copyOf(userOf, 2 * n);
        itemOf = Arrays.copyOf(itemOf, 2 * n);
        rating = Arrays.copyOf(rating, 2 * n);
      }
      userOf[n] = u;
      itemOf[n] = item;
      rating[n] = value;
      n++;
      return this;
    }

    /** The ratings, users indexed in ascending id order. */
    public Ratings build() {
      IdIndex users = IdIndex.of(userIds);
      int[] remap = new int[userIds.size()];
      for (int k = 0; k < remap.length; k++) {
        remap[k] = users.indexOf(userIds.get(k));
      }
      int[] uo = new int[n];
      for (int k = 0; k < n; k++) {
        uo[k] = remap[userOf[k]];
      }
      return of(users, items, uo, Arrays.copyOf(itemOf, n), Arrays.copyOf(rating, n));
    }
  }
}
