package dev.tandem.engine;

import dev.tandem.core.explain.SharedLabel;
import dev.tandem.llm.explain.Cited;
import dev.tandem.llm.explain.Written;
import java.util.List;

/**
 * Why one item was recommended: the evidence beyond the channels' contributions, and the sentence
 * written from it. Immutable.
 *
 * @param because the history items that led to it, best first, with their shares
 * @param sharedLabels its categories and tags the user's history has too, with counts
 * @param matchedTerms request terms it matches (an ask request's terms; empty otherwise)
 * @param profileShare the share of the evidence from the profile text (what the user said they
 *     like), in [0, 1]
 * @param sentence the explanation in the requested language ("" when none was asked for)
 * @param source who wrote {@code sentence}: the templates, or a chat model whose answer passed the
 *     faithfulness check
 */
public record Explanation(List<Cited> because, List<SharedLabel> sharedLabels, List<String> matchedTerms,
    double profileShare, String sentence, Written.Source source) {
  /** No explanation (not asked for). */
  public static final Explanation NONE = new Explanation(List.of(), List.of(), List.of(), 0, "",
      Written.Source.TEMPLATE);

  /** Copies. */
  public Explanation {
    because = List.copyOf(because);
    sharedLabels = List.copyOf(sharedLabels);
    matchedTerms = List.copyOf(matchedTerms);
    sentence = sentence == null ? "" : sentence;
    if (source == null) {
      throw new IllegalArgumentException("source must not be null; use Written.Source.TEMPLATE");
    }
  }

  /** Whether this carries an explanation. */
  public boolean present() {
    return !sentence.isEmpty();
  }
}
