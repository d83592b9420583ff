package dev.tandem.engine;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.eval.EvalData;
import dev.tandem.core.eval.EvalReport;
import dev.tandem.core.eval.Evaluator;
import dev.tandem.core.eval.ModelResult;
import dev.tandem.core.model.ItemContent;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.ParamValues;
import dev.tandem.core.rating.RatingModels;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates registered model types on a split: the configuration's parameters, overridden per
 * run, each model fitted on the split's training data and scored by the core
 * {@link Evaluator}. Rating models ({@link RatingModels}: baseline, biasedmf, svdpp, blend) fit on the training ratings of rated
 * splits, every other model on the binary training positives. Thread-safe (stateless).
 */
public final class Evaluation {
  private Evaluation() {}

  /**
   * The parameters each of {@code models} is evaluated with: the configuration's (not for rating
   * models), then the run's; each set validated.
   *
   * @throws IllegalArgumentException for unknown models, parameters that break a rule spanning
   *     several keys, or run parameters for a model not evaluated
   */
  public static Map<String, ParamValues> params(List<String> models, EvaluateOptions options, TandemConfig config) {
    for (String m : options.params().keySet()) {
      if (!models.contains(m)) {
        throw new IllegalArgumentException("--param names model '" + m + "', which is not being evaluated " + models);
      }
    }
    Map<String, ParamValues> params = new LinkedHashMap<>();
    for (String m : models) {
      ParamValues run = options.params().get(m);
      ParamValues p;
      if (RatingModels.has(m)) {
        p = run != null ? run : RatingModels.parameters(m).defaults();
        RatingModels.trainer(p); // validate every model before any work
      } else {
        p = config.overridesOf(m, run != null ? run : ModelTypes.byName(m).parameters().defaults());
        ModelTypes.bind(p);
      }
      params.put(m, p);
    }
    return params;
  }

  /**
   * Runs the evaluation.
   *
   * @param config supplies the default models and parameters ({@link TandemConfig#DEFAULTS}
   *     without a home)
   * @throws IllegalArgumentException for unknown models or parameters (validated before any fit),
   *     or for a model that {@linkplain ModelType#needs needs item content} that {@code data}
   *     lacks ({@link EvalData#withItemVectors}, {@link EvalData#withItemTexts})
   */
  public static EvalReport run(EvalData data, EvaluateOptions options, TandemConfig config) {
    Map<String, ParamValues> params = params(options.models().isEmpty() ? config.trainModels() : options.models(),
        options, config);
    List<String> models = List.copyOf(params.keySet());
    for (String m : models) {
      if (RatingModels.has(m) && !data.rated()) {
        throw new IllegalArgumentException("model " + m + " predicts ratings: evaluate it on a rated split "
            + "(--protocol ratings), not " + data.split().protocol());
      }
      Set<ItemContent> needs = RatingModels.has(m) ? Set.of() : ModelTypes.needs(params.get(m));
      if (needs.contains(ItemContent.VECTORS) && data.train().itemVectors().isEmpty()
          || needs.contains(ItemContent.TEXTS) && data.train().itemTexts().isEmpty()) {
        throw new IllegalArgumentException("model " + m + " needs item " + (needs.contains(ItemContent.VECTORS)
            ? "embeddings" : "documents") + ": evaluate on a home, `tandem --home DIR evaluate ...` (with --split or"
            + " --protocol), whose catalogue has item documents");
      }
    }
    Evaluator evaluator = new Evaluator(options.eval());
    List<ModelResult> results = new ArrayList<>();
    for (String m : models) {
      ParamValues p = params.get(m);
      results.add(RatingModels.has(m)
          ? evaluator.evaluate(m, p.describe(), x -> RatingModels.trainer(p).fit(RatingModels.ratingsOf(x)), true, data)
          : evaluator.evaluate(m, p.describe(), (Interactions x) -> ModelTypes.fit(p, x), false, data));
    }
    return evaluator.report(data, results);
  }

  /** What item content any of the models, with their parameters, reads (see {@link ModelType#needs}). */
  public static Set<ItemContent> needs(Map<String, ParamValues> params) {
    EnumSet<ItemContent> needs = EnumSet.noneOf(ItemContent.class);
    params.forEach((m, p) -> {
      if (!RatingModels.has(m)) {
        needs.addAll(ModelTypes.needs(p));
      }
    });
    return needs;
  }
}
