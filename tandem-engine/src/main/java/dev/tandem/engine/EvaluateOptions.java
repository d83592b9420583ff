package dev.tandem.engine;

import dev.tandem.core.eval.EvalOptions;
import dev.tandem.core.model.ParamValues;
import java.util.List;
import java.util.Map;

/**
 * Options of an evaluation run through the engine. Immutable.
 *
 * @param models models to evaluate, in order (type names such as {@code pop}, {@code ease});
 *     empty for the configuration's {@code train.models}
 * @param params per model, validated parameter overrides on top of the configuration's, as
 *     {@link TrainOptions#parseParams} returns them
 * @param eval cut-offs, bootstrap and progress
 */
public record EvaluateOptions(List<String> models, Map<String, ParamValues> params, EvalOptions eval) {
  /**
   * Copies the lists.
   *
   * @throws IllegalArgumentException if {@code eval} is null or a key of {@code params} is not the model of its values
   */
  public EvaluateOptions {
    models = List.copyOf(models);
    params = TrainOptions.copy(params);
    if (eval == null) {
      throw new IllegalArgumentException("eval options must not be null; use EvalOptions.defaults()");
    }
  }

  /** The configured models, default cut-offs (10, 20, 50, 100) and bootstrap. */
  public static EvaluateOptions defaults() {
    return new EvaluateOptions(List.of(), Map.of(), EvalOptions.defaults());
  }
}
