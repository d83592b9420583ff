package dev.tandem.core.explain;

import dev.tandem.core.fusion.Contribution;
import java.util.List;

/**
 * Why one item was recommended to one history: the facts explanations are written from, and
 * nothing else. Immutable.
 *
 * @param item dense index of the recommended item
 * @param channels each channel's contribution when a fused model answered (empty otherwise)
 * @param because the history items that led to it, best first, with their shares
 * @param sharedLabels the item's categories and tags that the history has too, those shared with
 *     the {@code because} items first (then by history count, then label)
 * @param matchedTerms terms of a natural-language request (e.g. an ask intent's include terms)
 *     that the item matches by a label or its title, lower-case, in request order
 * @param profileShare the share of the evidence that comes from the history's profile (what the
 *     user said they like), in [0, 1] (see {@link Explains#profileShare})
 */
public record Evidence(int item, List<Contribution> channels, List<Because> because, List<SharedLabel> sharedLabels,
    List<String> matchedTerms, double profileShare) {
  /** Validates and copies. */
  public Evidence {
    if (item < 0) {
      throw new IllegalArgumentException("item (" + item + ") must be >= 0");
    }
    channels = List.copyOf(channels);
    because = List.copyOf(because);
    sharedLabels = List.copyOf(sharedLabels);
    matchedTerms = List.copyOf(matchedTerms);
    if (!(profileShare >= 0 && profileShare <= 1)) {
      throw new IllegalArgumentException("profileShare (" + profileShare + ") must be in [0, 1]");
    }
  }

  /** Evidence without a profile part. */
  public Evidence(int item, List<Contribution> channels, List<Because> because, List<SharedLabel> sharedLabels,
      List<String> matchedTerms) {
    this(item, channels, because, sharedLabels, matchedTerms, 0);
  }
}
