package dev.tandem.core.kernel;

/**
 * Pure-Java SPD inverse on a row-major {@code double[]}: a blocked right-looking Cholesky
 * (A = L·Lᵀ, trailing update in axpy form so the JIT vectorises it), the columns of L⁻¹ by
 * forward substitution, and A⁻¹ = L⁻ᵀ·L⁻¹ by row dot products; each stage parallel over rows or
 * columns with {@link Parallel}. About n³ flops like LAPACK, in place: L⁻¹ is kept transposed in
 * the upper triangle while L still occupies the lower one, so no second n² array is needed.
 */
final class JavaSpdKernel implements SpdKernel {
  static final JavaSpdKernel INSTANCE = new JavaSpdKernel();
  private static final int BLOCK = 64;
  private static final int ROWS_PER_TASK = 16;

  private JavaSpdKernel() {}

  @Override
  public String name() {
    return "java";
  }

  @Override
  public SpdMatrix allocate(int n) {
    SpdKernel.checkSize(n);
    return new Matrix(n);
  }

  @Override
  public String toString() {
    return "SpdKernel[java]";
  }

  private static final class Matrix implements SpdMatrix {
    private final int n;
    private double[] a;

    Matrix(int n) {
      this.n = n;
      this.a = new double[n * n];
    }

    @Override
    public int size() {
      return n;
    }

    private double[] array() {
      double[] x = a;
      if (x == null) {
        throw new IllegalStateException("matrix is closed");
      }
      return x;
    }

    @Override
    public void setRow(int i, double[] row) {
      System.arraycopy(row, 0, array(), i * n, n);
    }

    @Override
    public double get(int i, int j) {
      return array()[i * n + j];
    }

    @Override
    public void getRow(int i, double[] row) {
      System.arraycopy(array(), i * n, row, 0, n);
    }

    @Override
    public void invert() {
      double[] x = array();
      mirror(x, n, true);
      cholesky(x, n);
      double[] wd = invertFactor(x, n);
      gramOfInverse(x, n, wd);
      mirror(x, n, false);
    }

    @Override
    public void close() {
      a = null;
    }
  }

  /** Copies one triangle onto the other: upper to lower when {@code upperToLower}, else lower to upper. */
  static void mirror(double[] a, int n, boolean upperToLower) {
    Parallel.forEach(n, (w, i) -> {
      int row = i * n;
      for (int j = 0; j < i; j++) {
        if (upperToLower) {
          a[row + j] = a[j * n + i];
        } else {
          a[j * n + i] = a[row + j];
        }
      }
    });
  }

  /** In-place Cholesky: the lower triangle (diagonal included) becomes L with A = L·Lᵀ. */
  static void cholesky(double[] a, int n) {
    double[] panelT = new double[BLOCK * Math.max(1, n)];
    for (int k0 = 0; k0 < n; k0 += BLOCK) {
      choleskyStep(a, n, k0, panelT);
    }
  }

