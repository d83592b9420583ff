package dev.tandem.core.fusion;

import java.util.List;
import java.util.Optional;

/**
 * One fused recommendation with its evidence. Immutable.
 *
 * @param item dense item index
 * @param score the fused score (what the list is ordered by, before any diversity reranking)
 * @param channels each channel's contribution, in the model's channel order
 * @param other the part of {@code score} no channel accounts for: 0 for {@code rrf}; for the
 *     learned {@code fusion} the GBDT's bias plus the SHAP values of the item and user features
 *     (popularity, age, history length), so that {@code other + Σ contribution == score} up to
 *     float rounding
 */
public record FusedItem(int item, float score, List<Contribution> channels, double other) {
  /** Validates and copies. */
  public FusedItem {
    if (item < 0) {
      throw new IllegalArgumentException("item (" + item + ") must be >= 0");
    }
    channels = List.copyOf(channels);
  }

  /** The contribution of {@code channel}, if it is one of this model's channels. */
  public Optional<Contribution> contributionOf(String channel) {
    for (Contribution c : channels) {
      if (c.channel().equals(channel)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
