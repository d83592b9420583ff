package dev.tandem.core.rating;

import dev.tandem.core.model.Param;
import dev.tandem.core.model.ParamSet;
import dev.tandem.core.model.ParamValues;
import java.util.Arrays;
import java.util.Map;

/**
 * The baseline predictor {@code r̂ = μ + b_u + b_i} (Koren 2008, §2.1), with damped biases fit by
 * alternating least squares: {@code b_i = Σ_u (r − μ − b_u) / (regItem + n_i)}, then
 * {@code b_u = Σ_i (r − μ − b_i) / (regUser + n_u)}, repeated.
 *
 * <p>The model keeps μ and the item biases; the user bias is folded in from the
 * {@link RatingHistory} at request time with the same formula as the last training step, so a
 * training user's fold-in equals its trained bias exactly.
 *
 * <p>Guarantees: immutable and thread-safe.
 */
public final class BiasBaseline implements RatingModel {
  /** Type name. */
  public static final String NAME = "baseline";

  final double mu;
  final float[] itemBias;
  final double regUser;
  final double min;
  final double max;

  BiasBaseline(double mu, float[] itemBias, double regUser, double min, double max) {
    this.mu = mu;
    this.itemBias = itemBias;
    this.regUser = regUser;
    this.min = min;
    this.max = max;
  }

  /** {@code reg_user}: see {@link Params#regUser}. */
  public static final Param<Double> REG_USER = Param.decimal("reg_user", 15, 0, true, Double.MAX_VALUE,
      "Damping of the user biases (ratings-equivalents toward 0).");
  /** {@code reg_item}: see {@link Params#regItem}. */
  public static final Param<Double> REG_ITEM = Param.decimal("reg_item", 10, 0, true, Double.MAX_VALUE,
      "Damping of the item biases (ratings-equivalents toward 0).");
  /** {@code iterations}: see {@link Params#iterations}. */
  public static final Param<Integer> ITERATIONS = Param.integer("iterations", 10, 1, 1000,
      "Alternating passes over the user and item biases.");
  /** The declared parameters. */
  public static final ParamSet PARAMETERS = ParamSet.of(NAME, REG_USER, REG_ITEM, ITERATIONS);

  /**
   * Parameters.
   *
   * @param regUser damping of user biases (default 15, >= 0): a user bias is the mean residual
   *     shrunk as if {@code regUser} extra ratings of exactly the baseline had been seen. Larger
   *     values trust users with few ratings less.
   * @param regItem damping of item biases (default 10, >= 0); the same for items
   * @param iterations alternating sweeps (default 10, in [1, 1000]); converges in a few
   */
  public record Params(double regUser, double regItem, int iterations) {
    public Params {
      Check.nonNegative(NAME, "reg_user", regUser);
      Check.nonNegative(NAME, "reg_item", regItem);
      Check.range(NAME, "iterations", iterations, 1, 1000);
    }

    /** reg_user 15, reg_item 10, 10 iterations (the damping of Surprise's baseline). */
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
      return new Params(v.get(REG_USER), v.get(REG_ITEM), v.get(ITERATIONS));
    }
  }

  /** Fits the biases. */
  public static final class Trainer implements RatingTrainer<BiasBaseline> {
    private final Params params;

    public Trainer(Params params) {
      if (params == null) {
        throw new IllegalArgumentException("params must not be null; use BiasBaseline.Params.defaults()");
      }
      this.params = params;
    }

    @Override
    public BiasBaseline fit(Ratings train) {
      Check.notEmpty(NAME, train);
      int nu = train.numUsers();
      int ni = train.numItems();
      int[] ptr = train.userPtr();
      int[] idx = train.itemIdx();
      float[] val = train.values();
      double mu = train.mean();
      double[] bu = new double[nu];
      double[] bi = new double[ni];
      double[] sum = new double[ni];
      int[] cnt = RatingMath.itemCounts(train);
      for (int it = 0; it < params.iterations(); it++) {
        Arrays.fill(sum, 0);
        for (int u = 0; u < nu; u++) {
          for (int e = ptr[u]; e < ptr[u + 1]; e++) {
            sum[idx[e]] += val[e] - mu - bu[u];
          }
        }
        for (int i = 0; i < ni; i++) {
          bi[i] = cnt[i] == 0 ? 0 : sum[i] / (params.regItem() + cnt[i]);
        }
        for (int u = 0; u < nu; u++) {
          double s = 0;
          for (int e = ptr[u]; e < ptr[u + 1]; e++) {
            s += val[e] - mu - bi[idx[e]];
          }
          int n = ptr[u + 1] - ptr[u];
          bu[u] = n == 0 ? 0 : s / (params.regUser() + n);
        }
      }
      float[] b = new float[ni];
      for (int i = 0; i < ni; i++) {
        b[i] = (float) bi[i];
      }
      return new BiasBaseline(mu, b, params.regUser(), train.min(), train.max());
    }
  }

  @Override
  public String type() {
    return NAME;
  }

  @Override
  public int numItems() {
    return itemBias.length;
  }

  /** The global mean μ. */
  public double mean() {
    return mu;
  }

  /** Item {@code item}'s bias (0 for items without training ratings). */
  public double itemBias(int item) {
    return itemBias[item];
  }

  /** The user bias folded in from {@code user}: {@code Σ (r − μ − b_i) / (regUser + n)}, 0 when empty. */
  public double userBias(RatingHistory user) {
    RatingHistory.Known k = user.distinct(itemBias.length);
    if (k.size() == 0) {
      return 0;
    }
    double s = 0;
    for (int j = 0; j < k.size(); j++) {
      s += k.ratings()[j] - mu - itemBias[k.items()[j]];
    }
    return s / (regUser + k.size());
  }

  @Override
  public double predict(RatingHistory user, int item) {
    RatingMath.checkItem(item);
    double bu = userBias(user);
    return RatingMath.clip(mu + bu + (item < itemBias.length ? itemBias[item] : 0), min, max);
  }

  @Override
  public void predict(RatingHistory user, int[] items, double[] out) {
    RatingModel.checkOut(items, out);
    double bu = userBias(user);
    for (int k = 0; k < items.length; k++) {
      int i = items[k];
      out[k] = RatingMath.clip(mu + bu + (i < itemBias.length ? itemBias[i] : 0), min, max);
    }
  }
}
