package dev.tandem.core.kernel;

import java.util.Arrays;

/**
 * Pure-Java SPD inverse on a row-major {@code double[]}: a blocked right-looking Cholesky
 * (A = L·Lᵀ), L⁻¹ by blocked forward substitution, and A⁻¹ = L⁻ᵀ·L⁻¹; every stage in axpy form
 * (contiguous inner loops the JIT vectorises, since it does not vectorise double dot products)
 * and parallel with {@link Parallel}. About n³ flops like LAPACK, in place: L⁻¹ overwrites L,
 * and the product is written to the upper triangle, which L⁻¹ does not use, so no second n²
 * array is needed (only O(64·n) scratch).
 */
final class JavaSpdKernel implements SpdKernel {
  static final JavaSpdKernel INSTANCE = new JavaSpdKernel();
  private static final int BLOCK = 64;
  private static final int ROWS_PER_TASK = 16;
  private static final int CHUNK = 256;

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
      invertFactor(x, n);
      double[] diag = gramOfInverse(x, n);
      mirror(x, n, true);
      for (int i = 0; i < n; i++) {
        x[i * n + i] = diag[i];
      }
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
   * Replaces L (lower triangle and diagonal) by W = L⁻¹ in place, one block of rows at a time:
   * W_i = (e_i − Σ_{k<i} L[i][k]·W_k) / L[i][i]. Within a block, columns are independent, so the
   * block is computed in parallel over column chunks, in axpy form (vectorised by the JIT) with
   * each chunk of a finished row W_k reused by all rows of the block.
   */
  static void invertFactor(double[] a, int n) {
    double[] tmp = new double[BLOCK * Math.max(1, n)];
    for (int r0 = 0; r0 < n; r0 += BLOCK) {
      int start = r0;
      int r1 = Math.min(n, r0 + BLOCK);
      int chunks = (r1 + CHUNK - 1) / CHUNK;
      Parallel.forEach(chunks, (w, c) -> invertChunk(a, n, start, r1, c * CHUNK, Math.min(r1, (c + 1) * CHUNK), tmp));
      for (int i = r0; i < r1; i++) {
        System.arraycopy(tmp, (i - r0) * n, a, i * n, i + 1);
      }
    }
  }

  private static void invertChunk(double[] a, int n, int r0, int r1, int c0, int c1, double[] tmp) {
    int width = c1 - c0;
    for (int i = r0; i < r1; i++) {
      int t = (i - r0) * n + c0;
      Arrays.fill(tmp, t, t + width, 0.0);
      if (i >= c0 && i < c1) {
        tmp[t + i - c0] = 1.0;
      }
    }
    // finished rows k < r0 (W_k is zero beyond column k): partial widths first, then full chunks
    int kFull = Math.min(r0, c1);
    for (int k = c0; k < kFull; k++) {
      int len = k + 1 - c0;
      int wk = k * n + c0;
      for (int i = r0; i < r1; i++) {
        double l = a[i * n + k];
        int t = (i - r0) * n + c0;
        for (int j = 0; j < len; j++) {
          tmp[t + j] -= l * a[wk + j];
        }
      }
    }
    int k = Math.max(c0, kFull);
    for (; k + 2 <= r0; k += 2) {
      int w0 = k * n + c0;
      int w1 = w0 + n;
      for (int i = r0; i < r1; i++) {
        int ri = i * n;
        double l0 = a[ri + k];
        double l1 = a[ri + k + 1];
        int t = (i - r0) * n + c0;
        for (int j = 0; j < width; j++) {
          tmp[t + j] -= l0 * a[w0 + j] + l1 * a[w1 + j];
        }
      }
    }
    for (; k < r0; k++) {
      int w0 = k * n + c0;
      for (int i = r0; i < r1; i++) {
        double l0 = a[i * n + k];
        int t = (i - r0) * n + c0;
        for (int j = 0; j < width; j++) {
          tmp[t + j] -= l0 * a[w0 + j];
        }
      }
    }
    // rows of this block, in order: each uses the rows of the block before it
    for (int i = r0; i < r1; i++) {
      int ri = i * n;
      int t = (i - r0) * n + c0;
      for (int kk = r0; kk < i; kk++) {
        if (kk < c0) {
          continue; // W_kk is zero on this chunk
        }
        double l = a[ri + kk];
        int tk = (kk - r0) * n + c0;
        int len = Math.min(c1, kk + 1) - c0;
        for (int j = 0; j < len; j++) {
          tmp[t + j] -= l * tmp[tk + j];
        }
      }
      double d = a[ri + i];
      int len = Math.min(c1, i + 1) - c0;
      for (int j = 0; j < len; j++) {
        tmp[t + j] /= d;
      }
    }
  }

