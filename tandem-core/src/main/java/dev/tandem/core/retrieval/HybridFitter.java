package dev.tandem.core.retrieval;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.core.kernel.SparseMatrix;
import dev.tandem.core.model.ModelFitException;
import java.util.Arrays;
import java.util.BitSet;

/**
 * One fit of a {@link Hybrid}: alternating conjugate-gradient block descents over the user
 * factors (the {@link AlsTraining} half-sweep shared with {@link ImplicitAls}), the content
 * parameters and the offsets ({@link HybridStep}). Deterministic for a seed and independent of
 * the thread count. Immutable; each {@link #fit} call has its own state.
 */
final class HybridFitter {
  private final Hybrid.Params params;

  HybridFitter(Hybrid.Params params) {
    this.params = params;
  }

  /**
   * Fits and also returns the user factors and the per-iteration objective.
   *
   * @throws ModelFitException if {@code train} carries no item vectors or the factors stop being finite
   */
  Hybrid.Fit fit(Interactions train) {
    ItemVectors v = train.itemVectors().orElseThrow(() -> new ModelFitException(
        Hybrid.NAME + " needs item embeddings: train it through Tandem, which embeds the catalogue (`tandem embed`),"
            + " or attach them with Interactions.withItemVectors"));
    int m = train.numItems();
    int n = train.numUsers();
    int f = params.factors();
    int d = v.dimension();
    if ((long) m * d != v.data().length) {
      throw new ModelFitException(Hybrid.NAME + ": item vectors hold " + v.data().length + " floats; expected items (" + m
          + ") * dimension (" + d + ")");
    }
    ItemVectors unit = v.normalized();
    BitSet present = unit.present();
    float[] e = unit.data();
    SparseMatrix ui = train.userItem();
    SparseMatrix iu = train.itemUser();
    BitSet warm = new BitSet(m);
    int[] iptr = iu.rowPtr();
    for (int i = 0; i < m; i++) {
      if (iptr[i + 1] > iptr[i]) {
        warm.set(i);
      }
    }
    int[] warmItems = warm.stream().toArray();
    TermFeatures terms = params.textFeatures() && train.itemTexts().isPresent()
        ? TermFeatures.of(train.itemTexts().get().texts(), warm, m) : TermFeatures.none(m);
    BitSet withFeatures = (BitSet) present.clone();
    for (int i = 0; i < m; i++) {
      if (terms.ptr[i + 1] > terms.ptr[i]) {
        withFeatures.set(i);
      }
    }
    BitSet warmWithFeatures = (BitSet) warm.clone();
    warmWithFeatures.and(withFeatures);
    int[] projItems = warmWithFeatures.stream().toArray();
    float alpha = AlsTraining.alpha(Hybrid.NAME, params.alpha());
    double lambda = params.regularization();
    float[] x = AlsTraining.initial(n, f, params.seed());
    float[] w = Arrays.copyOf(AlsTraining.initial(d, f, params.seed() + 0x9E3779B97F4A7C15L), (d + terms.count) * f);
    float[] o = new float[m * f];
    float[] z = new float[m * f];
    float[] q = new float[m * f];
    int iters = params.iterations();
    double[] loss = new double[iters];
    double[] seconds = new double[iters];
    int threads = FactorParams.threads(params.threads());
    double[] gramQ;
    try (AlsMath.Workers workers = new AlsMath.Workers(threads)) {
      HybridStep step = new HybridStep(f, d, e, terms, projItems, iu, alpha, params.cgSteps(), workers);
      step.project(w, z, m);
      sum(z, o, q);
      gramQ = warmGram(q, warm, f);
      step.ete = embeddingGram(e, projItems, d, workers);
      step.userWeight = rowSums(ui);
      step.projItems = projItems.length;
      for (int it = 0; it < iters; it++) {
        long t0 = System.nanoTime();
        AlsTraining.sweep(x, n, q, AlsMath.regularizedFloat(gramQ, f, lambda), ui, alpha, f, params.cgSteps(), workers);
        double[] gramX = AlsMath.gram(x, n, f, workers);
        step.gx = AlsMath.regularizedFloat(gramX, f, 0);
        step.x = x;
        step.projection(w, o, params.lambdaW(), params.lambdaV());
        step.project(w, z, m);
        step.offsets(o, z, warmItems, params.lambdaO());
        sum(z, o, q);
        gramQ = warmGram(q, warm, f);
        long t1 = System.nanoTime();
        if (!AlsMath.allFinite(x) || !AlsMath.allFinite(q) || !AlsMath.allFinite(w)) {
          throw new ModelFitException(Hybrid.NAME + ": factors are not finite (NaN or infinite) after iteration " + (it + 1)
              + " of " + iters + "; lower alpha (" + params.alpha() + ") or raise lambda_w (" + params.lambdaW()
              + ") / lambda_o (" + params.lambdaO() + ")");
        }
        loss[it] = loss(x, q, w, d * f, o, gramX, gramQ, ui, f, alpha, workers);
        if (!Double.isFinite(loss[it])) {
          throw new ModelFitException(Hybrid.NAME + ": loss is not finite (" + loss[it] + ") after iteration " + (it + 1));
        }
        seconds[it] = (t1 - t0) / 1e9;
      }
    }
    float[] kept = params.semanticWeight() == 0 ? new float[0] : e;
    TermFeatures keptTerms = params.textWeight() == 0 ? TermFeatures.none(m) : terms;
    Hybrid model = new Hybrid(f, d, q, Arrays.copyOf(w, d * f), warm, params.alpha(), lambda,
        params.semanticWeight(), kept, present, gramQ, keptTerms, params.textWeight(), terms.vocabulary,
        Arrays.copyOfRange(w, d * f, (d + terms.count) * f));
    return new Hybrid.Fit(model, x, loss, seconds);
  }

