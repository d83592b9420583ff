package dev.tandem.core.rating;

import dev.tandem.core.model.ModelFitException;
import dev.tandem.core.model.Param;
import dev.tandem.core.model.ParamSet;
import dev.tandem.core.model.ParamValues;
import java.util.Arrays;
import java.util.Map;

/**
 * Biased matrix factorisation {@code r̂ = μ + b_u + b_i + p_uᵀq_i} (Koren, Bell &amp; Volinsky
 * 2009), trained by stochastic gradient descent on the squared error with L2 penalties per
 * parameter group, minimising
 * {@code ½Σ_(u,i) [(r − r̂)² + regBias(b_u² + b_i²) + regFactor(‖p_u‖² + ‖q_i‖²)]}.
 *
 * <p><b>Scoring from history.</b> The model keeps μ, the item biases and item factors only. At
 * request time the user is folded in: b_u and p_u are the exact minimiser of the same objective
 * restricted to the user's known ratings with item parameters fixed, a joint (f+1)-dimensional
 * ridge solve with penalties {@code n·regBias} and {@code n·regFactor} (n = the user's ratings),
 * which is what per-rating SGD penalties add up to. A training user's fold-in is therefore close
 * to, but not identical with, its SGD-trained parameters (SGD stops before the exact optimum).
 *
 * <p><b>Training.</b> Sequential SGD over the ratings in a seeded random order per epoch, the
 * learning rates multiplied by {@code decay} after each epoch. Deterministic: the same params
 * and ratings give the same model bit for bit. Sequential by design (parallel "Hogwild" SGD is
 * not reproducible); on ML-100K a fit takes about a second.
 *
 * <p>Guarantees: immutable and thread-safe; each prediction allocates its own fold-in scratch.
 */
public final class BiasedMf extends FactorModel<BiasedMf.User> {
  /** Type name. */
  public static final String NAME = "biasedmf";

  BiasedMf(int factors, double mu, float[] itemBias, float[] itemFactors, double regBias, double regFactor,
      double min, double max) {
    super(factors, mu, itemBias, itemFactors, regBias, regFactor, min, max);
  }

  /** {@code factors}: see {@link Params#factors}. */
  public static final Param<Integer> FACTORS = Param.integer("factors", 100, 1, 1024,
      "Latent dimension f; fold-in costs O(n f^2 + f^3) per request.");
  /** {@code learning_rate}: see {@link Params#learningRate}. */
  public static final Param<Double> LEARNING_RATE = Param.decimal("learning_rate", 0.02, 0, false, Double.MAX_VALUE,
      "SGD step for the factors in the first epoch; too large diverges, too small underfits.");
  /** {@code reg_factor}: see {@link Params#regFactor}. */
  public static final Param<Double> REG_FACTOR = Param.decimal("reg_factor", 0.1, 0, true, Double.MAX_VALUE,
      "L2 penalty on the user and item factors per rating: the main defence against overfitting.");
  /** The declared parameters. */
  public static final ParamSet PARAMETERS = ParamSet.of(NAME, FACTORS, SgdParams.EPOCHS, LEARNING_RATE,
      SgdParams.BIAS_LEARNING_RATE, SgdParams.DECAY, REG_FACTOR, SgdParams.REG_BIAS, SgdParams.INIT_STD,
      SgdParams.SEED);

  /**
   * Parameters. The defaults were chosen on ML-100K by validation RMSE on 10% held out of
   * each official fold's training part (see {@code tandem-bench RatingFolds}).
   *
   * @param factors latent dimension f (default 100, in [1, 1024]). More factors fit finer
   *     structure; with SGD and L2 they mostly help when regFactor is raised alongside. Fold-in
   *     costs O(n·f² + f³) per request.
   * @param epochs passes over the ratings (default 60, in [1, 10000])
   * @param learningRate SGD step for the factors in the first epoch (default 0.02, > 0); too
   *     large diverges (reported as {@link ModelFitException}), too small underfits
   * @param biasLearningRate SGD step for the biases in the first epoch (default 0.01, > 0)
   * @param decay factor applied to both learning rates after every epoch (default 0.95, in
   *     (0, 1]); annealing lets late epochs settle instead of bouncing around the optimum
   * @param regFactor L2 penalty on p_u and q_i per rating (default 0.1, >= 0). The main
   *     defence against overfitting: larger values shrink rarely rated users/items toward the
   *     bias model
   * @param regBias L2 penalty on b_u and b_i per rating (default 0.02, >= 0)
   * @param initStd standard deviation of the random initial factors (default 0.1, >= 0). Items
   *     without ratings start (and stay) at zero
   * @param seed seed of the initial factors and the visiting order (default 42)
   */
  public record Params(int factors, int epochs, double learningRate, double biasLearningRate, double decay,
      double regFactor, double regBias, double initStd, long seed) {
    public Params {
      SgdParams.check(NAME, factors, epochs, learningRate, biasLearningRate, decay, regFactor, regBias, initStd);
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
      return new Params(v.get(FACTORS), v.get(SgdParams.EPOCHS), v.get(LEARNING_RATE),
          v.get(SgdParams.BIAS_LEARNING_RATE), v.get(SgdParams.DECAY), v.get(REG_FACTOR), v.get(SgdParams.REG_BIAS),
          v.get(SgdParams.INIT_STD), v.get(SgdParams.SEED));
    }
  }

