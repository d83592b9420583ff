package dev.tandem.core.model;

import dev.tandem.core.data.History;

/**
 * A model that predicts explicit ratings (biased MF, SVD++, ...), evaluated by RMSE and MAE on
 * the {@code ratings} protocol. Like {@link Model} it works from a history, never a user id: the
 * history's weights are the user's known rating values.
 *
 * <p>A class may implement both {@link Model} and {@code RatingModel}; the evaluator then reports
 * ranking metrics and RMSE/MAE for it. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface RatingModel {

  /**
   * The predicted rating of dense item index {@code item} for the user whose known ratings are
   * {@code userRatings} (items as dense indices, weights the rating values).
   */
  double predict(History userRatings, int item);
}
