package dev.tandem.core.rating;

/**
 * Fits a {@link RatingModel} on explicit ratings. Trainers are immutable; the same trainer on
 * the same ratings gives the same model (every random choice is seeded).
 *
 * @param <M> the model class
 */
@FunctionalInterface
public interface RatingTrainer<M extends RatingModel> {

  /**
   * Fits a model.
   *
   * @throws dev.tandem.core.model.ModelFitException if the fit diverges (non-finite parameters)
   * @throws IllegalArgumentException if {@code train} is empty
   */
  M fit(Ratings train);
}