  /** One block column of {@link #cholesky}: factor the diagonal block, solve the panel, update the rest. */
  private static void choleskyStep(double[] a, int n, int k0, double[] panelT) {
    {
      int k1 = Math.min(n, k0 + BLOCK);
      int nb = k1 - k0;
      // 1. diagonal block, sequential
      for (int j = k0; j < k1; j++) {
        int rj = j * n;
        double s = a[rj + j] - dot(a, rj + k0, a, rj + k0, j - k0);
        if (Double.isNaN(s)) {
          throw NativeSpdKernel.containsNaN();
        }
        if (!(s > 0) || Double.isInfinite(s)) {
          throw NativeSpdKernel.notPositiveDefinite(j);
        }
        double ljj = Math.sqrt(s);
        a[rj + j] = ljj;
        for (int i = j + 1; i < k1; i++) {
          int ri = i * n;
          a[ri + j] = (a[ri + j] - dot(a, ri + k0, a, rj + k0, j - k0)) / ljj;
        }
      }
      if (k1 == n) {
        return;
      }
      int m = n - k1;
      int tasks = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
      // 2. panel below the diagonal block: rows k1..n, columns k0..k1
      Parallel.forEach(tasks, (w, t) -> {
        int from = k1 + t * ROWS_PER_TASK;
        int to = Math.min(n, from + ROWS_PER_TASK);
        for (int i = from; i < to; i++) {
          int ri = i * n;
          for (int j = k0; j < k1; j++) {
            int rj = j * n;
            a[ri + j] = (a[ri + j] - dot(a, ri + k0, a, rj + k0, j - k0)) / a[rj + j];
          }
        }
      });
      // 3. trailing update A22 -= L21·L21ᵀ (lower triangle only), with L21 transposed for axpy form
      for (int j = k1; j < n; j++) {
        int rj = j * n;
        for (int kk = 0; kk < nb; kk++) {
          panelT[kk * m + (j - k1)] = a[rj + k0 + kk];
        }
      }
      Parallel.forEach(tasks, (w, t) -> {
        int from = n - (t + 1) * ROWS_PER_TASK; // longest rows first
        int to = from + ROWS_PER_TASK;
        from = Math.max(k1, from);
        for (int i = from; i < to; i++) {
          int ri = i * n;
          int len = i - k1 + 1;
          int kk = 0;
          for (; kk + 4 <= nb; kk += 4) {
            double c0 = a[ri + k0 + kk];
            double c1 = a[ri + k0 + kk + 1];
            double c2 = a[ri + k0 + kk + 2];
            double c3 = a[ri + k0 + kk + 3];
            int p0 = kk * m;
            int p1 = p0 + m;
            int p2 = p1 + m;
            int p3 = p2 + m;
            for (int j = 0; j < len; j++) {
              a[ri + k1 + j] -= c0 * panelT[p0 + j] + c1 * panelT[p1 + j] + c2 * panelT[p2 + j] + c3 * panelT[p3 + j];
            }
          }
          for (; kk < nb; kk++) {
            double c = a[ri + k0 + kk];
            int p = kk * m;
            for (int j = 0; j < len; j++) {
              a[ri + k1 + j] -= c * panelT[p + j];
            }
          }
        }
      });
    }
  }

  /**
   * Computes W = L⁻¹ column by column; column j goes to the upper part of row j
   * ({@code a[j][i] = W[i][j]} for i > j) and its diagonal to the returned array, leaving L intact.
   */
  static double[] invertFactor(double[] a, int n) {
    double[] wd = new double[n];
    Parallel.forEach(n, (w, j) -> {
      int rj = j * n;
      double xj = 1.0 / a[rj + j];
      wd[j] = xj;
      for (int i = j + 1; i < n; i++) {
        int ri = i * n;
        double s = a[ri + j] * xj + dot(a, ri + j + 1, a, rj + j + 1, i - j - 1);
        a[rj + i] = -s / a[ri + i];
      }
    });
    return wd;
  }

  /**
   * X = Wᵀ·W from W stored transposed in the upper triangle (plus diagonal {@code wd}), written
   * into the lower triangle and diagonal: X[i][j] = Σ_{k >= i} W[k][i]·W[k][j] for j <= i.
   */
  static void gramOfInverse(double[] a, int n, double[] wd) {
    Parallel.forEach(n, (w, t) -> {
      int i = n - 1 - t; // longest rows (most j) first
      int ri = i * n;
      int len = n - i - 1;
      for (int j = 0; j < i; j++) {
        int rj = j * n;
        a[ri + j] = wd[i] * a[rj + i] + dot(a, ri + i + 1, a, rj + i + 1, len);
      }
      a[ri + i] = wd[i] * wd[i] + dot(a, ri + i + 1, a, ri + i + 1, len);
    });
  }

  /** Dot product of {@code len} elements with four accumulators. */
  static double dot(double[] x, int xo, double[] y, int yo, int len) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k = 0;
    for (; k + 4 <= len; k += 4) {
      s0 += x[xo + k] * y[yo + k];
      s1 += x[xo + k + 1] * y[yo + k + 1];
      s2 += x[xo + k + 2] * y[yo + k + 2];
      s3 += x[xo + k + 3] * y[yo + k + 3];
    }
    for (; k < len; k++) {
      s0 += x[xo + k] * y[yo + k];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
