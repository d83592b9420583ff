package dev.tandem.core.fusion;

/**
 * What one channel contributed to one fused recommendation: the evidence that explanations are
 * written from. Immutable.
 *
 * @param channel the channel's model name, e.g. {@code "ease"}
 * @param rank the item's 1-based rank in the channel's own list for this history (seen items
 *     excluded), or 0 when the item is not among the channel's top {@code depth}
 * @param score the channel's own score for the item (finite; comparable only within one history)
 * @param contribution the channel's share of the fused score: for {@code rrf} its term
 *     {@code weight / (k + rank)} (0 when not retrieved); for the learned {@code fusion} the sum of
 *     the GBDT's SHAP values of the channel's features
 */
public record Contribution(String channel, int rank, float score, double contribution) {
  /** Validates. */
  public Contribution {
    if (channel == null || channel.isEmpty()) {
      throw new IllegalArgumentException("channel must be a model name, not " + (channel == null ? "null" : "empty"));
    }
    if (rank < 0) {
      throw new IllegalArgumentException("rank (" + rank + ") must be >= 0 (0 = not retrieved)");
    }
  }

  /** Whether the channel retrieved the item among its top {@code depth}. */
  public boolean retrieved() {
    return rank > 0;
  }
}
