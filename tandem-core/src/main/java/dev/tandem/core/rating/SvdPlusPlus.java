package dev.tandem.core.rating;

import dev.tandem.core.model.Param;
import dev.tandem.core.model.ParamSet;
import dev.tandem.core.model.ParamValues;
import java.util.Arrays;
import java.util.Map;

/**
 * SVD++ (Koren 2008): {@code r̂ = μ + b_u + b_i + q_iᵀ(p_u + |N(u)|^{-1/2} Σ_{j∈N(u)} y_j)},
 * where N(u) is the set of items the user rated (the implicit signal "which items were rated",
 * independent of the values).
 *
 * <p><b>Scoring from history.</b> Both user terms come from the {@link RatingHistory}: the
 * implicit part {@code z_u = |N(u)|^{-1/2} Σ y_j} is computed from the history's items, and
 * b_u, p_u are then folded in by the exact ridge solve on the residuals
 * {@code r − μ − b_i − q_iᵀz_u} with penalties {@code n·regBias}, {@code n·regFactor}, as in
 * {@link BiasedMf}. No per-user parameter is stored, so new ratings take effect at once. This is
 * full SVD++ rather than the purely "asymmetric" variant (Asymmetric-SVD / NSVD, no p_u): the
 * fold-in makes p_u as history-based as the y_j term, so nothing of the principle is given up
 * by keeping it, and training stays exactly Koren's. (The asymmetric variant was not measured.)
 *
 * <p><b>Training.</b> Per-rating SGD as in Koren's paper, visiting users in a seeded random
 * order and each user's ratings in a seeded random order. The per-rating update of every
 * {@code y_j, j∈N(u)} is applied lazily: since it is the same for all j apart from the decay
 * term, it is carried as a scalar decay and a shared offset and written back once per user,
 * so an epoch costs O(nnz·f) rather than O(Σ|N(u)|²·f), with the same result as the eager
 * update (up to float rounding). Deterministic and sequential.
 *
 * <p>Guarantees: immutable and thread-safe; each prediction allocates its own scratch.
 */
public final class SvdPlusPlus extends FactorModel<SvdPlusPlus.User> {
  /** Type name. */
  public static final String NAME = "svdpp";

  /** items × factors: the y_j. */
  final float[] implicitFactors;

  SvdPlusPlus(int factors, double mu, float[] itemBias, float[] itemFactors, float[] implicitFactors, double regBias,
      double regFactor, double min, double max) {
    super(factors, mu, itemBias, itemFactors, regBias, regFactor, min, max);
    this.implicitFactors = implicitFactors;
  }

  /** {@code factors}: see {@link Params#factors}. */
  public static final Param<Integer> FACTORS = Param.integer("factors", 50, 1, 1024,
      "Latent dimension f; training grows linearly and the fold-in solve cubically in f.");
  /** {@code learning_rate}: see {@link Params#learningRate}. */
  public static final Param<Double> LEARNING_RATE = Param.decimal("learning_rate", 0.01, 0, false, Double.MAX_VALUE,
      "First-epoch SGD step for the item, user and implicit factors (Koren used 0.007).");
  /** {@code bias_learning_rate}: see {@link Params#biasLearningRate}. */
  public static final Param<Double> BIAS_LEARNING_RATE = Param.decimal("bias_learning_rate", 0.007, 0, false,
      Double.MAX_VALUE, "First-epoch SGD step for the biases.");
  /** {@code reg_factor}: see {@link Params#regFactor}. */
  public static final Param<Double> REG_FACTOR = Param.decimal("reg_factor", 0.1, 0, true, Double.MAX_VALUE,
      "L2 penalty on the item and user factors per rating.");
  /** {@code reg_implicit}: see {@link Params#regImplicit}. */
  public static final Param<Double> REG_IMPLICIT = Param.decimal("reg_implicit", 0.005, 0, true, Double.MAX_VALUE,
      "L2 penalty on the implicit factors y_j per rating; as large as reg_factor shrinks them to nothing.");
  /** The declared parameters. */
  public static final ParamSet PARAMETERS = ParamSet.of(NAME, FACTORS, SgdParams.EPOCHS, LEARNING_RATE,
      BIAS_LEARNING_RATE, SgdParams.DECAY, REG_FACTOR, REG_IMPLICIT, SgdParams.REG_BIAS, SgdParams.INIT_STD,
      SgdParams.SEED);

