/**
 * Explicit-rating prediction (the {@code ratings} protocol: RMSE, MAE).
 *
 * <p>Contract: a {@link dev.tandem.core.rating.RatingTrainer} fits a
 * {@link dev.tandem.core.rating.RatingModel} on {@link dev.tandem.core.rating.Ratings}; the
 * model predicts from a user's known ratings, a {@link dev.tandem.core.rating.RatingHistory},
 * never from a user id. Per-user parameters (bias, factors) are folded in at request time by
 * an exact ridge solve, so training users, held-out users and new users take one path.
 *
 * <p>{@code RatingHistory} is its own record rather than {@link dev.tandem.core.data.History}
 * with weights = ratings: a history sums repeated weights and reads negative weights as
 * negative feedback, while a rating is a level that a later rating of the same item replaces.
 *
 * <p>Models: {@link dev.tandem.core.rating.BiasBaseline} (μ + b_u + b_i),
 * {@link dev.tandem.core.rating.BiasedMf}, {@link dev.tandem.core.rating.SvdPlusPlus} and a
 * {@link dev.tandem.core.rating.Blend} of any of them. They are not registered as
 * {@link dev.tandem.core.model.ModelType}s (no top-N {@code Model}); their snapshot format is
 * {@link dev.tandem.core.rating.RatingSnapshots}, and a snapshot keeps them apart from the top-N
 * models ({@link dev.tandem.core.snapshot.ModelSnapshot#ratingModels()}).
 */
package dev.tandem.core.rating;
