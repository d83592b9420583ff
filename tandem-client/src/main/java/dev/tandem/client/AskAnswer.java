package dev.tandem.client;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a request in words ({@code POST /ask}, {@link TandemClient#ask}): one turn of a
 * conversation. Pass {@link #session()} with the next request to continue it.
 *
 * @param session the conversation's id
 * @param intent what the request was understood as
 * @param items the items, best first
 * @param liked items the user referred to positively in this conversation so far
 * @param unwanted items the user turned down in this conversation so far
 * @param recorded the feedback events this turn committed (needs a write key and a user)
 * @param intro a short introduction of the list ("" when none); for a short answer it opens with
 *     the constraint that narrowed it ("Only 2 items with pages at most 100 match; ...")
 * @param snapshotVersion the version of the trained snapshot that answered
 * @param relaxed true when items carrying any (not all) of several included labels were admitted
 * @param matching how many catalogue items meet every hard constraint
 * @param shortfall when fewer items came back than asked for, each hard constraint with its counts;
 *     else empty
 * @param narrowedBy the constraint without which most items would match ({@link Constraint#constraint});
 *     "" when the answer is not short or no single constraint narrowed it
 * @param reranked true when the server's chat model reordered the items
 * @param rerankProblem why the chat model's order was not used although a rerank was tried; else ""
 * @param fallback true when the personal list came from another model than the server's
 *     {@code recommend.model}
 * @param fallbackReason why; "" unless {@code fallback}
 * @param cutShort optional steps skipped because the request's deadline was too close (e.g. "chat
 *     intent parser"); empty when none
 */
public record AskAnswer(String session, Intent intent, List<Item> items, List<String> liked, List<String> unwanted,
    List<Recorded> recorded, String intro, long snapshotVersion, boolean relaxed, int matching,
    List<Constraint> shortfall, String narrowedBy, boolean reranked, String rerankProblem, boolean fallback,
    String fallbackReason, List<String> cutShort) {

  /** Copies the lists (null becomes empty); null text becomes "". */
  public AskAnswer {
    fallbackReason = Checks.orEmpty(fallbackReason);
    cutShort = cutShort == null ? List.of() : List.copyOf(cutShort);
    session = Checks.orEmpty(session);
    intro = Checks.orEmpty(intro);
    shortfall = shortfall == null ? List.of() : List.copyOf(shortfall);
    narrowedBy = Checks.orEmpty(narrowedBy);
    rerankProblem = Checks.orEmpty(rerankProblem);
    items = items == null ? List.of() : List.copyOf(items);
    liked = liked == null ? List.of() : List.copyOf(liked);
    unwanted = unwanted == null ? List.of() : List.copyOf(unwanted);
    recorded = recorded == null ? List.of() : List.copyOf(recorded);
  }

  /** The item ids, best first. */
  public List<String> itemIds() {
    List<String> out = new ArrayList<>(items.size());
    for (Item i : items) {
      out.add(i.item());
    }
    return List.copyOf(out);
  }

  /**
   * The parsed request.
   *
   * @param goal {@code recommend}, {@code similar-to} or {@code search}
   * @param include included labels and terms
   * @param exclude excluded labels and terms
   * @param ranges numeric ranges on item attributes
   * @param count how many items the request named (0: none)
   * @param references catalogue items the request referred to
   * @param query the semantic query ("" for none)
   * @param language {@code en} or {@code zh}
   * @param prefer labels the parser only inferred: they raise items, never filter
   */
  public record Intent(String goal, List<String> include, List<String> exclude, List<AskRange> ranges, int count,
      List<Reference> references, String query, String language, List<String> prefer) {
    /** Copies the lists (null becomes empty). */
    public Intent {
      prefer = prefer == null ? List.of() : List.copyOf(prefer);
      include = include == null ? List.of() : List.copyOf(include);
      exclude = exclude == null ? List.of() : List.copyOf(exclude);
      ranges = ranges == null ? List.of() : List.copyOf(ranges);
      references = references == null ? List.of() : List.copyOf(references);
      query = Checks.orEmpty(query);
    }
  }

  /**
   * A catalogue item the request referred to.
   *
   * @param mention the words that referred to it ("#2" for an ordinal)
   * @param item the item's id
   * @param title its title
   */
  public record Reference(String mention, String item, String title) {}

  /**
   * One answered item.
   *
   * @param item the item's id
   * @param title its title
   * @param score the fused score (higher is better)
   * @param explanation a sentence in the request's language saying why
   */
  public record Item(String item, String title, double score, String explanation) {
    /** Null text becomes "". */
    public Item {
      title = Checks.orEmpty(title);
      explanation = Checks.orEmpty(explanation);
    }
  }

  /**
   * A feedback event a turn committed.
   *
   * @param user the user
   * @param item the item
   * @param type {@code like} or {@code dislike}
   */
  public record Recorded(String user, String item, String type) {}

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
