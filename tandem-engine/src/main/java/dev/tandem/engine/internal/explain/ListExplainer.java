package dev.tandem.engine.internal.explain;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Item;
import dev.tandem.core.explain.Because;
import dev.tandem.core.explain.Evidence;
import dev.tandem.core.explain.Explainer;
import dev.tandem.core.model.Model;
import dev.tandem.core.retrieval.Popularity;
import dev.tandem.engine.Deadline;
import dev.tandem.engine.Explanation;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Recommendation;
import dev.tandem.engine.internal.serve.LabelIndex;
import dev.tandem.llm.chat.ChatModel;
import dev.tandem.llm.explain.ChatExplanations;
import dev.tandem.llm.explain.Cited;
import dev.tandem.llm.explain.Explanations;
import dev.tandem.llm.explain.Faithfulness;
import dev.tandem.llm.explain.Grounds;
import dev.tandem.llm.explain.Language;
import dev.tandem.llm.explain.Written;
import dev.tandem.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adds explanations to a recommendation list (the explain step of the pipeline, behind
 * {@code Tandem.explain}): finds
 * each item's evidence with {@link Explainer}, names the cited history items from the store, and
 * writes a sentence per item and an introduction for the list, by templates or, when a chat model
 * is set, by the chat model checked for faithfulness. Thread-safe.
 */
public final class ListExplainer {
  /** History items cited per recommendation. */
  public static final int MAX_BECAUSE = 3;

  private final Store store;
  private final Explanations templates = new Explanations();
  private volatile ChatModel chatModel;
  private volatile Duration chatTimeout = Duration.ofSeconds(10);
  /** The chat writer of one label index (one per serving snapshot) and chat model; null without chat. */
  private volatile Cached cached;

  private record Cached(LabelIndex labels, ChatModel chat, ChatExplanations writer) {}

  /** An explainer naming cited items from {@code store}; templates only until {@link #useChat}. */
  public ListExplainer(Store store) {
    this.store = store;
  }

  /** Writes explanations with {@code chat} from now on (checked; template fallback); null for templates only. */
  public void useChat(ChatModel chat, Duration timeout) {
    this.chatModel = chat;
    this.chatTimeout = timeout;
    this.cached = null;
  }

  /** The chat writer in use, if any (its counters report accepted and rejected answers). */
  public ChatExplanations chatWriter() {
    Cached c = cached;
    return c == null ? null : c.writer();
  }

  /**
   * {@code r} with an {@link Explanation} per item and an introduction.
   *
   * @param model the model that answered, from the same snapshot as {@code items}; null when it is
   *     no longer serving (then no history items are cited)
   */
  public RecommendResult explain(RecommendResult r, History history, Language lang, List<String> terms, IdIndex items,
      LabelIndex labels, Model model, Deadline deadline) {
    Cached c = cached(labels);
    Explainer explainer = new Explainer(labels.itemLabels(), MAX_BECAUSE);
    List<Evidence> evidence = new ArrayList<>();
    Set<String> citedIds = new LinkedHashSet<>();
    for (Recommendation rec : r.items()) {
      int idx = items.indexOf(rec.itemId());
      Evidence e = null;
      if (idx >= 0 && model != null && idx < model.numItems()) {
        e = explainer.evidence(model, history, idx, rec.evidence(), terms, rec.title());
        for (Because b : e.because()) {
          citedIds.add(items.id(b.item()));
        }
      }
      evidence.add(e);
    }
    Map<String, Item> cited = store.items().getAll(citedIds);
    boolean anyPositive = model != null ? history.positives(model.numItems()).size() > 0 : history.size() > 0;
    Grounds.Basis basis = r.fallback() && Popularity.NAME.equals(r.model())
        ? Grounds.Basis.POPULARITY
        : anyPositive ? Grounds.Basis.HISTORY : Grounds.Basis.PROFILE;
    List<Grounds> grounds = new ArrayList<>();
    List<Recommendation> out = new ArrayList<>();
    boolean cut = false;
    for (int k = 0; k < r.items().size(); k++) {
      Recommendation rec = r.items().get(k);
      Evidence e = evidence.get(k);
      List<Cited> because = new ArrayList<>();
      if (e != null) {
        for (Because b : e.because()) {
          String id = items.id(b.item());
          Item it = cited.get(id);
          because.add(new Cited(id, it == null ? "" : it.title(), b.share()));
        }
      }
      Grounds g = new Grounds(rec.itemId(), rec.title(), r.model(), basis, because,
          e == null ? List.of() : e.sharedLabels(), rec.evidence(), e == null ? List.of() : e.matchedTerms(),
          e == null ? 0 : e.profileShare());
      grounds.add(g);
      Duration budget = c.writer() == null || cut ? Duration.ZERO : deadline.budget(chatTimeout);
      if (c.writer() != null && budget.isZero()) {
        cut = true; // too little time left: templates from here on
      }
      Written w = !budget.isZero() ? c.writer().write(g, lang, budget) : Written.template(templates.sentence(g, lang));
      out.add(rec.withExplanation(new Explanation(because, g.sharedLabels(), g.matchedTerms(),
          g.profileShare(), w.text(), w.source())));
    }
    RecommendResult explained = r.withItems(out).withIntro(templates.intro(grounds, lang));
    return cut ? explained.withCutShort(RecommendResult.CUT_CHAT_EXPLANATIONS) : explained;
  }

  private Cached cached(LabelIndex labels) {
    Cached c = cached;
    ChatModel chat = chatModel;
    if (c != null && c.labels() == labels && c.chat() == chat) {
      return c;
    }
    ChatExplanations writer = null;
    if (chat != null) {
      List<String> titles = new ArrayList<>();
      store.items().forEach(it -> titles.add(it.title()));
      writer = new ChatExplanations(chat, new Faithfulness(titles, labels.byLabel().keySet()), chatTimeout);
    }
    c = new Cached(labels, chat, writer);
    cached = c;
    return c;
  }
}
