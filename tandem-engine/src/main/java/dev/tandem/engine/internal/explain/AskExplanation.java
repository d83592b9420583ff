package dev.tandem.engine.internal.explain;

import dev.tandem.core.data.IdIndex;
import dev.tandem.engine.Explanation;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Recommendation;
import dev.tandem.engine.ask.AskItem;
import dev.tandem.engine.ask.AskResult;
import dev.tandem.llm.explain.Explanations;
import dev.tandem.llm.explain.Language;
import dev.tandem.llm.explain.Written;
import java.util.ArrayList;
import java.util.List;

/**
 * How an {@code ask} answer is explained on top of a list explanation ({@link ListExplainer}): its
 * items as a list, the request's terms, and what the list explanation cannot say (that an item was
 * added after training, and why the answer is short).
 */
public final class AskExplanation {
  private AskExplanation() { }

  /** {@code r}'s items as a recommendation list (same order and scores) of its personal model. */
  public static RecommendResult asList(AskResult r, int historySize) {
    List<Recommendation> recs = new ArrayList<>(r.items().size());
    for (AskItem it : r.items()) {
      recs.add(new Recommendation(it.itemId(), it.title(), it.score()));
    }
    return new RecommendResult(recs, r.personalModel(), historySize, r.fallback(), r.snapshotVersion(), "",
        r.reranked(), r.rerankProblem(), r.fallbackReason(), r.cutShort());
  }

  /** The request's terms an explanation cites: the effective intent's includes, then its preferred labels. */
  public static List<String> terms(AskResult r) {
    List<String> terms = new ArrayList<>(r.effective().include());
    terms.addAll(r.effective().prefer());
    return terms;
  }

  /**
   * {@code x} ({@code r}'s list explained over the snapshot's {@code snapshotItems}) with each item
   * added after training saying it is new and which of {@code terms} it carries, and, when {@code r}
   * holds fewer items than asked for, the intro opening with why ({@link Explanations#shortfall}).
   */
  public static RecommendResult finish(AskResult r, RecommendResult x, IdIndex snapshotItems, List<String> terms,
      Language lang) {
    Explanations templates = new Explanations();
    // items added after training (fresh) have no evidence in the snapshot: they say they are new, and
    // which of the request's labels they carry
    List<Recommendation> explained = new ArrayList<>(x.items());
    boolean anyFresh = false;
    for (int k = 0; k < explained.size(); k++) {
      AskItem it = r.items().get(k);
      if (snapshotItems.indexOf(it.itemId()) >= 0) {
        continue;
      }
      List<String> carried = new ArrayList<>();
      for (String t : it.matched()) {
        if (terms.contains(t)) {
          carried.add(t);
        }
      }
      explained.set(k, explained.get(k).withExplanation(new Explanation(List.of(), List.of(), carried, 0,
          templates.fresh(carried, lang), Written.Source.TEMPLATE)));
      anyFresh = true;
    }
    if (anyFresh) {
      x = x.withItems(explained);
    }
    String why = templates.shortfall(r.items().size(), r.asked(), r.matching(), r.shortfall(), lang);
    if (why.isEmpty()) {
      return x;
    }
    // a short answer says first which constraint narrowed it; an empty one says only that
    return x.withIntro(r.items().isEmpty() ? why : why + (lang == Language.ZH ? "" : " ") + x.intro());
  }
}
