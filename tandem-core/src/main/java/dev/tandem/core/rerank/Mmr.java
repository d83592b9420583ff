package dev.tandem.core.rerank;

/**
 * Maximal marginal relevance (Carbonell &amp; Goldstein 1998): reorders a ranked list so that each
 * next item balances its relevance against its similarity to the items already listed.
 *
 * <p>Greedy: at each step pick the remaining item maximising
 * {@code λ·rel(i) − (1 − λ)·max_{j listed} sim(i, j)}, where {@code rel} is the input relevance
 * min-max scaled to [0, 1] over the pool (all 1 when it is constant) and {@code sim} the cosine of
 * the item embeddings (0 for items without one). {@code λ = 1} keeps the input order; lower values
 * trade accuracy for intra-list diversity. Ties go to the item earlier in the input. O(n·pool)
 * similarity evaluations. Stateless and thread-safe.
 */
public final class Mmr {
  private Mmr() {}

  /** Similarity of two items, symmetric, typically a cosine in [-1, 1]. Thread-safe. */
  @FunctionalInterface
  public interface Similarity {
    /** Similarity of dense items {@code a} and {@code b}. */
    float similarity(int a, int b);
  }

  /**
   * The MMR order of {@code items}.
   *
   * @param items the pool, in its relevance order (best first)
   * @param relevance the relevance of each pool item (finite)
   * @param n how many to select (the result has {@code min(n, items.length)} entries)
   * @param lambda trade-off in [0, 1]; 1 is pure relevance
   * @return positions into {@code items}, in selection order
   * @throws IllegalArgumentException if {@code lambda} is outside [0, 1] or the arrays differ in length
   */
  public static int[] rerank(int[] items, float[] relevance, int n, double lambda, Similarity sim) {
    checkLambda(lambda);
    if (items.length != relevance.length) {
      throw new IllegalArgumentException("items (" + items.length + ") and relevance (" + relevance.length
          + ") must have the same length");
    }
    int p = items.length;
    int take = Math.max(0, Math.min(n, p));
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (float r : relevance) {
      lo = Math.min(lo, r);
      hi = Math.max(hi, r);
    }
    double[] rel = new double[p];
    for (int i = 0; i < p; i++) {
      rel[i] = hi > lo ? (relevance[i] - lo) / (hi - lo) : 1;
    }
    double[] maxSim = new double[p];
    boolean[] used = new boolean[p];
    int[] out = new int[take];
    for (int step = 0; step < take; step++) {
      int best = -1;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < p; i++) {
        if (used[i]) {
          continue;
        }
        double v = lambda * rel[i] - (step == 0 ? 0 : (1 - lambda) * maxSim[i]);
        if (v > bestValue) {
          bestValue = v;
          best = i;
        }
      }
      used[best] = true;
      out[step] = best;
      if (lambda < 1) {
        for (int i = 0; i < p; i++) {
          if (!used[i]) {
            double s = sim.similarity(items[i], items[best]);
            maxSim[i] = step == 0 ? s : Math.max(maxSim[i], s);
          }
        }
      }
    }
    return out;
  }

  /** Checks an MMR trade-off value. */
  public static void checkLambda(double lambda) {
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("mmr_lambda (" + lambda + ") must be in [0, 1] (1 = no diversity reranking)");
    }
  }
}
