package dev.tandem.core.fusion;

import dev.tandem.core.data.History;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.Request;
import java.util.List;

/**
 * A model that fuses the lists of several channel models and can say, for each item it
 * recommends, what every channel contributed ({@link Contribution}).
 */
public interface FusedModel extends Model {

  /** The channel names, in the order contributions are listed. */
  List<String> channels();

  /** The trained channel model called {@code name}. */
  Model channel(String name);

  /**
   * The best {@code request.n()} items with each channel's contribution, in the same order as
   * {@link #recommend}, reranked for diversity when {@code mmrLambda < 1}.
   *
   * @param mmrLambda MMR trade-off in [0, 1]: 1 keeps the fused order, lower values favour items
   *     unlike those already listed (see {@link dev.tandem.core.rerank.Mmr})
   * @throws IllegalArgumentException if {@code mmrLambda} is outside [0, 1]
   * @throws IllegalStateException if {@code mmrLambda < 1} and the model has no item embeddings
   */
  List<FusedItem> recommendWithEvidence(History history, Request request, double mmrLambda);

  /** {@link #recommendWithEvidence(History, Request, double)} with the model's own {@code mmr_lambda}. */
  List<FusedItem> recommendWithEvidence(History history, Request request);
}
