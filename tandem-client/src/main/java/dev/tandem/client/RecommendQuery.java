package dev.tandem.client;

/**
 * Options of {@link TandemClient#recommend(String, RecommendQuery)} and
 * {@link TandemClient#similar(String, RecommendQuery)}. Immutable; start from {@link #top(int)}.
 *
 * @param n how many items (1..1000 on the server; default 10)
 * @param category only items of this category or tag, "" (default) for all
 * @param model a trained model's name, "" (default) for the home's default model
 * @param explain add each fused channel's evidence (default false; ignored by {@code similar})
 */
public record RecommendQuery(int n, String category, String model, boolean explain) {

  /** @throws IllegalArgumentException if {@code n < 1} */
  public RecommendQuery {
    if (n < 1) {
      throw new IllegalArgumentException("n (" + n + ") must be >= 1");
    }
    category = Checks.orEmpty(category);
    model = Checks.orEmpty(model);
  }

  /** The top {@code n} items of the default model, all categories, no evidence. */
  public static RecommendQuery top(int n) {
    return new RecommendQuery(n, "", "", false);
  }

  /** This query restricted to {@code category} ("" for all). */
  public RecommendQuery withCategory(String category) {
    return new RecommendQuery(n, category, model, explain);
  }

  /** This query answered by {@code model} ("" for the default). */
  public RecommendQuery withModel(String model) {
    return new RecommendQuery(n, category, model, explain);
  }

  /** This query with or without evidence. */
  public RecommendQuery withExplain(boolean explain) {
    return new RecommendQuery(n, category, model, explain);
  }
}
