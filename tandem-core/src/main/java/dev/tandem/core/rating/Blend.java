package dev.tandem.core.rating;

import dev.tandem.core.kernel.Parallel;
import dev.tandem.core.kernel.SmallSpd;
import dev.tandem.core.model.ModelFitException;
import dev.tandem.core.model.Param;
import dev.tandem.core.model.ParamSet;
import dev.tandem.core.model.ParamValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A linear blend of rating models: {@code r̂ = c + Σ_k w_k r̂_k}, clipped to the training scale.
 * Blending models that err differently (e.g. biased MF and SVD++) lowers RMSE below either.
 *
 * <p>The {@link Trainer} learns the weights without touching any test data: it holds out a
 * seeded fraction of the training ratings, fits every part on the rest, fits {@code c, w} by
 * ridge least squares on the held-out predictions (each user predicted from its remaining
 * ratings, as at serving time), then refits every part on all ratings and keeps the weights.
 * Fitting therefore costs about twice the parts' fits; the fits run concurrently (each is
 * sequential and seeded, so the result does not depend on the number of threads).
 *
 * <p>Guarantees: immutable and thread-safe as long as the parts are.
 */
public final class Blend implements RatingModel {
  /** Type name. */
  public static final String NAME = "blend";

  private final List<RatingModel> parts;
  private final double[] weights;
  private final double intercept;
  final double min;
  final double max;
  private final int numItems;

  /**
   * A blend with given weights.
   *
   * @throws IllegalArgumentException if there are no parts, the counts differ, a weight is not
   *     finite, or the parts disagree on {@code numItems}
   */
  public Blend(List<? extends RatingModel> parts, double[] weights, double intercept, double min, double max) {
    if (parts.isEmpty() || parts.size() != weights.length) {
      throw new IllegalArgumentException("parts (" + parts.size() + ") and weights (" + weights.length
          + ") must have the same, positive, length");
    }
    for (int k = 0; k < weights.length; k++) {
      if (!Double.isFinite(weights[k])) {
        throw new IllegalArgumentException("weights[" + k + "] (" + weights[k] + ") must be finite");
      }
    }
    if (!Double.isFinite(intercept) || !(min <= max)) {
      throw new IllegalArgumentException("intercept (" + intercept + ") must be finite and min (" + min
          + ") <= max (" + max + ")");
    }
    this.numItems = parts.get(0).numItems();
    for (RatingModel m : parts) {
      if (m.numItems() != numItems) {
        throw new IllegalArgumentException("parts must share numItems, but " + m.type() + " has " + m.numItems()
            + " and " + parts.get(0).type() + " has " + numItems);
      }
    }
    this.parts = List.copyOf(parts);
    this.weights = weights.clone();
    this.intercept = intercept;
    this.min = min;
    this.max = max;
  }

  /** {@code holdout}: see {@link Params#holdout}. */
  public static final Param<Double> HOLDOUT = Param.decimal("holdout", 0.1, 0, false, 0.5,
      "Share of the training ratings held out to fit the blend weights.");
  /** {@code ridge}: see {@link Params#ridge}. */
  public static final Param<Double> RIDGE = Param.decimal("ridge", 0.001, 0, true, Double.MAX_VALUE,
      "Ridge penalty on the blend weights.");
  /** {@code seed}: see {@link Params#seed}. */
  public static final Param<Integer> SEED = Param.integer("seed", 7, Integer.MIN_VALUE, Integer.MAX_VALUE,
      "Seed of the held-out carve.");
  /** The declared parameters. */
  public static final ParamSet PARAMETERS = ParamSet.of(NAME, HOLDOUT, RIDGE, SEED);

  /**
   * Parameters of the weight fit.
   *
   * @param holdout fraction of the training ratings held out to fit the weights (default 0.1,
   *     in (0, 0.5]); more gives steadier weights but weaker parts during the weight fit
   * @param ridge L2 penalty on the weights per held-out rating (default 0.001, >= 0)
   * @param seed seed of the held-out split (default 7)
   */
  public record Params(double holdout, double ridge, long seed) {
    public Params {
      if (!(holdout > 0 && holdout <= 0.5)) {
        throw new IllegalArgumentException(NAME + ".holdout (" + holdout + ") must be in (0, 0.5]");
      }
      Check.nonNegative(NAME, "ridge", ridge);
    }

