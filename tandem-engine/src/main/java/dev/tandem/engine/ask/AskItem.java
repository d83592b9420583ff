package dev.tandem.engine.ask;

import java.util.List;

/**
 * One answer to a request, with the evidence of its score.
 *
 * @param itemId the catalogue item
 * @param title its title ({@code ""} when unknown)
 * @param score the weighted reciprocal-rank score of its ranks in the candidate lists ({@link dev.tandem.engine.Tandem#ask})
 * @param personalRank its 1-based rank in the personalised list, 0 when not in it
 * @param matchRank its 1-based rank in the intent's semantic match, 0 when not in it
 * @param similarRank its 1-based rank among the references' similar items, 0 when not in it
 * @param matched the constraints it was checked against and met: included labels and ranges
 *     ({@code pages=212 in [-inf, 300]})
 */
public record AskItem(String itemId, String title, double score, int personalRank, int matchRank, int similarRank,
    List<String> matched) {
  /** Copies {@code matched}. */
  public AskItem {
    matched = List.copyOf(matched);
  }
}