  /**
   * Parameters. Defaults chosen on ML-100K by validation RMSE (10% of each fold's training
   * part held out), see {@code tandem-bench RatingFolds}.
   *
   * @param factors latent dimension f (default 50, in [1, 1024]); training and fold-in cost
   *     grow linearly (training) and cubically (fold-in solve) in f
   * @param epochs passes over the ratings (default 60, in [1, 10000])
   * @param learningRate first-epoch SGD step for q_i, p_u and y_j (default 0.01; Koren used 0.007)
   * @param biasLearningRate first-epoch SGD step for b_u and b_i (default 0.007)
   * @param decay learning-rate multiplier per epoch (default 0.95, in (0, 1])
   * @param regFactor L2 penalty on q_i and p_u per rating (default 0.1, >= 0)
   * @param regImplicit L2 penalty on y_j per rating (default 0.005, >= 0); the y_j are updated
   *     once per rating of every user who rated j, so they see many more (and many more
   *     penalty) steps than q_i: a penalty as large as regFactor shrinks them to nothing
   *     (validation RMSE 0.921 at 0.1, 0.913 at 0.005, but 0.947 at 0)
   * @param regBias L2 penalty on the biases per rating (default 0.02, >= 0)
   * @param initStd standard deviation of the random initial factors (default 0.1)
   * @param seed seed of the initial factors and the visiting order (default 42)
   */
  public record Params(int factors, int epochs, double learningRate, double biasLearningRate, double decay,
      double regFactor, double regImplicit, double regBias, double initStd, long seed) {
    public Params {
      SgdParams.check(NAME, factors, epochs, learningRate, biasLearningRate, decay, regFactor, regBias, initStd);
      Check.nonNegative(NAME, "reg_implicit", regImplicit);
    }

    /** The defaults (see the record Javadoc). */
    public static Params defaults() {
      return bind(PARAMETERS.defaults());
    }

    /**
     * The defaults overridden by text {@code overrides}, parsed and validated by {@link #PARAMETERS}.
     *
     * @throws IllegalArgumentException naming the key, the value and the rule
     */
    public static Params from(Map<String, String> overrides) {
      return bind(PARAMETERS.parse(overrides));
    }

    /** The parameters of validated {@code v}. */
    static Params bind(ParamValues v) {
      return new Params(v.get(FACTORS), v.get(SgdParams.EPOCHS), v.get(LEARNING_RATE), v.get(BIAS_LEARNING_RATE),
          v.get(SgdParams.DECAY), v.get(REG_FACTOR), v.get(REG_IMPLICIT), v.get(SgdParams.REG_BIAS),
          v.get(SgdParams.INIT_STD), v.get(SgdParams.SEED));
    }
  }

  /** Fits by SGD. */
  public static final class Trainer implements RatingTrainer<SvdPlusPlus> {
    private final Params params;

    public Trainer(Params params) {
      if (params == null) {
        throw new IllegalArgumentException("params must not be null; use SvdPlusPlus.Params.defaults()");
      }
      this.params = params;
    }

