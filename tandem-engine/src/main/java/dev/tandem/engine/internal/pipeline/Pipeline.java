package dev.tandem.engine.internal.pipeline;

import dev.tandem.core.data.History;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.Profile;
import dev.tandem.core.data.Quote;
import dev.tandem.core.fusion.Contribution;
import dev.tandem.core.fusion.FusedItem;
import dev.tandem.core.fusion.FusedModel;
import dev.tandem.core.model.ContentScorer;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.Request;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.core.retrieval.Semantic;
import dev.tandem.engine.ChatConfig;
import dev.tandem.engine.Deadline;
import dev.tandem.engine.RecommendOptions;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Recommendation;
import dev.tandem.engine.internal.serve.FreshItems;
import dev.tandem.engine.internal.serve.LabelIndex;
import dev.tandem.engine.internal.serve.RequestScorer;
import dev.tandem.engine.internal.serve.Serving;
import dev.tandem.engine.internal.serve.ServingSnapshot;
import dev.tandem.llm.chat.ChatModel;
import dev.tandem.llm.chat.LlmReranker;
import dev.tandem.llm.chat.ScrubbingChatModel;
import dev.tandem.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The serving pipeline of {@code recommend} and {@code similar}, on one {@link ServingSnapshot}:
 * route ({@link Route}) → candidates (the model's top items under the filters) → fresh items
 * ({@link FreshMerge}) → render (ids and titles) → rerank ({@link ChatRerank}). The result carries
 * its {@link Computed} basis, which explanations read. {@code ask} runs the same steps on its own channels.
 *
 * <p>Thread-safe: per-request state lives in local variables and the snapshot's scorer scratch.
 */
public final class Pipeline {
  private final Serving serving;
  private final Store store;
  private final String configuredModel;
  private final ChatConfig chat;
  private final Supplier<Optional<ChatModel>> chatModel;

  /**
   * A pipeline over {@code serving}, rendering titles from {@code store}.
   *
   * @param configuredModel {@code recommend.model}
   * @param chat the {@code [chat]} settings (rerank on or off, its budget)
   * @param chatModel the chat model, opened on first use; empty when none is configured
   */
  public Pipeline(Serving serving, Store store, String configuredModel, ChatConfig chat,
      Supplier<Optional<ChatModel>> chatModel) {
    this.serving = serving;
    this.store = store;
    this.configuredModel = configuredModel;
    this.chat = chat;
    this.chatModel = chatModel;
  }

  /**
   * Recommendations for {@code history} (over {@code s}'s items) on {@code s}: the routed model's top
   * {@code options.n()} available, unseen items (of the category, when asked), with the fresh items
   * the model scores merged in except those of {@code freshSeen}; then the chat rerank, whose
   * request text is the history's profile text (a request's, or a stored user's attached by
   * {@link Recommending}), else the history's recent titles.
   */
  public RecommendResult recommend(ServingSnapshot s, History history, Set<String> freshSeen,
      RecommendOptions options) {
    return rerank(s, history, ranked(s, history, freshSeen, options), options.deadline());
  }

  /** {@link #recommend} before the chat rerank. */
  private RecommendResult ranked(ServingSnapshot s, History history, Set<String> freshSeen, RecommendOptions options) {
    Route route = Route.forRecommend(serving, s, history, options.model().orElse(null), configuredModel);
    Model model = route.model();
    if (model instanceof ContentScorer cs && cs.scoresContent()) {
      s = serving.withFresh(s);
    }
    FreshItems fresh = model instanceof ContentScorer cs && cs.scoresContent() ? s.fresh() : FreshItems.EMPTY;
    String label = options.category().map(LabelIndex::normalise).orElse(null);
    ItemFilter filter = s.available().and(categoryFilter(s, fresh, options.category().orElse(null)));
    Request request = new Request(options.n(), filter, true);
    ScoredItems top;
    Map<Integer, List<Contribution>> evidence = null;
    if (model instanceof FusedModel fused) {
      List<FusedItem> items = options.mmr().isPresent()
          ? fused.recommendWithEvidence(history, request, options.mmr().getAsDouble())
          : fused.recommendWithEvidence(history, request);
      int[] ids = new int[items.size()];
      float[] scores = new float[items.size()];
      evidence = new HashMap<>();
      for (int r = 0; r < ids.length; r++) {
        ids[r] = items.get(r).item();
        scores[r] = items.get(r).score();
        evidence.put(ids[r], items.get(r).channels());
      }
      top = new ScoredItems(ids, scores);
    } else {
      if (options.mmr().isPresent()) {
        throw new IllegalArgumentException("mmr_lambda (" + options.mmrLambda() + ") reranks fused models only (rrf,"
            + " fusion); model " + model.type() + " answered");
      }
      try (RequestScorer scorer = s.scorer()) {
        top = scorer.top(model, history, request);
      }
    }
    top = FreshMerge.merged(top, model, fresh, history, k -> accepts(fresh.entry(k), label, freshSeen),
        s.items().size(), options.n());
    return new RecommendResult(render(s, fresh, top, evidence), model.type(), history.size(), route.fallback(),
        s.version(), "", false, "", route.reason(), List.of(), Computed.of(history, s));
  }

  /**
   * Items most similar to {@code itemId} on {@code s}. With {@code semantic}, fresh items take part
   * too, as the query or among the results.
   *
   * @throws IllegalArgumentException when the item is neither in the snapshot nor a fresh item
   */
  public RecommendResult similar(ServingSnapshot s, String itemId, RecommendOptions options) {
    int item = s.items().indexOf(itemId);
    Route route = Route.named(serving, s, options.model().orElse(null), configuredModel);
    Model model = route.model();
    // semantic's similarity is the cosine of document vectors, which fresh items have too
    if (model instanceof Semantic) {
      s = serving.withFresh(s);
    }
    FreshItems fresh = model instanceof Semantic ? s.fresh() : FreshItems.EMPTY;
    int freshIndex = item < 0 ? fresh.indexOf(itemId) : -1;
    if (item < 0 && freshIndex < 0) {
      throw new IllegalArgumentException("item (" + Quote.of(itemId) + ") is not in the trained catalogue ("
          + s.items().size() + " items); retrain after adding items");
    }
    String label = options.category().map(LabelIndex::normalise).orElse(null);
    ItemFilter filter = s.available().and(categoryFilter(s, fresh, options.category().orElse(null)));
    ScoredItems top;
    History query;
    if (item >= 0) {
      top = model.similar(item, options.n(), filter);
      query = History.of(item);
    } else { // the fresh item's vector as the query: its cosine to every item
      query = History.of(new Profile("", fresh.batch().vector(freshIndex)));
      top = model.recommend(query, new Request(options.n(), filter, false));
    }
    Set<String> self = Set.of(itemId);
    top = FreshMerge.merged(top, model, fresh, query, k -> accepts(fresh.entry(k), label, self), s.items().size(),
        options.n());
    List<Recommendation> out = render(s, fresh, top, null);
    options.deadline().check("rendering");
    return new RecommendResult(out, model.type(), 0, route.fallback(), s.version(), "", false, "", route.reason(),
        List.of(), Computed.of(query, s));
  }

  private static boolean accepts(FreshItems.Entry e, String label, Set<String> seen) {
    return e.available() && (label == null || e.labels().contains(label)) && !seen.contains(e.id());
  }

  /**
   * The snapshot items of {@code category} (all when null); none, rather than an error, when only
   * fresh items carry it.
   */
  private static ItemFilter categoryFilter(ServingSnapshot s, FreshItems fresh, String category) {
    if (category != null && !s.labels().contains(LabelIndex.normalise(category))
        && fresh.hasLabel(LabelIndex.normalise(category))) {
      return item -> false;
    }
    return s.labels().filter(category);
  }

  /**
   * {@code top} (dense: the snapshot's items, then {@code fresh}'s) as recommendations with their
   * titles and, for fused models, each snapshot item's channel evidence.
   */
  private List<Recommendation> render(ServingSnapshot s, FreshItems fresh, ScoredItems top,
      Map<Integer, List<Contribution>> evidence) {
    int m = s.items().size();
    List<String> ids = new ArrayList<>(top.size());
    for (int r = 0; r < top.size(); r++) {
      int i = top.item(r);
      ids.add(i < m ? s.items().id(i) : fresh.entry(i - m).id());
    }
    Map<String, Item> items = store.items().getAll(ids);
    List<Recommendation> out = new ArrayList<>(top.size());
    for (int r = 0; r < top.size(); r++) {
      Item it = items.get(ids.get(r));
      List<Contribution> channels = evidence == null ? List.of() : evidence.getOrDefault(top.item(r), List.of());
      out.add(new Recommendation(ids.get(r), it == null ? "" : it.title(), top.score(r), channels));
    }
    return out;
  }

  /**
   * {@code r} reordered by the chat model when {@code [chat] rerank = true} and a chat model is
   * configured (else {@code r} itself): the first {@code rerank_top_k} items go to
   * {@link LlmReranker} (through a {@link ScrubbingChatModel}), which may only permute them; on any
   * failure the model's order stands and the result says why. Items keep their scores. The request
   * text is the history's profile text, else {@link ChatRerank#historyQuery}. With less than {@link Deadline#MIN_STEP} left the rerank is
   * skipped and the result says so ({@link RecommendResult#cutShort()}).
   */
  private RecommendResult rerank(ServingSnapshot s, History history, RecommendResult r, Deadline deadline) {
    if (r.items().size() < 2 || !chat.rerank()) {
      return r;
    }
    Optional<LlmReranker> reranker = chat.reranker(chatModel.get().map(ScrubbingChatModel::new));
    if (reranker.isEmpty()) {
      return r;
    }
    Duration budget = deadline.budget(chat.rerankBudget());
    if (budget.isZero()) {
      return r.withCutShort(ChatRerank.CUT);
    }
    String query = history.profile().hasText() ? history.profile().text() : "";
    if (query.isEmpty()) {
      query = ChatRerank.historyQuery(history, s.items(), store);
    }
    ChatRerank.Outcome<Recommendation> o = ChatRerank.apply(reranker.get(), query, r.items(),
        rec -> new LlmReranker.Candidate(rec.itemId(), rec.title(), ChatRerank.channelsText(rec.evidence())), budget);
    return r.withRerank(o.items(), o.reranked(), o.problem());
  }
}
