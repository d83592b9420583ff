package dev.tandem.llm.explain;

import dev.tandem.core.explain.SharedLabel;
import dev.tandem.core.fusion.Contribution;
import java.util.List;

/**
 * The evidence for one recommendation in words: what explanations (templates or a chat model)
 * may say, and all they may say. Immutable.
 *
 * @param itemId the recommended item's external id
 * @param title its title ("" when none)
 * @param model the model that answered, e.g. {@code rrf}
 * @param basis what the list rests on
 * @param because the history items that led to it, best first
 * @param sharedLabels its categories and tags the history has too (see {@link SharedLabel})
 * @param channels each channel's contribution when a fused model answered (else empty)
 * @param matchedTerms request terms it matches (lower-case)
 * @param profileShare the share of the evidence from what the user said they like, in [0, 1]
 */
public record Grounds(String itemId, String title, String model, Basis basis, List<Cited> because,
    List<SharedLabel> sharedLabels, List<Contribution> channels, List<String> matchedTerms, double profileShare) {
  /** Validates and copies. */
  public Grounds {
    if (itemId == null || itemId.isEmpty()) {
      throw new IllegalArgumentException("itemId must be non-empty");
    }
    title = title == null ? "" : title.strip();
    model = model == null ? "" : model;
    if (basis == null) {
      throw new IllegalArgumentException("basis must not be null; use Basis.HISTORY");
    }
    because = List.copyOf(because);
    sharedLabels = List.copyOf(sharedLabels);
    channels = List.copyOf(channels);
    matchedTerms = List.copyOf(matchedTerms);
    if (!(profileShare >= 0 && profileShare <= 1)) {
      throw new IllegalArgumentException("profileShare (" + profileShare + ") must be in [0, 1]");
    }
  }

  /** Grounds without a profile part. */
  public Grounds(String itemId, String title, String model, Basis basis, List<Cited> because,
      List<SharedLabel> sharedLabels, List<Contribution> channels, List<String> matchedTerms) {
    this(itemId, title, model, basis, because, sharedLabels, channels, matchedTerms, 0);
  }

  /** The profile share in whole percent. */
  public int profilePercent() {
    return (int) Math.round(profileShare * 100);
  }

  /** What a recommendation rests on. */
  public enum Basis {
    /** The user's history (the usual case). */
    HISTORY,
    /** Popularity: the user had no usable history. */
    POPULARITY,
    /** Only what the user said they like (a profile text), no history. */
    PROFILE
  }

  /** The title, or the id when there is no title. */
  public String name() {
    return title.isEmpty() ? itemId : title;
  }
}
