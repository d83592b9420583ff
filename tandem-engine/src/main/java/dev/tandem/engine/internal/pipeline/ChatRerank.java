package dev.tandem.engine.internal.pipeline;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Item;
import dev.tandem.core.fusion.Contribution;
import dev.tandem.engine.RecommendResult;
import dev.tandem.llm.chat.LlmReranker;
import dev.tandem.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rerank step of the pipeline: a chat model may reorder a list's first items, never change
 * them; on any failure the order stands and the outcome says why. Shared by {@code recommend} and
 * {@code ask}.
 */
public final class ChatRerank {
  /** The step a result's {@code cutShort} names when a chat rerank was skipped for lack of time. */
  public static final String CUT = RecommendResult.CUT_RERANK;
  /** How many recent history titles describe a user to the chat reranker when there is no profile text. */
  public static final int HISTORY_TITLES = 5;

  private ChatRerank() { }

  /**
   * What a rerank did.
   *
   * @param items the items in their new order (the old one unless {@code reranked})
   * @param reranked whether the chat model's order was taken
   * @param problem why the order was kept although a rerank was tried; "" otherwise
   * @param cutShort whether the rerank was skipped because no time was left
   */
  public record Outcome<T>(List<T> items, boolean reranked, String problem, boolean cutShort) { }

  /**
   * {@code items} reordered by {@code reranker} for request text {@code query} within {@code budget}
   * (a zero budget skips the call: {@link Outcome#cutShort()}); {@code candidate} describes an item
   * to the chat model, whose ids must be distinct.
   */
  public static <T> Outcome<T> apply(LlmReranker reranker, String query, List<T> items,
      Function<T, LlmReranker.Candidate> candidate, Duration budget) {
    if (budget.isZero()) {
      return new Outcome<>(items, false, "", true);
    }
    List<LlmReranker.Candidate> candidates = new ArrayList<>(items.size());
    Map<String, T> byId = new HashMap<>();
    for (T it : items) {
      LlmReranker.Candidate c = candidate.apply(it);
      candidates.add(c);
      byId.put(c.id(), it);
    }
    LlmReranker.Reranked rr = reranker.rerank(query, candidates, budget);
    List<T> out = new ArrayList<>(rr.ids().size());
    for (String id : rr.ids()) {
      out.add(byId.get(id));
    }
    return new Outcome<>(out, rr.problem().isEmpty(), rr.problem(), false);
  }

  /** A fused item's channel ranks as short evidence ("ease #1, itemknn #3"); "" for none. */
  public static String channelsText(List<Contribution> channels) {
    StringBuilder b = new StringBuilder();
    for (Contribution c : channels) {
      if (c.retrieved()) {
        b.append(b.length() == 0 ? "" : ", ").append(c.channel()).append(" #").append(c.rank());
      }
    }
    return b.toString();
  }

  /**
   * A short description of a user for the chat reranker from the history alone: the titles of the
   * {@value #HISTORY_TITLES} most recent distinct items with a positive weight, latest first
   * ("Recently liked: Dune; Hyperion."); {@code ""} when there are none.
   */
  public static String historyQuery(History history, IdIndex items, Store store) {
    Integer[] order = new Integer[history.size()];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    // latest first; on equal timestamps the later event first
    Arrays.sort(order, (a, b) -> history.timestamps(a) != history.timestamps(b)
        ? Long.compare(history.timestamps(b), history.timestamps(a)) : Integer.compare(b, a));
    List<String> recent = new ArrayList<>();
    for (int k : order) {
      if (recent.size() == HISTORY_TITLES) {
        break;
      }
      int i = history.items(k);
      if (history.weights(k) > 0 && i >= 0 && i < items.size() && !recent.contains(items.id(i))) {
        recent.add(items.id(i));
      }
    }
    if (recent.isEmpty()) {
      return "";
    }
    Map<String, Item> found = store.items().getAll(recent);
    List<String> titles = new ArrayList<>();
    for (String id : recent) {
      Item it = found.get(id);
      if (it != null && !it.title().isBlank()) {
        titles.add(it.title().strip());
      }
    }
    return titles.isEmpty() ? "" : "Recently liked: " + String.join("; ", titles) + ".";
  }
}
