package dev.tandem.core.kernel;

/**
 * Dense solves for small symmetric positive definite systems (a few to a few hundred unknowns),
 * such as the per-user fold-in of ALS and of rating models: a plain Cholesky factorisation on a
 * row-major {@code double[]}, no allocation. For large matrices use {@link SpdKernel}.
 */
public final class SmallSpd {
  private SmallSpd() {}

  /**
   * Solves {@code A x = b} for symmetric positive definite {@code A} (n×n, row-major; only the
   * lower triangle is read and it is overwritten by the Cholesky factor). {@code b} is replaced
   * by {@code x}.
   *
   * @return false if {@code A} is not (numerically) positive definite
   */
  public static boolean choleskySolve(double[] a, double[] b, int n) {
    if (!cholesky(a, n)) {
      return false;
    }
    solve(a, b, n);
    return true;
  }

  /**
   * Overwrites the lower triangle of the symmetric positive definite {@code a} (n×n, row-major;
   * only the lower triangle is read) with its Cholesky factor {@code L}, {@code A = L Lᵀ}, for
   * repeated {@link #solve}s.
   *
   * @return false if {@code A} is not (numerically) positive definite
   */
  public static boolean cholesky(double[] a, int n) {
    for (int j = 0; j < n; j++) {
      int jo = j * n;
      double d = a[jo + j];
      for (int k = 0; k < j; k++) {
        d -= a[jo + k] * a[jo + k];
      }
      if (!(d > 0) || !Double.isFinite(d)) {
        return false;
      }
      double ljj = Math.sqrt(d);
      a[jo + j] = ljj;
      for (int i = j + 1; i < n; i++) {
        int io = i * n;
        double s = a[io + j];
        for (int k = 0; k < j; k++) {
          s -= a[io + k] * a[jo + k];
        }
        a[io + j] = s / ljj;
      }
    }
    return true;
  }

  /** Solves {@code L Lᵀ x = b} with {@code l} from {@link #cholesky}; {@code b} is replaced by {@code x}. */
  public static void solve(double[] l, double[] b, int n) {
    for (int i = 0; i < n; i++) {
      int io = i * n;
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[io + k] * b[k];
      }
      b[i] = s / l[io + i];
    }
    for (int i = n - 1; i >= 0; i--) {
      double s = b[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k * n + i] * b[k];
      }
      b[i] = s / l[i * n + i];
    }
  }
}
