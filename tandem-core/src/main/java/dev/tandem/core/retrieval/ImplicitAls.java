package dev.tandem.core.retrieval;

import dev.tandem.core.data.History;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.explain.Because;
import dev.tandem.core.explain.Explains;
import dev.tandem.core.kernel.SparseMatrix;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelFitException;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.Param;
import dev.tandem.core.model.ParamChecks;
import dev.tandem.core.model.ParamSet;
import dev.tandem.core.model.ParamValues;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.core.snapshot.SnapshotException;
import dev.tandem.core.snapshot.SnapshotInput;
import dev.tandem.core.snapshot.SnapshotOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Implicit-feedback alternating least squares (Hu, Koren &amp; Volinsky 2008), trained with the
 * conjugate-gradient solver of Takács et al. (2011) as in benfred/implicit.
 *
 * <p>For every user u and item i the model minimises
 * {@code Σ_{u,i} c_ui (p_ui − x_uᵀ y_i)² + λ (‖X‖² + ‖Y‖²)} over <em>all</em> pairs, where
 * {@code p_ui = 1} for stored pairs and 0 otherwise, and the confidence is
 * {@code c_ui = 1 + alpha · r_ui} with {@code r_ui} the pair's summed feedback weight (1 for
 * unstored pairs).
 *
 * <p>The model keeps only the item factors Y (and the cached Gram matrix YᵀY): a user is always
 * scored from a {@link History}. {@link #score} folds the history in by solving the user's
 * least-squares problem exactly (a Cholesky solve of the f×f system), then scores {@code Y·x_u}.
 * For a training user this is the exact solution given the final item factors.
 *
 * <p>Guarantees: immutable and thread-safe; scoring allocates its own scratch per call.
 */
public final class ImplicitAls implements Model, Explains {
  /** Type name. */
  public static final String NAME = "ials";

  private final int numItems;
  private final int factors;
  private final float[] itemFactors;
  private final double[] gram;
  /** The item rows, with what is answered from them alone (similar items, explanations). */
  private final ItemFactors rows;
  private final double alpha;
  private final double regularization;

  /**
   * @param itemFactors numItems × factors, row-major (owned by the model from now on)
   * @param gram {@code YᵀY} as computed by {@link AlsMath#gram}, or null to compute it
   */
  ImplicitAls(int factors, float[] itemFactors, double alpha, double regularization, double[] gram) {
    this.factors = factors;
    this.numItems = itemFactors.length / factors;
    this.itemFactors = itemFactors;
    this.alpha = alpha;
    this.regularization = regularization;
    this.gram = gram != null ? gram : AlsMath.gram(itemFactors, numItems, factors, AlsMath.Workers.INLINE);
    this.rows = new ItemFactors(itemFactors, factors);
  }

  /**
   * Parameters.
   *
   * @param factors number of latent factors f (default 64, in [1, 1024]). More factors fit finer
   *     taste structure but cost O(f²) per row and O(f³) per fold-in and overfit sparse data.
   * @param iterations alternating sweeps (default 15, in [1, 10000]); each sweep solves all users,
   *     then all items. The objective falls quickly in the first 5–10 sweeps, then flattens.
   * @param regularization λ, the L2 penalty on every factor vector (default 0.01, > 0). Not
   *     scaled by the number of interactions (the same convention as benfred/implicit, so values
   *     carry over); since the objective sums over all U·I pairs, data terms dominate λ for
   *     active users and items, and raising λ (e.g. to 1–100) mainly shrinks rare users/items.
   *     Must be positive so every solve is positive definite.
   * @param alpha confidence slope: {@code c_ui = 1 + alpha · r_ui} (default 20, > 0). This is
   *     Hu et al.'s form; benfred/implicit instead uses {@code c_ui = alpha · r_ui} with default 1,
   *     which for binary data leaves observed pairs no extra weight. With weights around 1..3,
   *     alpha = 1 weights observed pairs only 2–4× unobserved ones and ranks poorly on sparse
   *     binary data: on goodbooks-10k {@code holdout-users} (64 factors, 15 iterations)
   *     Recall@20 was 0.125 at alpha 1, 0.175 at 5, 0.226 at 20 and 0.231 at 40 (Hu et al. used
   *     40). Larger alpha trusts observed interactions more and unobserved ones less; too large
   *     overfits heavy users and makes the solves less well conditioned.
   * @param cgSteps conjugate-gradient steps per row and half-sweep (default 3, in [1, 1024]).
   *     Warm-started CG with 2–3 steps is nearly as good per sweep as an exact solve at a
   *     fraction of the cost; f steps solve exactly (up to rounding).
   * @param seed seed of the random initial factors (default 42); same seed, same model
   * @param threads worker threads for training (default 0 = all available processors). The
   *     result does not depend on it.
   */
  public record Params(int factors, int iterations, double regularization, double alpha, int cgSteps, long seed,
      int threads) {
    /** Upper bound of {@code factors}. */
    public static final int MAX_FACTORS = FactorParams.MAX_FACTORS;

    public Params {
      ParamChecks.range(NAME, "factors", factors, 1, MAX_FACTORS);
      ParamChecks.range(NAME, "iterations", iterations, 1, 10_000);
      ParamChecks.positive(NAME, "regularization", regularization);
      ParamChecks.positive(NAME, "alpha", alpha);
      ParamChecks.range(NAME, "cg_steps", cgSteps, 1, 1024);
      ParamChecks.range(NAME, "threads", threads, 0, 1024);
    }

    /** The defaults: 64 factors, 15 iterations, λ 0.01, alpha 20, 3 CG steps, seed 42, all cores. */
    public static Params defaults() {
      return new Type().bind(PARAMETERS.defaults());
    }
  }

  /**
   * What a fit produced besides the model: the trained user factors (for tests and reports; the
   * model itself never keeps them), and the objective and wall time of every iteration.
   */
  public static final class Fit {
    private final ImplicitAls model;
    private final float[] userFactors;
    private final int numUsers;
    private final double[] loss;
    private final double[] iterationSeconds;
    private final double[] lossSeconds;

    Fit(ImplicitAls model, float[] userFactors, int numUsers, double[] loss, double[] iterationSeconds,
        double[] lossSeconds) {
      this.model = model;
      this.userFactors = userFactors;
      this.numUsers = numUsers;
      this.loss = loss;
      this.iterationSeconds = iterationSeconds;
      this.lossSeconds = lossSeconds;
    }

    /** The trained model. */
    public ImplicitAls model() {
      return model;
    }

    /** Number of training users (rows of the user factors). */
    public int numUsers() {
      return numUsers;
    }

    /** A copy of user row {@code u}'s trained factors (as left by the last CG user sweep). */
    public float[] userVector(int u) {
      if (u < 0 || u >= numUsers) {
        throw new IllegalArgumentException("u (" + u + ") must be in [0, " + numUsers + ")");
      }
      int f = model.factors;
      return Arrays.copyOfRange(userFactors, u * f, (u + 1) * f);
    }

    /** A copy of all user factors, users × factors row-major. */
    public float[] userFactors() {
      return userFactors.clone();
    }

    /**
     * The full objective {@code Σ_{all u,i} c_ui (p_ui − x_uᵀy_i)² + λ(‖X‖² + ‖Y‖²)} after each
     * iteration (index 0 is after the first sweep).
     */
    public double[] loss() {
      return loss.clone();
    }

    /** Wall seconds of each iteration's two half-sweeps (Gram matrices included, loss excluded). */
    public double[] iterationSeconds() {
      return iterationSeconds.clone();
    }

    /** Wall seconds spent computing the loss after each iteration. */
    public double[] lossSeconds() {
      return lossSeconds.clone();
    }
  }

  /** Fits item (and, transiently, user) factors by alternating conjugate-gradient sweeps. */
  public static final class Trainer implements dev.tandem.core.model.Trainer<ImplicitAls> {
    private final Params params;

    public Trainer(Params params) {
      if (params == null) {
        throw new IllegalArgumentException("params must not be null; use ImplicitAls.Params.defaults()");
      }
      this.params = params;
    }

    @Override
    public ImplicitAls fit(Interactions train) {
      return fitDetailed(train).model();
    }

    /**
     * Fits and also returns the user factors, per-iteration loss and timings.
     *
     * @throws ModelFitException if the factors stop being finite (naming the iteration)
     */
    public Fit fitDetailed(Interactions train) {
      int f = params.factors();
      int numUsers = train.numUsers();
      int numItems = train.numItems();
      SparseMatrix ui = train.userItem();
      SparseMatrix iu = train.itemUser();
      float alpha = AlsTraining.alpha(NAME, params.alpha());
      double lambda = params.regularization();
      float[] x = AlsTraining.initial(numUsers, f, params.seed());
      float[] y = AlsTraining.initial(numItems, f, params.seed() + 0x9E3779B97F4A7C15L);
      int iters = params.iterations();
      double[] loss = new double[iters];
      double[] iterSeconds = new double[iters];
      double[] lossSeconds = new double[iters];
      int threads = FactorParams.threads(params.threads());
      double[] gramY;
      try (AlsMath.Workers workers = new AlsMath.Workers(threads)) {
        gramY = AlsMath.gram(y, numItems, f, workers);
        for (int it = 0; it < iters; it++) {
          long t0 = System.nanoTime();
          AlsTraining.sweep(x, numUsers, y, AlsMath.regularizedFloat(gramY, f, lambda), ui, alpha, f,
              params.cgSteps(), workers);
          double[] gramX = AlsMath.gram(x, numUsers, f, workers);
          AlsTraining.sweep(y, numItems, x, AlsMath.regularizedFloat(gramX, f, lambda), iu, alpha, f,
              params.cgSteps(), workers);
          gramY = AlsMath.gram(y, numItems, f, workers);
          long t1 = System.nanoTime();
          if (!AlsMath.allFinite(x) || !AlsMath.allFinite(y)) {
            throw new ModelFitException(NAME + ": factors are not finite (NaN or infinite) after iteration " + (it + 1)
                + " of " + iters + "; lower alpha (" + params.alpha() + ") or the feedback weights, or raise"
                + " regularization (" + lambda + ")");
          }
          loss[it] = loss(x, y, gramX, gramY, ui, f, alpha, lambda, workers);
          long t2 = System.nanoTime();
          if (!Double.isFinite(loss[it])) {
            throw new ModelFitException(NAME + ": loss is not finite (" + loss[it] + ") after iteration " + (it + 1)
                + " of " + iters + "; lower alpha (" + params.alpha() + ") or the feedback weights");
          }
          iterSeconds[it] = (t1 - t0) / 1e9;
          lossSeconds[it] = (t2 - t1) / 1e9;
        }
      }
      ImplicitAls model = new ImplicitAls(f, y, params.alpha(), lambda, gramY);
      return new Fit(model, x, numUsers, loss, iterSeconds, lossSeconds);
    }

    /** The full objective: {@link AlsTraining#confidenceLoss} plus {@code λ(‖X‖² + ‖Y‖²)} (the Gram diagonals). */
    private static double loss(float[] x, float[] y, double[] gramX, double[] gramY, SparseMatrix ui, int f,
        float alpha, double lambda, AlsMath.Workers workers) {
      double norms = 0;
      for (int a = 0; a < f; a++) {
        norms += gramX[a * f + a] + gramY[a * f + a];
      }
      return AlsTraining.confidenceLoss(x, y, gramX, gramY, ui, f, alpha, workers) + lambda * norms;
    }
  }

  /** Number of latent factors. */
  public int factors() {
    return factors;
  }

  /** The confidence slope used when folding histories in. */
  public double alpha() {
    return alpha;
  }

  /** The L2 penalty used when folding histories in. */
  public double regularization() {
    return regularization;
  }

  /** A copy of item {@code item}'s factor vector. */
  public float[] itemVector(int item) {
    return rows.vector(item);
  }

  /**
   * The user vector for {@code history}: the exact minimiser of
   * {@code Σ_i c_ui (p_ui − xᵀy_i)² + λ‖x‖²} given the item factors, with
   * {@code r_ui} the summed positive weight of each item ({@link History#positives}). Items at or
   * beyond {@link #numItems()} are ignored; a history with no positive item gives the zero vector.
   */
  public float[] foldIn(History history) {
    History.Positives pos = history.positives(numItems);
    return rows.foldIn(NAME, gram, regularization, alpha, pos, null);
  }

  @Override
  public String type() {
    return NAME;
  }

  @Override
  public int numItems() {
    return numItems;
  }

  /** Scores {@code Y · x_u} with {@code x_u = }{@link #foldIn(History)}; all zeros for an empty history. */
  @Override
  public void score(History history, float[] out) {
    Model.checkOut(out, numItems);
    float[] xu = foldIn(history);
    boolean zero = true;
    for (float v : xu) {
      zero &= v == 0;
    }
    if (zero) {
      return;
    }
    for (int i = 0; i < numItems; i++) {
      out[i] = AlsMath.dot(itemFactors, i * factors, xu, 0, factors);
    }
  }

  /**
   * Items most similar to {@code item} by cosine of their factor vectors, the item itself
   * excluded; ties rank the smaller index first. An item with a zero vector is similar to
   * nothing in particular (every score 0).
   */
  @Override
  public ScoredItems similar(int item, int n, ItemFilter filter) {
    return rows.similar(item, n, filter);
  }

  /**
   * The history items behind {@code item}'s score, by similarity in factor space: each distinct
   * positive history item {@code j} has the term {@code w_j·cos(y_j, y_item)}, with {@code w_j} its
   * summed positive weight. The fold-in score is not a sum over items, so this is the items whose
   * factors lie closest to the recommended one, weighted as the history weighs them.
   */
  @Override
  public List<Because> because(History history, int item, int max) {
    return rows.because(history, item, max);
  }

  /** {@code factors}: see {@link Params#factors}. */
  public static final Param<Integer> FACTORS = FactorParams.FACTORS.tunedLog(16, 256);
  /** {@code regularization}: see {@link Params#regularization}. */
  public static final Param<Double> REGULARIZATION = Param.decimal("regularization", 0.01, 0, false,
      Double.MAX_VALUE, "L2 penalty on both factor matrices (not scaled by counts, as in implicit).")
      .tunedLog(0.001, 10);
  /** {@code alpha}: see {@link Params#alpha}. */
  public static final Param<Double> ALPHA = FactorParams.ALPHA.tunedLog(1, 100);
  /** The declared parameters. */
  public static final ParamSet PARAMETERS = ParamSet.of(NAME, FACTORS, FactorParams.ITERATIONS, REGULARIZATION,
      ALPHA, FactorParams.CG_STEPS, FactorParams.SEED, FactorParams.THREADS);

  /** Registration of {@link ImplicitAls} with {@link dev.tandem.core.model.ModelTypes}. */
  public static final class Type implements ModelType<ImplicitAls, Params> {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "implicit-feedback ALS (Hu et al. 2008), conjugate-gradient solver; folds histories in";
    }

    @Override
    public ParamSet parameters() {
      return PARAMETERS;
    }

    @Override
    public Params bind(ParamValues v) {
      return new Params(v.get(FACTORS), v.get(FactorParams.ITERATIONS), v.get(REGULARIZATION), v.get(ALPHA),
          v.get(FactorParams.CG_STEPS), v.get(FactorParams.SEED), v.get(FactorParams.THREADS));
    }

    @Override
    public dev.tandem.core.model.Trainer<ImplicitAls> trainer(Params params) {
      return new Trainer(params);
    }

    @Override
    public Class<ImplicitAls> modelClass() {
      return ImplicitAls.class;
    }

    @Override
    public void write(ImplicitAls model, SnapshotOutput out) throws IOException {
      out.writeInt(model.factors);
      out.writeDouble(model.alpha);
      out.writeDouble(model.regularization);
      out.writeFloats(model.itemFactors);
    }

    @Override
    public ImplicitAls read(SnapshotInput in) throws IOException {
      int f = in.readInt();
      double alpha = in.readDouble();
      double lambda = in.readDouble();
      float[] y = in.readFloats();
      if (f < 1 || f > Params.MAX_FACTORS || y.length % f != 0) {
        throw new SnapshotException(NAME + ": factors (" + f + ") must be in [1, " + Params.MAX_FACTORS
            + "] and divide the item factor length (" + y.length + ") (corrupt snapshot)");
      }
      if (!(alpha > 0) || !(lambda > 0) || Double.isInfinite(alpha) || Double.isInfinite(lambda)) {
        throw new SnapshotException(NAME + ": alpha (" + alpha + ") and regularization (" + lambda
            + ") must be > 0 and finite (corrupt snapshot)");
      }
      return new ImplicitAls(f, y, alpha, lambda, null);
    }
  }
}
