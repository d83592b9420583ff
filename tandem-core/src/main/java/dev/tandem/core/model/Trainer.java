package dev.tandem.core.model;

import dev.tandem.core.data.Interactions;

/**
 * Fits a {@link Model} on interactions. Implementations are immutable (their parameters are
 * fixed at construction) and deterministic: the same interactions and seed give the same model.
 *
 * @param <M> the model type produced
 */
@FunctionalInterface
public interface Trainer<M extends Model> {

  /**
   * Fits a model.
   *
   * @throws ModelFitException when the fit fails on valid input (NaN, not positive definite)
   */
  M fit(Interactions train);
}
