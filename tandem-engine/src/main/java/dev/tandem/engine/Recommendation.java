package dev.tandem.engine;

import dev.tandem.core.fusion.Contribution;
import java.util.List;

/**
 * One recommended item.
 *
 * @param itemId external item id
 * @param title the item's title ("" when the catalogue has none)
 * @param score the model's score (higher is better; comparable only within one list)
 * @param evidence what each channel contributed when a fused model ({@code rrf}, {@code fusion})
 *     answered, in the model's channel order; empty for single models
 */
public record Recommendation(String itemId, String title, double score, List<Contribution> evidence) {
  /** Copies. */
  public Recommendation {
    evidence = List.copyOf(evidence);
  }

  /** A recommendation without evidence. */
  public Recommendation(String itemId, String title, double score) {
    this(itemId, title, score, List.of());
  }
}
