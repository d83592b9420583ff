package dev.tandem.core.retrieval;

import dev.tandem.core.kernel.SmallSpd;
import dev.tandem.core.kernel.SparseMatrix;
import java.util.Arrays;

/**
 * The item-side half steps given the user factors: the shared operator
 * {@code A_i v = (XᵀX) v + Σ_u alpha·r_ui (x_uᵀv) x_u} and right-hand side
 * {@code b_i = Σ_u (1 + alpha·r_ui) x_u} of item i's least-squares problem. The content
 * parameters are one (d + T)×f matrix P = [W; V]: item i's content factor is {@code Pᵀφ_i} with
 * {@code φ_i = [e_i; t_i]} its normalised embedding and its term weights. Holds the fit's state
 * between half steps; not thread-safe (its work is split over the fit's workers internally).
 */
final class HybridStep {
  private static final int CHUNK = 128;
  /** Rows of P per work unit of the reductions. */
  private static final int ROWS = 16;
  private final int f;
  private final int d;
  private final float[] e;
  private final TermFeatures terms;
  /** The warm items with features, whose loss terms involve P. */
  private final int[] items;
  /** Term → positions in {@link #items} and weights (the transpose of the terms over {@link #items}). */
  private final int[] tPtr;
  private final int[] tPos;
  private final float[] tVal;
  /** Σ over {@link #items} of each term's squared weight. */
  private final double[] termSquares;
  private final int[] ptr;
  private final int[] idx;
  private final float[] val;
  private final float alpha;
  private final int steps;
  private final AlsMath.Workers workers;
  float[] gx;
  float[] x;
  /** Σ e_i e_iᵀ over the warm items with an embedding (d×d, full). */
  double[] ete;
  /** Each user's summed interaction strength. */
  float[] userWeight;
  int projItems;

  HybridStep(int f, int d, float[] e, TermFeatures terms, int[] items, SparseMatrix iu, float alpha, int steps,
      AlsMath.Workers workers) {
    this.f = f;
    this.d = d;
    this.e = e;
    this.terms = terms;
    this.items = items;
    this.ptr = iu.rowPtr();
    this.idx = iu.colIdx();
    this.val = iu.values();
    this.alpha = alpha;
    this.steps = steps;
    this.workers = workers;
    int t = terms.count;
    tPtr = new int[t + 1];
    termSquares = new double[t];
    for (int i : items) {
      for (int k = terms.ptr[i]; k < terms.ptr[i + 1]; k++) {
        tPtr[terms.idx[k] + 1]++;
        termSquares[terms.idx[k]] += (double) terms.val[k] * terms.val[k];
      }
    }
    for (int k = 0; k < t; k++) {
      tPtr[k + 1] += tPtr[k];
    }
    tPos = new int[tPtr[t]];
    tVal = new float[tPtr[t]];
    int[] fill = Arrays.copyOf(tPtr, t);
    for (int r = 0; r < items.length; r++) {
      int i = items[r];
      for (int k = terms.ptr[i]; k < terms.ptr[i + 1]; k++) {
        int at = fill[terms.idx[k]]++;
        tPos[at] = r;
        tVal[at] = terms.val[k];
      }
    }
  }

  /** {@code s[so, so+f) = Pᵀφ_i}. */
  private void content(float[] p, int i, float[] s, int so) {
    Arrays.fill(s, so, so + f, 0f);
    int eo = i * d;
    for (int c = 0; c < d; c++) {
      float ec = e[eo + c];
      if (ec != 0) {
        AlsMath.axpy(ec, p, c * f, s, so, f);
      }
    }
    for (int k = terms.ptr[i]; k < terms.ptr[i + 1]; k++) {
      AlsMath.axpy(terms.val[k], p, (d + terms.idx[k]) * f, s, so, f);
    }
  }

  /** {@code z = Φ P} for all items (m×f), in row chunks. */
  void project(float[] p, float[] z, int m) {
    int chunk = 256;
    int chunks = (m + chunk - 1) / chunk;
    workers.forChunks(chunks, 0, (c, scratch) -> {
      int end = Math.min(m, (c + 1) * chunk);
      for (int i = c * chunk; i < end; i++) {
        content(p, i, z, i * f);
      }
    });
  }

