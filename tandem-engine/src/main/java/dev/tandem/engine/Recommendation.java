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
 * @param explanation the history items behind it, shared labels and a sentence, when asked for
 *     ({@link Tandem#explain}); {@link Explanation#NONE} otherwise
 */
public record Recommendation(String itemId, String title, double score, List<Contribution> evidence,
    Explanation explanation) {
  /** Copies. */
  public Recommendation {
    evidence = List.copyOf(evidence);
    if (explanation == null) {
      throw new IllegalArgumentException("explanation must not be null; use Explanation.NONE");
    }
  }

  /** A recommendation with channel evidence and no explanation. */
  public Recommendation(String itemId, String title, double score, List<Contribution> evidence) {
    this(itemId, title, score, evidence, Explanation.NONE);
  }

  /** This recommendation with {@code explanation}. */
  public Recommendation withExplanation(Explanation explanation) {
    return new Recommendation(itemId, title, score, evidence, explanation);
  }

  /** A recommendation without evidence. */
  public Recommendation(String itemId, String title, double score) {
    this(itemId, title, score, List.of());
  }
}
