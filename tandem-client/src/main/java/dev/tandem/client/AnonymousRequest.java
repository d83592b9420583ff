package dev.tandem.client;

import java.util.List;

/**
 * A recommendation request for a visitor the store does not know: a session history, a profile
 * text describing their taste, or both (at least one is required by the server). Immutable;
 * start from {@link #ofHistory} or {@link #ofProfile}.
 *
 * @param history the visitor's events (any order; the server sorts by time)
 * @param profile free text ("" when none)
 * @param n how many items (default 10)
 * @param model a trained model, "" for the default
 * @param category only items of this category or tag, "" for all
 * @param explain add each fused channel's evidence
 */
public record AnonymousRequest(List<HistoryEvent> history, String profile, int n, String model, String category,
    boolean explain) {

  /** @throws IllegalArgumentException if {@code n < 1} */
  public AnonymousRequest {
    history = history == null ? List.of() : List.copyOf(history);
    profile = Checks.orEmpty(profile);
    model = Checks.orEmpty(model);
    category = Checks.orEmpty(category);
    if (n < 1) {
      throw new IllegalArgumentException("n (" + n + ") must be >= 1");
    }
  }

  /** Ten items for this history. */
  public static AnonymousRequest ofHistory(List<HistoryEvent> history) {
    return new AnonymousRequest(history, "", 10, "", "", false);
  }

  /** Ten items for a visitor described by {@code profile}. */
  public static AnonymousRequest ofProfile(String profile) {
    return new AnonymousRequest(List.of(), profile, 10, "", "", false);
  }

  /** This request with a profile text as well. */
  public AnonymousRequest withProfile(String profile) {
    return new AnonymousRequest(history, profile, n, model, category, explain);
  }

  /** This request for {@code n} items. */
  public AnonymousRequest withN(int n) {
    return new AnonymousRequest(history, profile, n, model, category, explain);
  }

  /** This request answered by {@code model}. */
  public AnonymousRequest withModel(String model) {
    return new AnonymousRequest(history, profile, n, model, category, explain);
  }

  /** This request restricted to {@code category}. */
  public AnonymousRequest withCategory(String category) {
    return new AnonymousRequest(history, profile, n, model, category, explain);
  }

  /** This request with or without evidence. */
  public AnonymousRequest withExplain(boolean explain) {
    return new AnonymousRequest(history, profile, n, model, category, explain);
  }
}
