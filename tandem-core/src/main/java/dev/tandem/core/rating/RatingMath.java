package dev.tandem.core.rating;

import dev.tandem.core.kernel.SmallSpd;
import java.util.Arrays;
import java.util.Random;

/**
 * Small dense kernels shared by the rating models: dot products, the per-user ridge fold-in and
 * a Cholesky solve. Package-private and deterministic (fixed summation order).
 */
final class RatingMath {
  private RatingMath() {}

  /** {@code a[ao..ao+n) · b[bo..bo+n)} in double, sequential. */
  static double dot(float[] a, int ao, float[] b, int bo, int n) {
    double s = 0;
    for (int k = 0; k < n; k++) {
      s += a[ao + k] * b[bo + k];
    }
    return s;
  }

  /** {@code a[ao..ao+n) · b[0..n)} with {@code b} in double. */
  static double dot(float[] a, int ao, double[] b, int n) {
    double s = 0;
    for (int k = 0; k < n; k++) {
      s += a[ao + k] * b[k];
    }
    return s;
  }

  static double clip(double x, double min, double max) {
    return x < min ? min : (x > max ? max : x);
  }

  /**
   * The exact minimiser of {@code Σ_k (resid_k − b − q_{i_k}ᵀp)² + n·regBias·b² + n·regFactor·‖p‖²}
   * over the user bias b and factors p (a joint (f+1)-dimensional ridge solve), where
   * {@code n = count}. Scaling the penalty by n matches the objective that per-rating SGD with
   * L2 terms minimises, so folding a training user in reproduces (approximately) its trained
   * parameters. With no ratings the answer is b = 0, p = 0.
   *
   * @param out receives {@code [b, p_0..p_{f-1}]} (length >= f+1)
   */
  static void foldIn(int[] items, double[] resid, int count, float[] q, int f, double regBias, double regFactor,
      double[] out) {
    int d = f + 1;
    Arrays.fill(out, 0, d, 0.0);
    if (count == 0) {
      return;
    }
    double[] a = new double[d * d];
    double[] row = new double[d];
    row[0] = 1;
    for (int k = 0; k < count; k++) {
      int qo = items[k] * f;
      for (int c = 0; c < f; c++) {
        row[c + 1] = q[qo + c];
      }
      double r = resid[k];
      for (int x = 0; x < d; x++) {
        double vx = row[x];
        out[x] += r * vx;
        if (vx == 0) {
          continue;
        }
        int base = x * d;
        for (int y = 0; y <= x; y++) {
          a[base + y] += vx * row[y];
        }
      }
    }
    a[0] += count * regBias;
    for (int c = 1; c < d; c++) {
      a[c * d + c] += count * regFactor;
    }
    if (!SmallSpd.choleskySolve(a, out, d)) {
      throw new IllegalStateException("fold-in system is not positive definite (count " + count + ", regBias "
          + regBias + ", regFactor " + regFactor + ")");
    }
  }

  /** Seeded N(0, std²) factors for the rows that have ratings; rows without ratings stay 0. */
  static float[] initial(int rows, int f, double std, int[] countPerRow, Random rnd) {
    float[] m = new float[rows * f];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < f; k++) {
        float v = (float) (rnd.nextGaussian() * std);
        if (countPerRow == null || countPerRow[r] > 0) {
          m[r * f + k] = v;
        }
      }
    }
    return m;
  }

  /** Fisher–Yates shuffle of {@code a[from..to)}. */
  static void shuffle(int[] a, int from, int to, Random rnd) {
    for (int k = to - 1; k > from; k--) {
      int j = from + rnd.nextInt(k - from + 1);
      int t = a[k];
      a[k] = a[j];
      a[j] = t;
    }
  }

  static boolean allFinite(float[] m) {
    for (float v : m) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /** Ratings per item. */
  static int[] itemCounts(Ratings r) {
    int[] c = new int[r.numItems()];
    for (int i : r.itemIdx()) {
      c[i]++;
    }
    return c;
  }

  static void checkItem(int item) {
    if (item < 0) {
      throw new IllegalArgumentException("item (" + item + ") must be >= 0");
    }
  }
}
