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
 * @param prefer labels the request probably means but does not name (an encoder's zero-shot guess:
 *     "a vampire novel" → horror): preferences that raise matching items, never hard filters, since
 *     a wrong guess must not empty the answer; never also in {@code include} or {@code exclude}
 */
public record Intent(Goal goal, List<String> include, List<String> exclude, List<Range> ranges, int count,
    List<Reference> references, String query, String language, List<String> prefer) {

  /** An intent with no soft preferences. */
  public Intent(Goal goal, List<String> include, List<String> exclude, List<Range> ranges, int count,
      List<Reference> references, String query, String language) {
    this(goal, include, exclude, ranges, count, references, query, language, List.of());
  }

  /** Copies the lists; validates. */
  public Intent {
    prefer = List.copyOf(prefer);
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
