package dev.tandem.core.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns per-history-item terms into {@link Because} shares: the positive terms (above {@link #EPSILON}), largest first
 * (equal terms: smaller item first), each divided by the sum of all positive terms.
 */
public final class Shares {
  /** Terms at or below this count as zero: float rounding of a weight that is 0 in exact arithmetic. */
  public static final double EPSILON = 1e-6;

  private Shares() {}

  /**
   * The top {@code max} of {@code terms[k]} (the term of history item {@code items[k]}) as shares.
   * Repeated items must have been summed by the caller.
   *
   * @throws IllegalArgumentException if the arrays differ in length or {@code max < 1}
   */
  public static List<Because> top(int[] items, double[] terms, int max) {
    if (items.length != terms.length) {
      throw new IllegalArgumentException("items.length (" + items.length + ") must equal terms.length ("
          + terms.length + ")");
    }
    if (max < 1) {
      throw new IllegalArgumentException("max (" + max + ") must be >= 1");
    }
    double sum = 0;
    int positive = 0;
    for (double t : terms) {
      if (t > EPSILON && Double.isFinite(t)) {
        sum += t;
        positive++;
      }
    }
    if (positive == 0) {
      return List.of();
    }
    Integer[] order = new Integer[positive];
    int p = 0;
    for (int k = 0; k < terms.length; k++) {
      if (terms[k] > EPSILON && Double.isFinite(terms[k])) {
        order[p++] = k;
      }
    }
    Arrays.sort(order, (a, b) -> {
      int c = Double.compare(terms[b], terms[a]);
      return c != 0 ? c : Integer.compare(items[a], items[b]);
    });
    List<Because> out = new ArrayList<>(Math.min(max, positive));
    for (int r = 0; r < Math.min(max, positive); r++) {
      out.add(new Because(items[order[r]], Math.min(1, terms[order[r]] / sum)));
    }
    return List.copyOf(out);
  }

  /** Checks {@code item} against a model's {@code numItems} and {@code max >= 1}. */
  public static void check(int item, int numItems, int max) {
    if (item < 0 || item >= numItems) {
      throw new IllegalArgumentException("item (" + item + ") must be in [0, " + numItems + ")");
    }
    if (max < 1) {
      throw new IllegalArgumentException("max (" + max + ") must be >= 1");
    }
  }

  /** Cosine of two vectors; 0 when either is zero. */
  public static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int k = 0; k < a.length; k++) {
      dot += (double) a[k] * b[k];
      na += (double) a[k] * a[k];
      nb += (double) b[k] * b[k];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
