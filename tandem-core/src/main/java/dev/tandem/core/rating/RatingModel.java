package dev.tandem.core.rating;

/**
 * A trained explicit-rating predictor: predicts the rating a user would give an item from the
 * user's known ratings (a {@link RatingHistory}), never from a user id, so training users,
 * held-out users and brand-new users take the same path.
 *
 * <p>Predictions are finite and clipped to the rating scale {@code [min, max]} seen in training.
 * Items at or beyond {@link #numItems()} (newer than the model) are predicted from the user's
 * side alone (global mean plus user bias).
 *
 * <p>Implementations are immutable and thread-safe; per-request state (the fold-in) lives on
 * the stack. Predicting many items for one user with {@link #predict(RatingHistory, int[],
 * double[])} folds the user in once and is much cheaper than calling the single-item form.
 *
 * {@snippet :
 * RatingModel mf = new BiasedMf.Trainer(BiasedMf.Params.defaults()).fit(ratings);
 * double r = mf.predict(new RatingHistory(new int[] {3, 17}, new float[] {4f, 2f}), 42);
 * }
 */
public interface RatingModel {

  /** Type name of this model, e.g. {@code "biasedmf"}. */
  String type();

  /** Size of the item index this model was trained over. */
  int numItems();

  /**
   * The predicted rating of {@code item} for the user whose known ratings are {@code user}.
   *
   * @throws IllegalArgumentException if {@code item < 0}
   */
  double predict(RatingHistory user, int item);

  /**
   * Predicts {@code items[k]} into {@code out[k]} for one user. The default calls
   * {@link #predict(RatingHistory, int)} per item; implementations fold the user in once.
   *
   * @throws IllegalArgumentException if {@code out} is shorter than {@code items} or an item is negative
   */
  default void predict(RatingHistory user, int[] items, double[] out) {
    checkOut(items, out);
    for (int k = 0; k < items.length; k++) {
      out[k] = predict(user, items[k]);
    }
  }

  /** Checks a bulk call's arguments; for implementations. */
  static void checkOut(int[] items, double[] out) {
    if (out.length < items.length) {
      throw new IllegalArgumentException("out.length (" + out.length + ") must be >= items.length (" + items.length + ")");
    }
    for (int k = 0; k < items.length; k++) {
      if (items[k] < 0) {
        throw new IllegalArgumentException("items[" + k + "] (" + items[k] + ") must be >= 0");
      }
    }
  }
}
