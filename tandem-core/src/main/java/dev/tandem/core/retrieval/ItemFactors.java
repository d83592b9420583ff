package dev.tandem.core.retrieval;

import dev.tandem.core.data.History;
import dev.tandem.core.explain.Because;
import dev.tandem.core.explain.Shares;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.ModelFitException;
import dev.tandem.core.model.ScoredItems;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The trained item factor rows of a factor model ({@link ImplicitAls}, {@link Hybrid}) and what
 * both answer from them alone: item vectors, similar items by cosine and the history items behind
 * a score. Immutable and thread-safe (the rows are owned, never modified).
 */
final class ItemFactors {
  final int numItems;
  final int factors;
  /** numItems × factors, row-major. */
  final float[] rows;
  private final float[] norms;

  /** Takes ownership of {@code rows} (numItems × factors, row-major). */
  ItemFactors(float[] rows, int factors) {
    this.factors = factors;
    this.numItems = rows.length / factors;
    this.rows = rows;
    this.norms = new float[numItems];
    for (int i = 0; i < numItems; i++) {
      norms[i] = (float) Math.sqrt(AlsMath.dot(rows, i * factors, rows, i * factors, factors));
    }
  }

  /**
   * Checks an item index.
   *
   * @throws IllegalArgumentException if {@code item} is outside [0, numItems)
   */
  void checkItem(int item) {
    if (item < 0 || item >= numItems) {
      throw new IllegalArgumentException("item (" + item + ") must be in [0, " + numItems + ")");
    }
  }

  /** A copy of item {@code item}'s row. */
  float[] vector(int item) {
    checkItem(item);
    return Arrays.copyOfRange(rows, item * factors, (item + 1) * factors);
  }

  /**
   * Items most similar to {@code item} by cosine of their rows, the item itself excluded; ties
   * rank the smaller index first; an item with a zero row is similar to nothing in particular.
   *
   * @throws IllegalArgumentException for a bad item or a null filter
   */
  ScoredItems similar(int item, int n, ItemFilter filter) {
    checkItem(item);
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null; use ItemFilter.ALL for no restriction");
    }
    return AlsMath.similarByCosine(rows, norms, factors, numItems, item, n, filter);
  }

  /**
   * The exact user vector of a history's positives against these rows (see {@link AlsMath#foldIn}).
   *
   * @param model the model's name, for the message
   * @param gram the Gram matrix of the rows that {@code inGram} marks ({@code null}: all rows)
   * @throws ModelFitException if the system is not positive definite
   */
  float[] foldIn(String model, double[] gram, double regularization, double alpha, History.Positives pos,
      BitSet inGram) {
    float[] out = AlsMath.foldIn(rows, gram, factors, regularization, alpha, pos, inGram);
    if (out == null) {
      throw new ModelFitException(model + ": fold-in system is not positive definite (history of "
          + pos.size() + " items, regularization " + regularization + ")");
    }
    return out;
  }

  /**
   * The history items behind {@code item}'s score, by similarity in factor space: each distinct
   * positive history item {@code j} has the term {@code w_j·cos(y_j, y_item)}, with {@code w_j} its
   * summed positive weight.
   */
  List<Because> because(History history, int item, int max) {
    Shares.check(item, numItems, max);
    History.Positives pos = history.positives(numItems);
    float[] target = vector(item);
    double[] terms = new double[pos.size()];
    for (int k = 0; k < terms.length; k++) {
      terms[k] = pos.weights()[k] * Shares.cosine(vector(pos.items()[k]), target);
    }
    return Shares.top(pos.items(), terms, max);
  }
}