  /**
   * X = Wᵀ·W from W in the lower triangle and diagonal: X[i][j] = Σ_{k >= i} W[k][i]·W[k][j] for
   * j <= i. Tiles (block of rows i, chunk of columns j) are independent; each accumulates in axpy
   * form and writes its result transposed into the upper triangle (which W does not use) and the
   * diagonal into {@code diag}; the caller then mirrors.
   */
  static double[] gramOfInverse(double[] a, int n) {
    double[] diag = new double[n];
    int blocks = (n + BLOCK - 1) / BLOCK;
    int chunksPerBlock = (n + CHUNK - 1) / CHUNK;
    double[][] scratch = new double[Parallel.threads()][BLOCK * CHUNK];
    Parallel.forEach(blocks * chunksPerBlock, (w, task) -> {
      int b = blocks - 1 - task / chunksPerBlock; // big blocks first
      int r0 = b * BLOCK;
      int r1 = Math.min(n, r0 + BLOCK);
      int c0 = (task % chunksPerBlock) * CHUNK;
      if (c0 >= r1) {
        return; // only columns j <= i are needed
      }
      gramTile(a, n, r0, r1, c0, Math.min(r1, c0 + CHUNK), scratch[w], diag);
    });
    return diag;
  }

  private static void gramTile(double[] a, int n, int r0, int r1, int c0, int c1, double[] x, double[] diag) {
    int width = c1 - c0;
    Arrays.fill(x, 0, (r1 - r0) * width, 0.0);
    // rows k >= r1 cover every i of the block and every column of the chunk (c1 <= r1 <= k)
    int k = r1;
    for (; k + 2 <= n; k += 2) {
      int w0 = k * n;
      int w1 = w0 + n;
      for (int i = r0; i < r1; i++) {
        double f0 = a[w0 + i];
        double f1 = a[w1 + i];
        int t = (i - r0) * width;
        int lim = Math.min(width, i + 1 - c0);
        for (int j = 0; j < lim; j++) {
          x[t + j] += f0 * a[w0 + c0 + j] + f1 * a[w1 + c0 + j];
        }
      }
    }
    for (; k < n; k++) {
      int w0 = k * n;
      for (int i = r0; i < r1; i++) {
        double f0 = a[w0 + i];
        int t = (i - r0) * width;
        int lim = Math.min(width, i + 1 - c0);
        for (int j = 0; j < lim; j++) {
          x[t + j] += f0 * a[w0 + c0 + j];
        }
      }
    }
    // rows k inside the block: only i <= k
    for (k = r0; k < r1; k++) {
      int w0 = k * n;
      for (int i = r0; i <= k; i++) {
        double f0 = a[w0 + i];
        int t = (i - r0) * width;
        int lim = Math.min(width, i + 1 - c0);
        for (int j = 0; j < lim; j++) {
          x[t + j] += f0 * a[w0 + c0 + j];
        }
      }
    }
    for (int i = r0; i < r1; i++) {
      int t = (i - r0) * width;
      int lim = Math.min(width, i + 1 - c0);
      for (int j = 0; j < lim; j++) {
        int col = c0 + j;
        if (col == i) {
          diag[i] = x[t + j];
        } else {
          a[col * n + i] = x[t + j];
        }
      }
    }
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