  /** A fit: the model plus the trained user parameters (for tests and reports) and the training RMSE per epoch. */
  public record Fit(BiasedMf model, float[] userBias, float[] userFactors, double[] trainRmse) {
    /** The trained (not folded-in) prediction for user row {@code u}, clipped. */
    public double predictTrained(int u, int item) {
      BiasedMf m = model;
      int f = m.factors;
      return RatingMath.clip(m.mu + userBias[u] + m.itemBias[item]
          + RatingMath.dot(userFactors, u * f, m.itemFactors, item * f, f), m.min, m.max);
    }
  }

  /** Fits by SGD. */
  public static final class Trainer implements RatingTrainer<BiasedMf> {
    private final Params params;

    public Trainer(Params params) {
      if (params == null) {
        throw new IllegalArgumentException("params must not be null; use BiasedMf.Params.defaults()");
      }
      this.params = params;
    }

    @Override
    public BiasedMf fit(Ratings train) {
      return fitDetailed(train).model();
    }

    /** Fits and also returns the trained user parameters and per-epoch training RMSE. */
    public Fit fitDetailed(Ratings train) {
      Params p = params;
      int f = p.factors();
      SgdTraining sgd = new SgdTraining(NAME, train, f, p.initStd(), p.seed(), p.learningRate(), p.biasLearningRate(),
          p.regBias());
      int n = train.size();
      int[] rowOf = train.rowOfEntry();
      int[] idx = train.itemIdx();
      float[] val = train.values();
      float[] pu = sgd.userFactors;
      float[] qi = sgd.itemFactors;
      float[] bu = sgd.userBias;
      float[] bi = sgd.itemBias;
      float mu = sgd.mu;
      int[] order = new int[n];
      for (int e = 0; e < n; e++) {
        order[e] = e;
      }
      double[] trainRmse = new double[p.epochs()];
      float regF = (float) p.regFactor();
      sgd.epochs(p.epochs(), p.decay(), epoch -> {
        RatingMath.shuffle(order, 0, n, sgd.rnd);
        float lr = sgd.lr;
        double sse = 0;
        for (int k = 0; k < n; k++) {
          int e = order[k];
          int u = rowOf[e];
          int i = idx[e];
          int uo = u * f;
          int io = i * f;
          float dot = 0;
          for (int c = 0; c < f; c++) {
            dot += pu[uo + c] * qi[io + c];
          }
          float err = val[e] - (mu + bu[u] + bi[i] + dot);
          sse += (double) err * err;
          sgd.biasStep(u, i, err);
          for (int c = 0; c < f; c++) {
            float pc = pu[uo + c];
            float qc = qi[io + c];
            pu[uo + c] += lr * (err * qc - regF * pc);
            qi[io + c] += lr * (err * pc - regF * qc);
          }
        }
        trainRmse[epoch] = Math.sqrt(sse / n);
        return Double.isFinite(trainRmse[epoch]) && RatingMath.allFinite(qi);
      });
      BiasedMf model = new BiasedMf(f, mu, bi, qi, p.regBias(), p.regFactor(), train.min(), train.max());
      return new Fit(model, bu, pu, trainRmse);
    }
  }

  /**
   * A folded-in user: bias and factors.
   *
   * @param bias b_u
   * @param factors p_u (length f)
   */
  public record User(double bias, double[] factors) {}

  /**
   * Folds {@code user} in: the exact ridge solution for b_u and p_u given the item parameters
   * (see the class Javadoc). Items at or beyond {@link #numItems()} are ignored; an empty
   * history gives b_u = 0, p_u = 0.
   */
  @Override
  public User foldIn(RatingHistory user) {
    RatingHistory.Known k = user.distinct(numItems);
    int n = k.size();
    int[] its = k.items();
    double[] resid = new double[n];
    for (int j = 0; j < n; j++) {
      resid[j] = k.ratings()[j] - mu - itemBias[its[j]];
    }
    double[] x = new double[factors + 1];
    RatingMath.foldIn(its, resid, n, itemFactors, factors, regBias, regFactor, x);
    return new User(x[0], Arrays.copyOfRange(x, 1, factors + 1));
  }

  /** The prediction for a folded-in user (clipped). */
  @Override
  public double predict(User user, int item) {
    return predict(user.bias(), user.factors(), item);
  }

  @Override
  public String type() {
    return NAME;
  }

  /** The global mean μ. */
  public double mean() {
    return mu;
  }

  /** The smallest and largest training rating: predictions are clipped to these. */
  public double[] scale() {
    return new double[] {min, max};
  }
}
