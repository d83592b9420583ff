package dev.tandem.core.eval;

import java.util.Arrays;

/**
 * Per-user ranking metrics and catalogue-level measures, on primitive arrays. Every per-user
 * function takes {@code hits}: whether the item at each rank (0-based, best first) of the user's
 * list is a target; the list may be shorter than {@code k} when fewer items could be ranked.
 * {@code numTargets} counts every held-out target of the user, also those that could not be
 * ranked. Definitions (Liang et al. 2018 where they overlap with refrec.py):
 *
 * <ul>
 *   <li>{@code recall@K} = hits in the top K / min(K, #targets);
 *       {@code recall_plain@K} = hits / #targets; {@code precision@K} = hits / K
 *   <li>{@code ndcg@K}: binary gains, discount 1 / log2(rank + 2), ideal DCG of min(K, #targets) hits
 *   <li>{@code map@K}: average precision, the sum of precision@(r+1) over hit ranks r &lt; K,
 *       divided by min(K, #targets)
 *   <li>{@code hr@K}: 1 if any hit in the top K; {@code f1@K}: harmonic mean of precision@K and
 *       {@code recall_plain@K} (0 when both are 0)
 *   <li>{@code mrr@K}: 1 / (rank + 1) of the first hit in the top K, else 0; {@code mrr}: the
 *       same over the full ranking
 *   <li>{@code auc}: over the full ranking of the candidates (rankable, unseen items), the share
 *       of (target, non-target) pairs in which the target ranks higher
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
public final class Metrics {
  private static final double[] DISCOUNT = new double[4097];

  static {
    for (int r = 0; r < DISCOUNT.length; r++) {
      DISCOUNT[r] = 1.0 / (Math.log(r + 2) / Math.log(2));
    }
  }

  private Metrics() {}

  /** The NDCG discount of 0-based {@code rank}: 1 / log2(rank + 2). */
  public static double discount(int rank) {
    return rank < DISCOUNT.length ? DISCOUNT[rank] : 1.0 / (Math.log(rank + 2) / Math.log(2));
  }

  /** Number of hits among the first {@code k} ranks. */
  public static int hits(boolean[] hits, int k) {
    int n = 0;
    for (int r = 0, end = Math.min(k, hits.length); r < end; r++) {
      if (hits[r]) {
        n++;
      }
    }
    return n;
  }

  private static void check(int k, int numTargets) {
    if (k < 1) {
      throw new IllegalArgumentException("k (" + k + ") must be >= 1");
    }
    if (numTargets < 1) {
      throw new IllegalArgumentException("numTargets (" + numTargets + ") must be >= 1");
    }
  }

  /** Recall@K in Liang et al.'s form: hits / min(K, #targets). */
  public static double recall(boolean[] hits, int k, int numTargets) {
    check(k, numTargets);
    return (double) hits(hits, k) / Math.min(k, numTargets);
  }

  /** Plain recall: hits / #targets. */
  public static double recallPlain(boolean[] hits, int k, int numTargets) {
    check(k, numTargets);
    return (double) hits(hits, k) / numTargets;
  }

  /** Precision@K: hits / K. */
  public static double precision(boolean[] hits, int k) {
    check(k, 1);
    return (double) hits(hits, k) / k;
  }

  /** NDCG@K with binary gains and the ideal DCG of min(K, #targets) hits. */
  public static double ndcg(boolean[] hits, int k, int numTargets) {
    check(k, numTargets);
    double dcg = 0;
    for (int r = 0, end = Math.min(k, hits.length); r < end; r++) {
      if (hits[r]) {
        dcg += discount(r);
      }
    }
    double ideal = 0;
    for (int r = 0, end = Math.min(k, numTargets); r < end; r++) {
      ideal += discount(r);
    }
    return dcg / ideal;
  }

  /** Average precision at K, normalised by min(K, #targets). */
  public static double averagePrecision(boolean[] hits, int k, int numTargets) {
    check(k, numTargets);
    double sum = 0;
    int n = 0;
    for (int r = 0, end = Math.min(k, hits.length); r < end; r++) {
      if (hits[r]) {
        n++;
        sum += (double) n / (r + 1);
      }
    }
    return sum / Math.min(k, numTargets);
  }

  /** Hit rate: 1 if any of the first K ranks is a hit, else 0. */
  public static double hitRate(boolean[] hits, int k) {
    check(k, 1);
    return hits(hits, k) > 0 ? 1 : 0;
  }

  /** F1@K of precision@K and plain recall@K (0 when both are 0). */
  public static double f1(boolean[] hits, int k, int numTargets) {
    double p = precision(hits, k);
    double r = recallPlain(hits, k, numTargets);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Reciprocal rank of the first hit among the first K ranks, else 0. */
  public static double reciprocalRank(boolean[] hits, int k) {
    check(k, 1);
    for (int r = 0, end = Math.min(k, hits.length); r < end; r++) {
      if (hits[r]) {
        return 1.0 / (r + 1);
      }
    }
    return 0;
  }

  /**
   * Full-ranking AUC from the 0-based ranks of the rankable targets among {@code candidates}
   * ranked items.
   *
   * @param sortedRanks ranks of the targets among the candidates, ascending and distinct
   * @return the share of (target, non-target) pairs ordered correctly, or NaN when there are no
   *     targets or no non-targets among the candidates
   */
  public static double auc(int[] sortedRanks, int count, int candidates) {
    int negatives = candidates - count;
    if (count == 0 || negatives <= 0) {
      return Double.NaN;
    }
    long above = 0;
    for (int j = 0; j < count; j++) {
      above += sortedRanks[j] - j; // non-targets ranked above the j-th best target
    }
    return 1.0 - (double) above / ((double) count * negatives);
  }

  /**
   * Gini coefficient of exposure counts: 0 when every item is shown equally often, towards 1
   * when a few items take all exposure; 0 for no exposure at all.
   */
  public static double gini(long[] counts) {
    long[] x = counts.clone();
    Arrays.sort(x);
    int n = x.length;
    double total = 0;
    double weighted = 0;
    for (int i = 0; i < n; i++) {
      total += x[i];
      weighted += (2.0 * (i + 1) - n - 1) * x[i];
    }
    return total == 0 ? 0 : weighted / (n * total);
  }

  /**
   * 1 − Jaccard similarity of two ascending distinct category-id sets; 1 when both are empty
   * (nothing shared).
   */
  public static double jaccardDistance(int[] a, int[] b) {
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        common++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    int union = a.length + b.length - common;
    return union == 0 ? 1.0 : 1.0 - (double) common / union;
  }
}
