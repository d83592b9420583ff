package dev.tandem.llm.intent;

import java.util.List;

/**
 * A natural-language request as structure.
 *
 * @param goal what is asked for
 * @param include labels (categories or tags, lower-case, as the catalogue spells them) or plain
 *     terms the items must match
 * @param exclude labels or terms the items must not match
 * @param ranges numeric constraints on item attributes
 * @param count how many items were asked for, 0 when the request does not say
 * @param references catalogue items the request names
 * @param query the semantic query: the request's wording for embedding-based matching, with
 *     constraint words (negations, ranges, counts) removed
 * @param language {@code en} or {@code zh}
 */
public record Intent(Goal goal, List<String> include, List<String> exclude, List<Range> ranges, int count,
    List<Reference> references, String query, String language) {

  /** Copies the lists; validates. */
  public Intent {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    ranges = List.copyOf(ranges);
    references = List.copyOf(references);
    if (count < 0) {
      throw new IllegalArgumentException("count (" + count + ") must be >= 0");
    }
    if (query == null || language == null || goal == null) {
      throw new IllegalArgumentException("goal, query and language must not be null");
    }
  }
}
