package dev.tandem.core.retrieval;

import dev.tandem.core.kernel.SparseMatrix;
import java.util.Random;

/**
 * The training skeleton that the implicit-feedback factor models ({@link ImplicitAls},
 * {@link Hybrid}) share: seeded initial factors, a conjugate-gradient half-sweep over the rows of
 * one side, and the confidence-weighted data part of their objective. Work is split in fixed row
 * chunks, so results never depend on the thread count. Stateless.
 */
final class AlsTraining {
  /** Rows per work unit; fixed so that the work split never depends on the thread count. */
  static final int ROW_CHUNK = 128;

  private AlsTraining() {}

  /** Seeded N(0, 1) · 0.1/√f initial factors, {@code rows × f}: row norms ≈ 0.1, symmetric around 0. */
  static float[] initial(int rows, int f, long seed) {
    Random rnd = new Random(seed);
    float scale = (float) (0.1 / Math.sqrt(f));
    float[] m = new float[rows * f];
    for (int k = 0; k < m.length; k++) {
      m[k] = (float) rnd.nextGaussian() * scale;
    }
    return m;
  }

  /**
   * One half-sweep: {@code steps} warm-started CG steps on every row of {@code solve} against the
   * fixed side {@code fixed} with the regularised Gram matrix {@code g}, rows of {@code m} giving
   * each row's stored entries.
   */
  static void sweep(float[] solve, int rows, float[] fixed, float[] g, SparseMatrix m, float alpha, int f, int steps,
      AlsMath.Workers workers) {
    int[] ptr = m.rowPtr();
    int[] idx = m.colIdx();
    float[] val = m.values();
    int chunks = (rows + ROW_CHUNK - 1) / ROW_CHUNK;
    workers.forChunks(chunks, 3 * f, (chunk, scratch) -> {
      int end = Math.min(rows, (chunk + 1) * ROW_CHUNK);
      for (int r = chunk * ROW_CHUNK; r < end; r++) {
        AlsMath.cgRow(solve, r, fixed, g, f, ptr, idx, val, alpha, steps, scratch);
      }
    });
  }

  /**
   * The data part of the objective, {@code Σ_{all u,i} c_ui (p_ui − x_uᵀy_i)²}, computed as
   * {@code Σ_{all} s² + Σ_{stored} [c(1−s)² − s²]} with {@code s = x_uᵀy_i} and
   * {@code Σ_{all} s² = ⟨XᵀX, YᵀY⟩}: O(nnz·f + f²) given the Gram matrices. The models add their
   * penalties to it.
   */
  static double confidenceLoss(float[] x, float[] y, double[] gramX, double[] gramY, SparseMatrix ui, int f,
      float alpha, AlsMath.Workers workers) {
    double dense = 0;
    for (int k = 0; k < gramX.length; k++) {
      dense += gramX[k] * gramY[k];
    }
    int[] ptr = ui.rowPtr();
    int[] idx = ui.colIdx();
    float[] val = ui.values();
    int rows = ui.rows();
    int chunks = (rows + ROW_CHUNK - 1) / ROW_CHUNK;
    double[] partial = new double[chunks];
    workers.forChunks(chunks, 0, (chunk, scratch) -> {
      double sum = 0;
      int end = Math.min(rows, (chunk + 1) * ROW_CHUNK);
      for (int u = chunk * ROW_CHUNK; u < end; u++) {
        int uo = u * f;
        for (int e = ptr[u]; e < ptr[u + 1]; e++) {
          double s = AlsMath.dot(x, uo, y, idx[e] * f, f);
          double c = 1 + (double) alpha * val[e];
          sum += c * (1 - s) * (1 - s) - s * s;
        }
      }
      partial[chunk] = sum;
    });
    double sparse = 0;
    for (double p : partial) {
      sparse += p;
    }
    return dense + sparse;
  }

  /**
   * The alpha of {@code model}'s parameters as the float the solvers use.
   *
   * @throws IllegalArgumentException if it does not fit in a float
   */
  static float alpha(String model, double alpha) {
    float a = (float) alpha;
    if (!Float.isFinite(a)) {
      throw new IllegalArgumentException(model + ".alpha (" + alpha + ") must fit in a float");
    }
    return a;
  }
}