    /** holdout 0.1, ridge 0.001, seed 7. */
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
      return new Params(v.get(HOLDOUT), v.get(RIDGE), v.get(SEED));
    }
  }

  /** Fits the parts and their blend weights. */
  public static final class Trainer implements RatingTrainer<Blend> {
    private final Params params;
    private final List<RatingTrainer<?>> parts;

    public Trainer(Params params, List<RatingTrainer<?>> parts) {
      if (params == null) {
        throw new IllegalArgumentException("params must not be null; use Blend.Params.defaults()");
      }
      if (parts == null || parts.isEmpty()) {
        throw new IllegalArgumentException("parts must name at least one trainer");
      }
      this.params = params;
      this.parts = List.copyOf(parts);
    }

    @Override
    public Blend fit(Ratings train) {
      Check.notEmpty(NAME, train);
      Ratings[] split = train.split(params.holdout(), params.seed());
      Ratings kept = split[0];
      Ratings held = split[1];
      int p = parts.size();
      int n = held.size();
      // the 2p fits (each part on the kept ratings and on all) are independent: run them concurrently
      RatingModel[] fitted = new RatingModel[2 * p];
      Parallel.forEach(2 * p, (w, t) -> fitted[t] = parts.get(t % p).fit(t < p ? kept : train));
      double[][] preds = new double[p][];
      for (int k = 0; k < p; k++) {
        preds[k] = heldOutPredictions(fitted[k], kept, held);
      }
      // ridge least squares on [1, r̂_1..r̂_p]
      int d = p + 1;
      double[] a = new double[d * d];
      double[] b = new double[d];
      double[] row = new double[d];
      float[] target = held.values();
      for (int e = 0; e < n; e++) {
        row[0] = 1;
        for (int k = 0; k < p; k++) {
          row[k + 1] = preds[k][e];
        }
        for (int x = 0; x < d; x++) {
          b[x] += row[x] * target[e];
          for (int y = 0; y <= x; y++) {
            a[x * d + y] += row[x] * row[y];
          }
        }
      }
      for (int k = 1; k < d; k++) {
        a[k * d + k] += params.ridge() * n;
      }
      if (!SmallSpd.choleskySolve(a, b, d)) {
        throw new ModelFitException(NAME + ": the blend's least-squares system is singular (parts predict "
            + "identically?); raise ridge (" + params.ridge() + ")");
      }
      List<RatingModel> full = new ArrayList<>();
      for (int k = 0; k < p; k++) {
        full.add(fitted[p + k]);
      }
      return new Blend(full, Arrays.copyOfRange(b, 1, d), b[0], train.min(), train.max());
    }
  }

  /** Predictions for every held-out entry, each user predicted from its {@code kept} ratings; deterministic. */
  static double[] heldOutPredictions(RatingModel model, Ratings kept, Ratings held) {
    double[] out = new double[held.size()];
    int[] ptr = held.userPtr();
    Parallel.forEach(held.numUsers(), (w, u) -> {
      int from = ptr[u];
      int to = ptr[u + 1];
      if (from == to) {
        return;
      }
      int[] its = Arrays.copyOfRange(held.itemIdx(), from, to);
      double[] o = new double[its.length];
      model.predict(kept.historyOf(u), its, o);
      System.arraycopy(o, 0, out, from, o.length);
    });
    return out;
  }

  @Override
  public String type() {
    return NAME;
  }

  @Override
  public int numItems() {
    return numItems;
  }

  /** The blended models, in weight order. */
  public List<RatingModel> parts() {
    return parts;
  }

  /** A copy of the weights. */
  public double[] weights() {
    return weights.clone();
  }

  /** The intercept c. */
  public double intercept() {
    return intercept;
  }

  @Override
  public double predict(RatingHistory user, int item) {
    RatingMath.checkItem(item);
    double s = intercept;
    for (int k = 0; k < weights.length; k++) {
      s += weights[k] * parts.get(k).predict(user, item);
    }
    return RatingMath.clip(s, min, max);
  }

  @Override
  public void predict(RatingHistory user, int[] items, double[] out) {
    RatingModel.checkOut(items, out);
    double[] part = new double[items.length];
    Arrays.fill(out, 0, items.length, intercept);
    for (int k = 0; k < weights.length; k++) {
      parts.get(k).predict(user, items, part);
      for (int j = 0; j < items.length; j++) {
        out[j] += weights[k] * part[j];
      }
    }
    for (int j = 0; j < items.length; j++) {
      out[j] = RatingMath.clip(out[j], min, max);
    }
  }
}
