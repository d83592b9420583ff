package dev.tandem.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Recommended (or similar) items, best first.
 *
 * @param model the model that answered
 * @param historySize how many events of history it scored from
 * @param fallback true when another model than the one asked for (or the server's
 *     {@code recommend.model}) answered; {@code fallbackReason} says why
 * @param snapshotVersion the version of the trained snapshot that answered
 * @param items the items, best first
 * @param reranked true when the server's chat model reordered the list ({@code [chat] rerank = true});
 *     false for {@code similar} and when no rerank was tried or it fell back
 * @param rerankProblem why the chat model's order was not used although a rerank was tried (the
 *     model's order stands); "" otherwise
 * @param fallbackReason why a fallback answered (e.g. "the history has no events model ease can
 *     use (0 read), so popularity answered"); "" unless {@code fallback}
 * @param cutShort optional steps the server skipped because the request's deadline was too close
 *     (e.g. "chat rerank"); empty when none
 */
public record Recommendations(String model, int historySize, boolean fallback, long snapshotVersion,
    List<Scored> items, boolean reranked, String rerankProblem, String fallbackReason, List<String> cutShort) {

  /** Copies the lists; null text becomes "". */
  public Recommendations {
    model = Checks.orEmpty(model);
    items = items == null ? List.of() : List.copyOf(items);
    rerankProblem = Checks.orEmpty(rerankProblem);
    fallbackReason = Checks.orEmpty(fallbackReason);
    cutShort = cutShort == null ? List.of() : List.copyOf(cutShort);
  }

  /** The item ids, best first. */
  public List<String> itemIds() {
    List<String> out = new ArrayList<>(items.size());
    for (Scored s : items) {
      out.add(s.item());
    }
    return List.copyOf(out);
  }

  /**
   * One recommended item.
   *
   * @param item the item's id
   * @param title its title
   * @param score the model's score (higher is better)
   * @param evidence per-channel evidence of a fused model when asked for with {@code explain}; else empty
   */
  public record Scored(String item, String title, double score, List<Evidence> evidence) {

    /** Copies the list; null text becomes "". */
    public Scored {
      title = Checks.orEmpty(title);
      evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
  }

  /**
   * What one channel of a fused model contributed to an item's score.
   *
   * @param channel the channel's model name
   * @param rank the item's rank in that channel (1 = first; 0 when the channel did not rank it)
   * @param score the channel's own score
   * @param contribution the part of the fused score due to this channel (they sum to the score)
   */
  public record Evidence(String channel, int rank, double score, double contribution) {}
}