  /**
   * The Kronecker preconditioner {@code blockdiag(EᵀE + μ_w I, diag(Σ t_i²) + μ_v I)⁻¹ ⊗ (XᵀX + S̄)⁻¹}
   * of the content problem, where {@code S̄} is the confidence term {@code Σ_u alpha·r_u x_u x_uᵀ}
   * averaged over items and {@code μ} spreads λ over it; as Cholesky factors and the term diagonal.
   */
  private double[][] preconditioner(double lambdaW, double lambdaV) {
    double[] b = new double[f * f];
    double[] row = new double[f];
    for (int u = 0; u < userWeight.length; u++) {
      double wu = alpha * (double) userWeight[u] / Math.max(1, projItems);
      if (wu == 0) {
        continue;
      }
      for (int a = 0; a < f; a++) {
        row[a] = x[u * f + a];
      }
      for (int a = 0; a < f; a++) {
        double va = wu * row[a];
        for (int c = 0; c <= a; c++) {
          b[a * f + c] += va * row[c];
        }
      }
    }
    double trace = 0;
    for (int a = 0; a < f; a++) {
      for (int c = 0; c <= a; c++) {
        b[a * f + c] += gx[a * f + c];
      }
      trace += b[a * f + a];
    }
    for (int a = 0; a < f; a++) {
      b[a * f + a] += 1e-6 * trace / f + 1e-12;
    }
    double mu = lambdaW * f / Math.max(trace, 1e-12);
    double[] a = ete.clone();
    double traceA = 0;
    for (int c = 0; c < d; c++) {
      traceA += a[c * d + c];
    }
    for (int c = 0; c < d; c++) {
      a[c * d + c] += mu + 1e-6 * traceA / d + 1e-12;
    }
    double muV = lambdaV * f / Math.max(trace, 1e-12);
    double[] diag = new double[terms.count];
    for (int t = 0; t < diag.length; t++) {
      diag[t] = termSquares[t] + muV;
    }
    if (!SmallSpd.cholesky(a, d) || !SmallSpd.cholesky(b, f)) {
      return null;
    }
    return new double[][] {a, b, diag};
  }

  /** {@code out = blockdiag(L_a L_aᵀ, D)⁻¹ r (L_b L_bᵀ)⁻¹} for r (d + T)×f row-major. */
  private void precondition(double[][] l, float[] r, float[] out) {
    double[] col = new double[d];
    double[] tmp = new double[d * f];
    for (int j = 0; j < f; j++) {
      for (int c = 0; c < d; c++) {
        col[c] = r[c * f + j];
      }
      SmallSpd.solve(l[0], col, d);
      for (int c = 0; c < d; c++) {
        tmp[c * f + j] = col[c];
      }
    }
    int rows = d + terms.count;
    int chunks = (rows + CHUNK - 1) / CHUNK;
    workers.forChunks(chunks, 0, (chunk, scratch) -> {
      double[] rw = new double[f];
      int end = Math.min(rows, (chunk + 1) * CHUNK);
      for (int c = chunk * CHUNK; c < end; c++) {
        if (c < d) {
          System.arraycopy(tmp, c * f, rw, 0, f);
        } else {
          double inv = 1 / l[2][c - d];
          for (int j = 0; j < f; j++) {
            rw[j] = r[c * f + j] * inv;
          }
        }
        SmallSpd.solve(l[1], rw, f);
        for (int j = 0; j < f; j++) {
          out[c * f + j] = (float) rw[j];
        }
      }
    });
  }

  /** {@code out = A_i v} (out has f floats from {@code oo}). */
  private void applyA(int i, float[] v, int vo, float[] out, int oo) {
    for (int k = 0; k < f; k++) {
      out[oo + k] = 0;
    }
    for (int c = 0; c < f; c++) {
      float vc = v[vo + c];
      if (vc != 0) {
        AlsMath.axpy(vc, gx, c * f, out, oo, f);
      }
    }
    for (int k = ptr[i]; k < ptr[i + 1]; k++) {
      int uo = idx[k] * f;
      float t = alpha * val[k] * AlsMath.dot(x, uo, v, vo, f);
      AlsMath.axpy(t, x, uo, out, oo, f);
    }
  }

  /**
   * Σ over the items of {@code φ_i ⊗ g_i} ((d + T)×f) with {@code g_i = A_i (Pᵀφ_i)} when
   * {@code residual} is false, else {@code g_i = b_i − A_i (Pᵀφ_i + o_i)}. The g_i are computed
   * per item chunk, then each row block of the result sums them in item order.
   */
  private double[] accumulate(float[] p, float[] o, boolean residual) {
    int n = items.length;
    float[] g = new float[n * f];
    int chunks = (n + CHUNK - 1) / CHUNK;
    workers.forChunks(chunks, f, (chunk, scratch) -> {
      int end = Math.min(n, (chunk + 1) * CHUNK);
      for (int r = chunk * CHUNK; r < end; r++) {
        int i = items[r];
        content(p, i, scratch, 0);
        if (residual) {
          AlsMath.axpy(1f, o, i * f, scratch, 0, f);
        }
        applyA(i, scratch, 0, g, r * f);
        if (residual) {
          int go = r * f;
          for (int k = 0; k < f; k++) {
            g[go + k] = -g[go + k];
          }
          for (int k = ptr[i]; k < ptr[i + 1]; k++) {
            AlsMath.axpy(1 + alpha * val[k], x, idx[k] * f, g, go, f);
          }
        }
      }
    });
    int rows = d + terms.count;
    double[] out = new double[rows * f];
    int blocks = (rows + ROWS - 1) / ROWS;
    workers.forChunks(blocks, 0, (block, scratch) -> {
      int from = block * ROWS;
      int end = Math.min(rows, from + ROWS);
      int denseEnd = Math.min(end, d);
      if (from < denseEnd) {
        for (int r = 0; r < n; r++) {
          int eo = items[r] * d;
          int go = r * f;
          for (int c = from; c < denseEnd; c++) {
            float ec = e[eo + c];
            if (ec != 0) {
              int oo = c * f;
              for (int j = 0; j < f; j++) {
                out[oo + j] += ec * g[go + j];
              }
            }
          }
        }
      }
      for (int c = Math.max(from, d); c < end; c++) {
        int t = c - d;
        int oo = c * f;
        for (int k = tPtr[t]; k < tPtr[t + 1]; k++) {
          float tv = tVal[k];
          int go = tPos[k] * f;
          for (int j = 0; j < f; j++) {
            out[oo + j] += tv * g[go + j];
          }
        }
      }
    });
    return out;
  }