    @Override
    public SvdPlusPlus fit(Ratings train) {
      Params p = params;
      int f = p.factors();
      SgdTraining sgd = new SgdTraining(NAME, train, f, p.initStd(), p.seed(), p.learningRate(), p.biasLearningRate(),
          p.regBias());
      int nu = train.numUsers();
      int ni = train.numItems();
      int[] ptr = train.userPtr();
      int[] idx = train.itemIdx();
      float[] val = train.values();
      float[] pu = sgd.userFactors;
      float[] qi = sgd.itemFactors;
      float[] y = RatingMath.initial(ni, f, p.initStd(), RatingMath.itemCounts(train), sgd.rnd);
      float[] bu = sgd.userBias;
      float[] bi = sgd.itemBias;
      float mu = sgd.mu;
      int[] users = new int[nu];
      for (int u = 0; u < nu; u++) {
        users[u] = u;
      }
      int[] entries = new int[train.size()];
      for (int e = 0; e < entries.length; e++) {
        entries[e] = e;
      }
      float[] z = new float[f];
      float[] d = new float[f];
      float regF = (float) p.regFactor();
      float regY = (float) p.regImplicit();
      sgd.epochs(p.epochs(), p.decay(), epoch -> {
        RatingMath.shuffle(users, 0, nu, sgd.rnd);
        float lr = sgd.lr;
        float a = 1 - lr * regY;
        for (int uu = 0; uu < nu; uu++) {
          int u = users[uu];
          int from = ptr[u];
          int to = ptr[u + 1];
          int n = to - from;
          if (n == 0) {
            continue;
          }
          float s = (float) (1 / Math.sqrt(n));
          Arrays.fill(z, 0f);
          for (int e = from; e < to; e++) {
            int yo = idx[e] * f;
            for (int c = 0; c < f; c++) {
              z[c] += y[yo + c];
            }
          }
          for (int c = 0; c < f; c++) {
            z[c] *= s;
          }
          Arrays.fill(d, 0f);
          float scale = 1;
          RatingMath.shuffle(entries, from, to, sgd.rnd);
          int uo = u * f;
          for (int k = from; k < to; k++) {
            int e = entries[k];
            int i = idx[e];
            int io = i * f;
            float dot = 0;
            for (int c = 0; c < f; c++) {
              dot += qi[io + c] * (pu[uo + c] + z[c]);
            }
            float err = val[e] - (mu + bu[u] + bi[i] + dot);
            sgd.biasStep(u, i, err);
            float es = err * s;
            for (int c = 0; c < f; c++) {
              float qc = qi[io + c];
              float pc = pu[uo + c];
              qi[io + c] += lr * (err * (pc + z[c]) - regF * qc);
              pu[uo + c] += lr * (err * qc - regF * pc);
              // every y_j (j in N(u)) moves by lr·(err·s·q_i − regY·y_j): track z and the shared offset
              z[c] = a * z[c] + lr * err * qc;
              d[c] = a * d[c] + lr * es * qc;
            }
            scale *= a;
          }
          for (int e = from; e < to; e++) {
            int yo = idx[e] * f;
            for (int c = 0; c < f; c++) {
              y[yo + c] = scale * y[yo + c] + d[c];
            }
          }
        }
        return RatingMath.allFinite(qi) && RatingMath.allFinite(y) && RatingMath.allFinite(bi);
      });
      return new SvdPlusPlus(f, mu, bi, qi, y, p.regBias(), p.regFactor(), train.min(), train.max());
    }
  }

  /**
   * A folded-in user.
   *
   * @param bias b_u
   * @param vector {@code p_u + |N(u)|^{-1/2} Σ y_j} (length f): what q_i is multiplied with
   */
  public record User(double bias, double[] vector) {}

  /** Folds {@code user} in (see the class Javadoc); items beyond {@link #numItems()} are ignored. */
  @Override
  public User foldIn(RatingHistory user) {
    RatingHistory.Known k = user.distinct(numItems);
    int n = k.size();
    int f = factors;
    int[] its = k.items();
    double[] zu = new double[f];
    if (n == 0) {
      return new User(0, zu);
    }
    for (int j = 0; j < n; j++) {
      int yo = its[j] * f;
      for (int c = 0; c < f; c++) {
        zu[c] += implicitFactors[yo + c];
      }
    }
    double s = 1 / Math.sqrt(n);
    for (int c = 0; c < f; c++) {
      zu[c] *= s;
    }
    double[] resid = new double[n];
    for (int j = 0; j < n; j++) {
      resid[j] = k.ratings()[j] - mu - itemBias[its[j]] - RatingMath.dot(itemFactors, its[j] * f, zu, f);
    }
    double[] x = new double[f + 1];
    RatingMath.foldIn(its, resid, n, itemFactors, f, regBias, regFactor, x);
    for (int c = 0; c < f; c++) {
      zu[c] += x[c + 1];
    }
    return new User(x[0], zu);
  }

  /** The prediction for a folded-in user (clipped). */
  @Override
  public double predict(User user, int item) {
    return predict(user.bias(), user.vector(), item);
  }

  @Override
  public String type() {
    return NAME;
  }
}
