package dev.tandem.engine;

import dev.tandem.core.eval.EvalOptions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of an evaluation run through the engine. Immutable.
 *
 * @param models models to evaluate, in order (type names such as {@code pop}, {@code ease});
 *     empty for the configuration's {@code train.models}
 * @param params per-model parameter overrides on top of the configuration's (keys without the
 *     model prefix), as {@link TrainOptions#parseParams} returns them
 * @param eval cut-offs, bootstrap and progress
 */
public record EvaluateOptions(List<String> models, Map<String, Map<String, String>> params, EvalOptions eval) {
  public EvaluateOptions {
    models = List.copyOf(models);
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    params.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    params = Collections.unmodifiableMap(copy);
    if (eval == null) {
      throw new IllegalArgumentException("eval options must not be null; use EvalOptions.defaults()");
    }
  }

  /** The configured models, default cut-offs (10, 20, 50, 100) and bootstrap. */
  public static EvaluateOptions defaults() {
    return new EvaluateOptions(List.of(), Map.of(), EvalOptions.defaults());
  }
}