  /**
   * Warm-started preconditioned CG on the content parameters P = [W; V] with the offsets fixed:
   * minimises {@code Σ_i (Pᵀφ_i + o_i)ᵀA_i(Pᵀφ_i + o_i) − 2b_iᵀ(Pᵀφ_i) + λ_w‖W‖² + λ_v‖V‖²}.
   */
  void projection(float[] w, float[] o, double lambdaW, double lambdaV) {
    int n = w.length;
    int split = d * f;
    double[] acc = accumulate(w, o, true);
    float[] r = new float[n];
    for (int k = 0; k < n; k++) {
      r[k] = (float) (acc[k] - (k < split ? lambdaW : lambdaV) * w[k]);
    }
    double[][] pre = preconditioner(lambdaW, lambdaV);
    float[] zr = new float[n];
    if (pre != null) {
      precondition(pre, r, zr);
    } else {
      System.arraycopy(r, 0, zr, 0, n);
    }
    float[] p = zr.clone();
    double rzOld = dot(r, zr);
    if (!(rzOld > 1e-30)) {
      return;
    }
    for (int step = 0; step < steps; step++) {
      double[] hp = accumulate(p, null, false);
      double pHp = 0;
      for (int k = 0; k < n; k++) {
        hp[k] += (k < split ? lambdaW : lambdaV) * p[k];
        pHp += p[k] * hp[k];
      }
      if (!(pHp > 0)) {
        return;
      }
      double a = rzOld / pHp;
      for (int k = 0; k < n; k++) {
        w[k] += (float) (a * p[k]);
        r[k] -= (float) (a * hp[k]);
      }
      if (pre != null) {
        precondition(pre, r, zr);
      } else {
        System.arraycopy(r, 0, zr, 0, n);
      }
      double rzNew = dot(r, zr);
      if (!(rzNew > 1e-30)) {
        return;
      }
      double beta = rzNew / rzOld;
      for (int k = 0; k < n; k++) {
        p[k] = (float) (zr[k] + beta * p[k]);
      }
      rzOld = rzNew;
    }
  }

  /**
   * Warm-started CG per warm item on its offset with W fixed: solves
   * {@code (A_i + λ_o I) o_i = b_i − A_i z_i} where {@code z_i = Wᵀe_i}.
   */
  void offsets(float[] o, float[] z, int[] items, double lambdaO) {
    float lo = (float) lambdaO;
    int chunks = (items.length + CHUNK - 1) / CHUNK;
    workers.forChunks(chunks, 4 * f, (chunk, s) -> {
      int end = Math.min(items.length, (chunk + 1) * CHUNK);
      int ro = 0;
      int po = f;
      int apo = 2 * f;
      int so = 3 * f;
      for (int r = chunk * CHUNK; r < end; r++) {
        int i = items[r];
        int oo = i * f;
        // s = z_i + o_i; r = b_i − A_i s − λ_o o_i
        for (int k = 0; k < f; k++) {
          s[so + k] = z[oo + k] + o[oo + k];
        }
        applyA(i, s, so, s, ro);
        for (int k = 0; k < f; k++) {
          s[ro + k] = -s[ro + k] - lo * o[oo + k];
        }
        for (int k = ptr[i]; k < ptr[i + 1]; k++) {
          AlsMath.axpy(1 + alpha * val[k], x, idx[k] * f, s, ro, f);
        }
        System.arraycopy(s, ro, s, po, f);
        float rsOld = AlsMath.dot(s, ro, s, ro, f);
        if (rsOld < 1e-20f) {
          continue;
        }
        for (int step = 0; step < steps; step++) {
          applyA(i, s, po, s, apo);
          AlsMath.axpy(lo, s, po, s, apo, f);
          float pAp = AlsMath.dot(s, po, s, apo, f);
          if (!(pAp > 0)) {
            break;
          }
          float a = rsOld / pAp;
          AlsMath.axpy(a, s, po, o, oo, f);
          AlsMath.axpy(-a, s, apo, s, ro, f);
          float rsNew = AlsMath.dot(s, ro, s, ro, f);
          if (rsNew < 1e-20f) {
            break;
          }
          float beta = rsNew / rsOld;
          for (int k = 0; k < f; k++) {
            s[po + k] = s[ro + k] + beta * s[po + k];
          }
          rsOld = rsNew;
        }
      }
    });
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += (double) a[k] * b[k];
    }
    return s;
  }
}
