package dev.tandem.core.retrieval;

import dev.tandem.core.data.History;
import dev.tandem.core.kernel.SmallSpd;
import dev.tandem.core.kernel.TopK;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.ModelFitException;
import dev.tandem.core.model.ScoredItems;
import java.util.BitSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Dense kernels of {@link ImplicitAls} on flat row-major arrays: dot products, Gram matrices,
 * the conjugate-gradient row update and a Cholesky solve. Package-private; all methods are
 * deterministic (fixed summation order, fixed chunking independent of the thread count).
 */
final class AlsMath {
  /** Rows per chunk of a Gram matrix; partial sums are added in chunk order, so the result never depends on threads. */
  static final int GRAM_CHUNK = 2048;

  private AlsMath() {}

  /** {@code a[ao..ao+n) · b[bo..bo+n)} with eight partial sums (breaks the add latency chain). */
  static float dot(float[] a, int ao, float[] b, int bo, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int k = 0;
    for (; k + 7 < n; k += 8) {
      s0 += a[ao + k] * b[bo + k];
      s1 += a[ao + k + 1] * b[bo + k + 1];
      s2 += a[ao + k + 2] * b[bo + k + 2];
      s3 += a[ao + k + 3] * b[bo + k + 3];
      s4 += a[ao + k + 4] * b[bo + k + 4];
      s5 += a[ao + k + 5] * b[bo + k + 5];
      s6 += a[ao + k + 6] * b[bo + k + 6];
      s7 += a[ao + k + 7] * b[bo + k + 7];
    }
    for (; k < n; k++) {
      s0 += a[ao + k] * b[bo + k];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /** {@code y[yo..yo+n) += s * x[xo..xo+n)}. */
  static void axpy(float s, float[] x, int xo, float[] y, int yo, int n) {
    for (int k = 0; k < n; k++) {
      y[yo + k] += s * x[xo + k];
    }
  }

  /**
   * Adds {@code Σ v vᵀ} over rows {@code [from, to)} of {@code m} (row-major, {@code f} columns)
   * into the upper triangle of {@code acc} (f×f, row-major), in double precision.
   */
  static void gramAccumulate(float[] m, int from, int to, int f, double[] acc, double[] row) {
    for (int r = from; r < to; r++) {
      int o = r * f;
      for (int a = 0; a < f; a++) {
        row[a] = m[o + a];
      }
      for (int a = 0; a < f; a++) {
        double va = row[a];
        if (va == 0) {
          continue;
        }
        int base = a * f;
        for (int b = a; b < f; b++) {
          acc[base + b] += va * row[b];
        }
      }
    }
  }

  /** {@code MᵀM} (f×f, full, double) of the {@code rows}×{@code f} matrix {@code m}; deterministic. */
  static double[] gram(float[] m, int rows, int f, Workers workers) {
    int chunks = (rows + GRAM_CHUNK - 1) / GRAM_CHUNK;
    double[][] partial = new double[chunks][];
    workers.forChunks(chunks, 0, (chunk, scratch) -> {
      double[] acc = new double[f * f];
      int from = chunk * GRAM_CHUNK;
      gramAccumulate(m, from, Math.min(rows, from + GRAM_CHUNK), f, acc, new double[f]);
      partial[chunk] = acc;
    });
    double[] g = new double[f * f];
    for (double[] p : partial) {
      for (int k = 0; k < g.length; k++) {
        g[k] += p[k];
      }
    }
    for (int a = 0; a < f; a++) {
      for (int b = 0; b < a; b++) {
        g[a * f + b] = g[b * f + a];
      }
    }
    return g;
  }

  /** {@code g + lambda·I} as floats, for the training solves. */
  static float[] regularizedFloat(double[] g, int f, double lambda) {
    float[] out = new float[f * f];
    for (int k = 0; k < out.length; k++) {
      out[k] = (float) g[k];
    }
    for (int a = 0; a < f; a++) {
      out[a * f + a] = (float) (g[a * f + a] + lambda);
    }
    return out;
  }

  /**
   * One row of the implicit-ALS half step by conjugate gradient, warm-started from the current
   * row (Takács et al. 2011, as in benfred/implicit). Solves
   * {@code (G + Σ_j w_j y_j y_jᵀ) x = Σ_j (1 + w_j) y_j} with {@code w_j = alpha·r_j}, where
   * {@code G = YᵀY + λI} (float, f×f) and the sum runs over the row's stored entries.
   *
   * @param x the factors being solved (row {@code row} updated in place)
   * @param y the fixed other side
   * @param scratch at least {@code 3f} floats
   */
  static void cgRow(float[] x, int row, float[] y, float[] g, int f, int[] ptr, int[] idx, float[] val,
      float alpha, int steps, float[] scratch) {
    int xo = row * f;
    int ro = 0;
    int po = f;
    int apo = 2 * f;
    // r = b - A x = -G x + Σ_j [(1 + w) - w (y_j·x)] y_j
    for (int k = 0; k < f; k++) {
      scratch[ro + k] = 0;
    }
    for (int c = 0; c < f; c++) {
      float xc = x[xo + c];
      if (xc != 0) {
        axpy(-xc, g, c * f, scratch, ro, f);
      }
    }
    int from = ptr[row];
    int to = ptr[row + 1];
    for (int e = from; e < to; e++) {
      int jo = idx[e] * f;
      float w = alpha * val[e];
      float t = (1 + w) - w * dot(y, jo, x, xo, f);
      axpy(t, y, jo, scratch, ro, f);
    }
    System.arraycopy(scratch, ro, scratch, po, f);
    float rsOld = dot(scratch, ro, scratch, ro, f);
    if (rsOld < 1e-20f) {
      return;
    }
    for (int step = 0; step < steps; step++) {
      // Ap = G p + Σ_j w (y_j·p) y_j
      for (int k = 0; k < f; k++) {
        scratch[apo + k] = 0;
      }
      for (int c = 0; c < f; c++) {
        float pc = scratch[po + c];
        if (pc != 0) {
          axpy(pc, g, c * f, scratch, apo, f);
        }
      }
      for (int e = from; e < to; e++) {
        int jo = idx[e] * f;
        float t = alpha * val[e] * dot(y, jo, scratch, po, f);
        axpy(t, y, jo, scratch, apo, f);
      }
      float pAp = dot(scratch, po, scratch, apo, f);
      if (pAp <= 0) {
        return; // numerically converged along p: keep x (NaN falls through, so the caller detects it)
      }
      float a = rsOld / pAp;
      axpy(a, scratch, po, x, xo, f);
      axpy(-a, scratch, apo, scratch, ro, f);
      float rsNew = dot(scratch, ro, scratch, ro, f);
      if (rsNew < 1e-20f) {
        return;
      }
      float beta = rsNew / rsOld;
      for (int k = 0; k < f; k++) {
        scratch[po + k] = scratch[ro + k] + beta * scratch[po + k];
      }
      rsOld = rsNew;
    }
  }

  /**
   * The top {@code n} items by cosine of their factor rows with item {@code item}'s, the item itself
   * excluded, through {@code filter}; ties rank the smaller index first. An item with a zero row is
   * similar to nothing in particular (every score 0).
   *
   * @param norms the L2 norm of each factor row
   */
  static ScoredItems similarByCosine(float[] factors, float[] norms, int f, int numItems,
      int item, int n, ItemFilter filter) {
    float[] scores = new float[numItems];
    float qn = norms[item];
    if (qn > 0) {
      int qo = item * f;
      for (int j = 0; j < numItems; j++) {
        float nj = norms[j];
        scores[j] = nj > 0 ? dot(factors, qo, factors, j * f, f) / (qn * nj) : 0f;
      }
    }
    scores[item] = Float.NEGATIVE_INFINITY;
    return TopK.select(scores, numItems, n, filter);
  }

  /**
   * The exact implicit-ALS user vector for a history's positives: the minimiser of
   * {@code Σ_i c_ui (p_ui − xᵀq_i)² + λ‖x‖²} with {@code c_ui = 1 + α·w_i} over all items, solved
   * as {@code (G + λI + Σ_{i∈h} (c_ui − 1) q_i q_iᵀ) x = Σ_{i∈h} c_ui q_i}, where {@code G} is the
   * Gram matrix of the item factors (full f×f, lower triangle read). An item of the history that
   * is not in {@code G} ({@code inGram} clear; {@code null} means every item is) enters with its
   * full confidence {@code c_ui} instead of {@code c_ui − 1}.
   *
   * @return the user vector (zero for an empty history), or {@code null} if the system is not
   *     positive definite
   */
  static float[] foldIn(float[] itemFactors, double[] gram, int f, double regularization, double alpha,
      History.Positives pos, BitSet inGram) {
    float[] out = new float[f];
    if (pos.size() == 0) {
      return out;
    }
    double[] a = new double[f * f];
    for (int r = 0; r < f; r++) {
      int ro = r * f;
      for (int c = 0; c <= r; c++) {
        a[ro + c] = gram[ro + c];
      }
      a[ro + r] += regularization;
    }
    double[] b = new double[f];
    double[] row = new double[f];
    int[] items = pos.items();
    float[] weights = pos.weights();
    for (int k = 0; k < items.length; k++) {
      int io = items[k] * f;
      for (int c = 0; c < f; c++) {
        row[c] = itemFactors[io + c];
      }
      double w = alpha * weights[k];
      double conf = 1 + w;
      double extra = inGram == null || inGram.get(items[k]) ? w : conf;
      for (int r = 0; r < f; r++) {
        double wr = extra * row[r];
        b[r] += conf * row[r];
        int ro = r * f;
        for (int c = 0; c <= r; c++) {
          a[ro + c] += wr * row[c];
        }
      }
    }
    if (!SmallSpd.choleskySolve(a, b, f)) {
      return null;
    }
    for (int c = 0; c < f; c++) {
      out[c] = (float) b[c];
    }
    return out;
  }

  /** Whether every value of {@code m} is finite. */
  static boolean allFinite(float[] m) {
    for (float v : m) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /** A body run once per chunk with the calling worker's scratch array. */
  @FunctionalInterface
  interface ChunkBody {
    void run(int chunk, float[] scratch);
  }

  /**
   * A fixed set of worker threads that runs numbered chunks. Which thread runs which chunk
   * varies; callers make each chunk's result independent of that, so results are deterministic.
   */
  static final class Workers implements AutoCloseable {
    /** Runs everything on the calling thread. */
    static final Workers INLINE = new Workers(1);

    private final int threads;
    private final ExecutorService pool;

    Workers(int threads) {
      this.threads = threads;
      this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "tandem-ials");
        t.setDaemon(true);
        return t;
      }) : null;
    }

    /** Runs {@code body} for chunks {@code 0..chunks-1}; each worker gets its own scratch of {@code scratchFloats}. */
    void forChunks(int chunks, int scratchFloats, ChunkBody body) {
      if (pool == null || chunks <= 1) {
        float[] scratch = new float[scratchFloats];
        for (int c = 0; c < chunks; c++) {
          body.run(c, scratch);
        }
        return;
      }
      AtomicInteger next = new AtomicInteger();
      int n = Math.min(threads, chunks);
      Future<?>[] futures = new Future<?>[n];
      for (int w = 0; w < n; w++) {
        futures[w] = pool.submit(() -> {
          float[] scratch = new float[scratchFloats];
          for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
            body.run(c, scratch);
          }
        });
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ModelFitException("ials: interrupted while fitting", e);
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new ModelFitException("ials: worker failed: " + cause, cause);
        }
      }
    }

    @Override
    public void close() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }
}
