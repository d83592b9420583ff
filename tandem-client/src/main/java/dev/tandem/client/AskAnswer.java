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
 * @param intro a short introduction of the list ("" when none)
 * @param snapshotVersion the version of the trained snapshot that answered
 */
public record AskAnswer(String session, Intent intent, List<Item> items, List<String> liked, List<String> unwanted,
    List<Recorded> recorded, String intro, long snapshotVersion) {

  /** Copies the lists (null becomes empty); null text becomes "". */
  public AskAnswer {
    session = Checks.orEmpty(session);
    intro = Checks.orEmpty(intro);
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
   */
  public record Intent(String goal, List<String> include, List<String> exclude, List<AskRange> ranges, int count,
      List<Reference> references, String query, String language) {
    /** Copies the lists (null becomes empty). */
    public Intent {
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
}
