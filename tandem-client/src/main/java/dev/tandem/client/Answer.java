package dev.tandem.client;

import java.util.List;

/**
 * The answer to a request in words ({@code POST /ask}): the items and, when fewer than asked for
 * came back, why. Unknown fields of the server's answer (the parsed intent, evidence, the
 * conversation's liked items) are not mapped here.
 *
 * @param session the conversation id to pass back for a refinement
 * @param items the items, best first
 * @param intro a short introduction in the request's language; for a short answer it opens with
 *     the constraint that narrowed it ("Only 2 items with pages at most 100 match; ...")
 * @param relaxed true when items carrying any (not all) of several included labels were admitted
 * @param matching how many catalogue items meet every hard constraint
 * @param shortfall when fewer items came back than asked for, each hard constraint with its counts;
 *     else empty
 * @param narrowedBy the constraint without which most items would match ({@link Constraint#constraint});
 *     "" when the answer is not short or no single constraint narrowed it
 * @param reranked true when the server's chat model reordered the items
 * @param rerankProblem why the chat model's order was not used although a rerank was tried; else ""
 */
public record Answer(String session, List<Scored> items, String intro, boolean relaxed, int matching,
    List<Constraint> shortfall, String narrowedBy, boolean reranked, String rerankProblem) {

  /** Copies the lists; null text becomes "". */
  public Answer {
    session = Checks.orEmpty(session);
    items = items == null ? List.of() : List.copyOf(items);
    intro = Checks.orEmpty(intro);
    shortfall = shortfall == null ? List.of() : List.copyOf(shortfall);
    narrowedBy = Checks.orEmpty(narrowedBy);
    rerankProblem = Checks.orEmpty(rerankProblem);
  }

  /**
   * One answered item.
   *
   * @param item the item's id
   * @param title its title
   * @param score its fused score (higher is better)
   * @param explanation a sentence in the request's language saying why
   */
  public record Scored(String item, String title, double score, String explanation) {
    /** Null text becomes "". */
    public Scored {
      title = Checks.orEmpty(title);
      explanation = Checks.orEmpty(explanation);
    }
  }

  /**
   * A hard constraint of a short answer.
   *
   * @param kind {@code available}, {@code include}, {@code include_any}, {@code exclude},
   *     {@code range} or {@code seen}
   * @param constraint the constraint in a few words ({@code mystery}, {@code not dark},
   *     {@code pages <= 100})
   * @param alone how many catalogue items satisfy it alone
   * @param withoutIt how many catalogue items satisfy all the other constraints
   */
  public record Constraint(String kind, String constraint, int alone, int withoutIt) {
    /** Null text becomes "". */
    public Constraint {
      kind = Checks.orEmpty(kind);
      constraint = Checks.orEmpty(constraint);
    }
  }
}
