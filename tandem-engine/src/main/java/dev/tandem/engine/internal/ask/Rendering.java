package dev.tandem.engine.internal.ask;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Item;
import dev.tandem.engine.Deadline;
import dev.tandem.engine.ask.AskItem;
import dev.tandem.engine.internal.pipeline.ChatRerank;
import dev.tandem.engine.internal.serve.AskCatalogue;
import dev.tandem.llm.chat.LlmReranker;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.Range;
import dev.tandem.store.Store;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The last steps of {@link Ask}: the best items reordered by the chat model when
 * {@code [chat] rerank = true} (through the pipeline's {@link ChatRerank}; it may only reorder the
 * already constrained items), then rendered as {@link AskItem}s with their titles, fused score,
 * channel ranks and the constraints each met. Stateless.
 */
final class Rendering {
  private Rendering() { }

  /**
   * The answer's items.
   *
   * @param items best first
   * @param shown their ids, as the session remembers them
   * @param reranked whether the chat model's order was used
   * @param rerankProblem why the fused order was kept although a rerank was tried, else {@code ""}
   */
  record Rendered(List<AskItem> items, List<String> shown, boolean reranked, String rerankProblem) { }

  /**
   * Renders {@code top} (dense indices, best first, all {@code allowed}), reranked by
   * {@code reranker} within {@code rerankBudget} of {@code deadline} ({@link ChatRerank#CUT} is added
   * to {@code cutShort} when no time was left).
   *
   * @throws IllegalStateException if an item breaks the request's constraints (a bug)
   */
  static Rendered render(Store store, Optional<LlmReranker> reranker, Duration rerankBudget, String text,
      List<Integer> top, Channels.Fused fused, AskCatalogue cat, FreshView fresh, Intent eff, BitSet allowed,
      Deadline deadline, List<String> cutShort) throws IOException {
    IdIndex ids = cat.items();
    List<String> shown = ids(top, fresh, ids);
    Map<String, Item> items = store.items().getAll(shown);
    deadline.check("rendering");
    boolean reranked = false;
    String rerankProblem = "";
    if (reranker.isPresent() && top.size() > 1) {
      // the chat model may only reorder these (already constrained) items; on any failure the order stands
      ChatRerank.Outcome<Integer> o = ChatRerank.apply(reranker.get(), text, top, i -> {
        String id = fresh.id(ids, i);
        Item it = items.get(id);
        List<String> terms = matched(cat, fresh, eff, i);
        return new LlmReranker.Candidate(id, it == null ? "" : it.title(),
            terms.isEmpty() ? "" : "matches " + String.join(", ", terms));
      }, deadline.budget(rerankBudget));
      if (o.cutShort()) {
        cutShort.add(ChatRerank.CUT);
      } else {
        reranked = o.reranked();
        rerankProblem = o.problem();
        top = o.items();
        shown = ids(top, fresh, ids);
      }
    }
    List<AskItem> out = new ArrayList<>();
    for (int i : top) {
      String id = fresh.id(ids, i);
      if (!allowed.get(i)) {
        throw new IllegalStateException("item " + id + " broke the request's constraints");
      }
      Item it = items.get(id);
      out.add(new AskItem(id, it == null ? "" : it.title(), fused.score()[i], fused.personalRank()[i],
          fused.matchRank()[i], fused.similarRank()[i], matched(cat, fresh, eff, i)));
    }
    return new Rendered(out, shown, reranked, rerankProblem);
  }

  private static List<String> ids(List<Integer> top, FreshView fresh, IdIndex ids) {
    List<String> out = new ArrayList<>(top.size());
    for (int i : top) {
      out.add(fresh.id(ids, i));
    }
    return out;
  }

  /** The include labels, preferred labels and ranges item {@code i} was checked against, as evidence. */
  static List<String> matched(AskCatalogue cat, FreshView fresh, Intent eff, int i) {
    int m = cat.items().size();
    List<String> out = new ArrayList<>();
    for (String inc : eff.include()) {
      if (fresh.carries(i, inc.toLowerCase(Locale.ROOT).strip())) {
        out.add(inc);
      }
    }
    for (String p : eff.prefer()) {
      if (fresh.carries(i, p.toLowerCase(Locale.ROOT).strip())) {
        out.add(p);
      }
    }
    for (Range r : eff.ranges()) {
      String name = r.attribute().toLowerCase(Locale.ROOT);
      double x = i < m ? cat.numbers(name)[i] : fresh.number(i - m, name);
      out.add(r.attribute() + "=" + Attribute.of(x) + " in [" + r.min() + ", " + r.max() + "]");
    }
    return out;
  }
}
