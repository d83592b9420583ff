package dev.tandem.engine;

import java.util.Optional;

/**
 * Options of a recommend or similar call. Immutable.
 *
 * @param n how many items (>= 1)
 * @param modelName the model to ask; "" (default) for the configured {@code recommend.model}
 * @param categoryName only items with this category or tag (case-insensitive); "" (default) for all
 */
public record RecommendOptions(int n, String modelName, String categoryName) {
  public RecommendOptions {
    if (n < 1) {
      throw new IllegalArgumentException("n (" + n + ") must be >= 1");
    }
    modelName = modelName == null ? "" : modelName.trim();
    categoryName = categoryName == null ? "" : categoryName.trim();
  }

  /** The top {@code n} from the configured model. */
  public static RecommendOptions top(int n) {
    return new RecommendOptions(n, "", "");
  }

  /** This request answered by {@code model}. */
  public RecommendOptions withModel(String model) {
    return new RecommendOptions(n, model, categoryName);
  }

  /** This request restricted to items with category or tag {@code category}. */
  public RecommendOptions withCategory(String category) {
    return new RecommendOptions(n, modelName, category);
  }

  /** The requested model, if one was named. */
  public Optional<String> model() {
    return modelName.isEmpty() ? Optional.empty() : Optional.of(modelName);
  }

  /** The category restriction, if any. */
  public Optional<String> category() {
    return categoryName.isEmpty() ? Optional.empty() : Optional.of(categoryName);
  }
}
