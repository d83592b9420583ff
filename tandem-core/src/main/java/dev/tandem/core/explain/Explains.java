package dev.tandem.core.explain;

import dev.tandem.core.data.History;
import java.util.List;

/**
 * A model that can say which history items led it to score an item: an optional capability next
 * to {@link dev.tandem.core.model.Model}. Each positive history item {@code j} has a term, its
 * part of the score of {@code item} (item-kNN {@code S[j,item]}, EASE {@code B[j,item]}, semantic
 * {@code c_j·cos(e_j, e_item)}, ALS and hybrid the cosine of the factor vectors times the weight);
 * the answer keeps the positive terms, largest first, as shares of their sum.
 *
 * <p>Implementations are thread-safe and allocate per call; meant for the handful of items shown
 * to a user, not for scoring.
 */
public interface Explains {
  /**
   * The at most {@code max} history items with the largest positive terms for {@code item}, best
   * first (equal terms: smaller index first), each with its share of all positive terms; empty
   * when no term is positive.
   *
   * @throws IllegalArgumentException if {@code item} is outside the model's items or {@code max < 1}
   */
  List<Because> because(History history, int item, int max);

  /**
   * The share of {@code item}'s positive evidence that comes from the history's profile (what the
   * user said they like) rather than its items, in [0, 1]; 0 (the default) for models that do not
   * read the profile.
   */
  default double profileShare(History history, int item) {
    return 0;
  }
}
