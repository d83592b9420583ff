package dev.tandem.engine;

import dev.tandem.core.rerank.Mmr;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Options of a recommend or similar call. Immutable.
 *
 * @param n how many items (>= 1)
 * @param modelName the model to ask; "" (default) for the configured {@code recommend.model}
 * @param categoryName only items with this category or tag (case-insensitive); "" (default) for all
 * @param mmrLambda diversity reranking (MMR over item embeddings) of a fused model's list, in
 *     [0, 1] (1 = none); NaN (default) for the model's own {@code mmr_lambda}. Only fused models
 *     ({@code rrf}, {@code fusion}) rerank; others reject a value
 * @param deadline when the call must stop working ({@link Deadline#NONE}, the default, for never);
 *     optional chat steps are skipped when too little time is left ({@link RecommendResult#cutShort()})
 */
public record RecommendOptions(int n, String modelName, String categoryName, double mmrLambda, Deadline deadline) {
  public RecommendOptions {
    Objects.requireNonNull(deadline, "deadline (use Deadline.NONE for none)");
    if (n < 1) {
      throw new IllegalArgumentException("n (" + n + ") must be >= 1");
    }
    if (!Double.isNaN(mmrLambda)) {
      Mmr.checkLambda(mmrLambda);
    }
    modelName = modelName == null ? "" : modelName.trim();
    categoryName = categoryName == null ? "" : categoryName.trim();
  }

  /** Options without a deadline. */
  public RecommendOptions(int n, String modelName, String categoryName, double mmrLambda) {
    this(n, modelName, categoryName, mmrLambda, Deadline.NONE);
  }

  /** Options without diversity reranking beyond the model's own and without a deadline. */
  public RecommendOptions(int n, String modelName, String categoryName) {
    this(n, modelName, categoryName, Double.NaN);
  }

  /** This request under {@code d}. */
  public RecommendOptions withDeadline(Deadline d) {
    return new RecommendOptions(n, modelName, categoryName, mmrLambda, d);
  }

  /** The top {@code n} from the configured model. */
  public static RecommendOptions top(int n) {
    return new RecommendOptions(n, "", "");
  }

  /** This request answered by {@code model}. */
  public RecommendOptions withModel(String model) {
    return new RecommendOptions(n, model, categoryName, mmrLambda, deadline);
  }

  /** This request restricted to items with category or tag {@code category}. */
  public RecommendOptions withCategory(String category) {
    return new RecommendOptions(n, modelName, category, mmrLambda, deadline);
  }

  /** This request reranked by MMR with trade-off {@code lambda} (fused models only). */
  public RecommendOptions withMmr(double lambda) {
    return new RecommendOptions(n, modelName, categoryName, lambda, deadline);
  }

  /** The requested model, if one was named. */
  public Optional<String> model() {
    return modelName.isEmpty() ? Optional.empty() : Optional.of(modelName);
  }

  /** The category restriction, if any. */
  public Optional<String> category() {
    return categoryName.isEmpty() ? Optional.empty() : Optional.of(categoryName);
  }

  /** The requested MMR trade-off, if one was given. */
  public OptionalDouble mmr() {
    return Double.isNaN(mmrLambda) ? OptionalDouble.empty() : OptionalDouble.of(mmrLambda);
  }
}
