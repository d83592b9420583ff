package dev.tandem.core.rating;

/**
 * What the biased factor models ({@link BiasedMf}, {@link SvdPlusPlus}) share once trained: the
 * item side (μ, b_i, q_i), the fold-in penalties, the rating scale, and prediction for a user
 * folded in once: {@code clip(μ + b_u + b_i + q_iᵀv_u)}, where each model says how a history
 * folds into the bias b_u and the vector v_u. Immutable and thread-safe.
 *
 * @param <U> the model's folded-in user
 */
abstract class FactorModel<U> implements RatingModel {
  final int numItems;
  final int factors;
  final double mu;
  final float[] itemBias;
  /** items × factors. */
  final float[] itemFactors;
  final double regBias;
  final double regFactor;
  final double min;
  final double max;

  FactorModel(int factors, double mu, float[] itemBias, float[] itemFactors, double regBias, double regFactor,
      double min, double max) {
    this.numItems = itemBias.length;
    this.factors = factors;
    this.mu = mu;
    this.itemBias = itemBias;
    this.itemFactors = itemFactors;
    this.regBias = regBias;
    this.regFactor = regFactor;
    this.min = min;
    this.max = max;
  }

  /** Folds {@code user} in; items at or beyond {@link #numItems()} are ignored. */
  public abstract U foldIn(RatingHistory user);

  /** The prediction for a folded-in user (clipped). */
  public abstract double predict(U user, int item);

  /**
   * The prediction for a user folded into bias {@code bias} and vector {@code vector} (what q_i is
   * multiplied with), clipped; an item beyond the index gets the user's side alone.
   */
  final double predict(double bias, double[] vector, int item) {
    RatingMath.checkItem(item);
    double s = mu + bias;
    if (item < numItems) {
      s += itemBias[item] + RatingMath.dot(itemFactors, item * factors, vector, factors);
    }
    return RatingMath.clip(s, min, max);
  }

  @Override
  public double predict(RatingHistory user, int item) {
    RatingMath.checkItem(item);
    return predict(foldIn(user), item);
  }

  @Override
  public void predict(RatingHistory user, int[] items, double[] out) {
    RatingModel.checkOut(items, out);
    U x = foldIn(user);
    for (int k = 0; k < items.length; k++) {
      out[k] = predict(x, items[k]);
    }
  }

  @Override
  public int numItems() {
    return numItems;
  }

  /** Latent dimension f. */
  public int factors() {
    return factors;
  }
}