  /**
   * The full objective: {@link AlsTraining#confidenceLoss} plus the penalties on the user factors,
   * the projection, the term factors and the offsets.
   */
  private double loss(float[] x, float[] q, float[] w, int projectionFloats, float[] o, double[] gramX,
      double[] gramQ, SparseMatrix ui, int f, float alpha, AlsMath.Workers workers) {
    double xn = 0;
    for (int a = 0; a < f; a++) {
      xn += gramX[a * f + a];
    }
    return AlsTraining.confidenceLoss(x, q, gramX, gramQ, ui, f, alpha, workers) + params.regularization() * xn
        + params.lambdaW() * squares(w, 0, projectionFloats) + params.lambdaV() * squares(w, projectionFloats, w.length)
        + params.lambdaO() * squares(o, 0, o.length);
  }

  /** Each row's summed values. */
  private static float[] rowSums(SparseMatrix m) {
    int[] ptr = m.rowPtr();
    float[] val = m.values();
    float[] out = new float[m.rows()];
    for (int r = 0; r < out.length; r++) {
      double s = 0;
      for (int k = ptr[r]; k < ptr[r + 1]; k++) {
        s += val[k];
      }
      out[r] = (float) s;
    }
    return out;
  }

  /** {@code Σ e_i e_iᵀ} over {@code items} (d×d, full, double); deterministic. */
  private static double[] embeddingGram(float[] e, int[] items, int d, AlsMath.Workers workers) {
    float[] rows = new float[items.length * d];
    for (int r = 0; r < items.length; r++) {
      System.arraycopy(e, items[r] * d, rows, r * d, d);
    }
    return AlsMath.gram(rows, items.length, d, workers);
  }

  private static void sum(float[] a, float[] b, float[] out) {
    for (int k = 0; k < out.length; k++) {
      out[k] = a[k] + b[k];
    }
  }

  private static double squares(float[] a, int from, int to) {
    double s = 0;
    for (int k = from; k < to; k++) {
      s += (double) a[k] * a[k];
    }
    return s;
  }

  /** {@code Σ_{i warm} q_i q_iᵀ} (f×f, full, double), rows added in item order. */
  static double[] warmGram(float[] q, BitSet warm, int f) {
    double[] g = new double[f * f];
    double[] row = new double[f];
    for (int i = warm.nextSetBit(0); i >= 0; i = warm.nextSetBit(i + 1)) {
      AlsMath.gramAccumulate(q, i, i + 1, f, g, row);
    }
    for (int a = 0; a < f; a++) {
      for (int b = 0; b < a; b++) {
        g[a * f + b] = g[b * f + a];
      }
    }
    return g;
  }
}
