package dev.tandem.core.eval;

import java.util.List;

/**
 * A complete evaluation: the split, the cut-offs, one result per model and the paired tests.
 * Immutable.
 *
 * @param split split statistics
 * @param ks cut-offs, ascending
 * @param results one per model, in the order evaluated
 * @param comparisons each model against the best one (empty with fewer than two models)
 */
public record EvalReport(SplitStats split, List<Integer> ks, List<ModelResult> results, List<Comparison> comparisons) {
  public EvalReport {
    ks = List.copyOf(ks);
    results = List.copyOf(results);
    comparisons = List.copyOf(comparisons);
  }
}
