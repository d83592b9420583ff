package dev.tandem.engine.internal.ask;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.engine.Deadline;
import dev.tandem.engine.TandemConfig;
import dev.tandem.engine.ask.AskRequest;
import dev.tandem.engine.ask.AskResult;
import dev.tandem.engine.ask.Session;
import dev.tandem.engine.internal.chat.ChatModels;
import dev.tandem.engine.internal.embed.ItemEmbeddings;
import dev.tandem.engine.internal.pipeline.Computed;
import dev.tandem.engine.internal.pipeline.Histories;
import dev.tandem.engine.internal.serve.AskCatalogue;
import dev.tandem.engine.internal.serve.FreshItems;
import dev.tandem.engine.internal.serve.Serving;
import dev.tandem.engine.internal.serve.ServingSnapshot;
import dev.tandem.llm.chat.LlmIntentParser;
import dev.tandem.llm.chat.ParsedIntent;
import dev.tandem.llm.explain.Narrowing;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.llm.intent.Reference;
import dev.tandem.store.Store;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers natural-language requests ({@code Tandem.ask}). Steps, per request, all on one snapshot:
 *
 * <ol>
 *   <li>the snapshot's {@link AskCatalogue} (labels with counts, numeric attributes, titles,
 *       document terms), built on first use and cached until another snapshot serves;
 *   <li>the text is parsed into an {@link Intent} and merged with the {@link Session} (see its merge
 *       rule); references outside the catalogue are dropped, a reference whose id the intent also
 *       excludes is an unwanted item, any other a liked one;
 *   <li>hard constraints ({@link Constraints}) become one filter: available items only; every included label that is a
 *       catalogue label must be carried (included words that are not labels only join the query);
 *       an excluded label must not be carried, and an excluded word or phrase (label or not) must
 *       not occur in the item's analysed document; each range must hold, items lacking its attribute are out;
 *       referenced, unwanted and already seen items are out. When two or more included labels
 *       together leave fewer items than asked for, an item carrying any one of them is admitted
 *       ({@link AskResult#relaxed()}), and items carrying more of the labels rank first; exclusions
 *       and ranges are never relaxed;
 *   <li>three candidate lists ({@link Channels}), each the best {@link Channels#WIDE} items under the filter: <em>personal</em>
 *       (the configured recommend model on the user's stored history plus the session's liked
 *       items; popularity when that is empty), <em>match</em> (the query plus the non-label
 *       includes, as a query embedding for {@code semantic} when trained, else as words for
 *       {@code bm25}) and <em>similar</em> (the liked references as a history, for the configured
 *       model and, when trained and different, {@code semantic}; a similar-to refinement naming
 *       none uses the conversation's liked items);
 *   <li>score = the weighted reciprocal-rank sum {@code sum_c w_c / (60 + rank_c)} with weights
 *       by goal: recommend personal 1, match 1, similar 1; search match 1, similar 0.5 and
 *       personal 0 (1 when there is no query to match); similar-to similar 1, personal 0.3,
 *       match 0.5 (personal taste breaks ties among the references' neighbours without outranking
 *       them); in the match and similar lists only items with a positive score count (a zero
 *       score is "not retrieved": no shared word, no co-occurrence); ties rank the smaller item id first;
 *   <li>the best {@code count} (the request's {@code n} when the intent names none) are returned,
 *       reordered by the chat model with {@code [chat] rerank = true} ({@link AskResult#reranked()}) and
 *       rendered ({@link Rendering});
 *   <li>items of the {@linkplain FreshItems fresh-item overlay} take the dense indices after the
 *       snapshot's and meet the same constraints (their labels, availability, document, numeric
 *       attributes, and the user's feedback on them); a channel whose model scores
 *       content merges them into its list by score ({@link FreshView#merged}); a fresh reference
 *       (a shown item) seeds a {@code semantic} similar list with its document vector;
 *   <li>when fewer are returned, each hard constraint is reported with the catalogue items that
 *       satisfy it alone and those that satisfy all the others ({@link AskResult#shortfall()}),
 *       computed on the constraints' dense bit sets.
 * </ol>
 *
 * Thread-safe.
 */
public final class Ask {
  /** The feedback type recorded for an item the user refers to positively. */
  public static final String LIKE = "like";
  /** The user id a visitor's (user-less) conversation events carry in memory; never stored. */
  public static final String VISITOR = "session";
  /** The feedback type recorded for an item the user turns down. */
  public static final String DISLIKE = "dislike";

  private final TandemConfig config;
  private final Store store;
  private final Serving serving;
  private final Histories histories;
  private final ChatModels chat;
  private final Channels channels;

  /**
   * Requests in words over {@code serving}'s snapshots, personalised from {@code store}'s histories
   * (weighted by {@code histories}), their text matched through {@code embeddings}' query model.
   */
  public Ask(TandemConfig config, Store store, Serving serving, Histories histories, ItemEmbeddings embeddings,
      ChatModels chat) {
    this.config = config;
    this.store = store;
    this.serving = serving;
    this.histories = histories;
    this.chat = chat;
    this.channels = new Channels(serving, config.recommendModel(), embeddings::profile);
  }

  /** The catalogue of {@code s}, built (and published with it) on first use. */
  public AskCatalogue catalogue(ServingSnapshot s) {
    return serving.withAskCatalogue(s).askCatalogue().orElseThrow();
  }

  /** The answer to {@code request}, its text parsed by {@code parser} (see the class doc). */
  public AskResult ask(AskRequest request, IntentParser parser) throws IOException {
    ServingSnapshot v = serving.withAskCatalogue(serving.current());
    AskCatalogue cat = v.askCatalogue().orElseThrow();
    IdIndex ids = v.items();
    Session session = request.session();
    Deadline deadline = request.deadline();
    List<String> cutShort = new ArrayList<>();
    Duration parseBudget = deadline.budget(config.chat().timeout());
    Intent parsed;
    String intentSource = AskResult.IN_PROCESS;
    List<String> intentProblems = List.of();
    if (parser instanceof LlmIntentParser llm) {
      if (parseBudget.isZero()) {
        cutShort.add(AskResult.CUT_CHAT_INTENT);
      }
      ParsedIntent p = llm.parseWithSource(request.text(), cat, session.shown(), parseBudget);
      parsed = p.intent();
      intentSource = p.source() == ParsedIntent.Source.CHAT_MODEL ? AskResult.CHAT : AskResult.FALLBACK;
      intentProblems = p.problems();
    } else {
      parsed = parser.parse(request.text(), cat, session.shown(), parseBudget);
    }
    deadline.check("scoring");

    // fresh items (posted after training, outside the snapshot) take dense indices m.. m + f - 1; the
    // overlay is built (and published) on first use, after the parse as before
    v = serving.withFresh(v);
    FreshView fresh = new FreshView(v.fresh(), cat);

    // references: in the catalogue (or its fresh items) only; an excluded reference is unwanted, any other liked
    List<Reference> refs = new ArrayList<>();
    Set<String> liked = new LinkedHashSet<>();
    Set<String> unwanted = new LinkedHashSet<>();
    for (Reference r : parsed.references()) {
      if (ids.indexOf(r.itemId()) < 0 && fresh.overlay.indexOf(r.itemId()) < 0) {
        continue;
      }
      refs.add(r);
      (parsed.exclude().contains(r.itemId()) ? unwanted : liked).add(r.itemId());
    }
    List<String> exclude = new ArrayList<>();
    for (String e : parsed.exclude()) {
      if (!unwanted.contains(e)) {
        exclude.add(e);
      }
    }
    Intent turn = new Intent(parsed.goal(), parsed.include(), exclude, parsed.ranges(), parsed.count(), refs,
        parsed.query(), parsed.language(), parsed.prefer());
    Set<String> allUnwanted = new LinkedHashSet<>(session.unwanted());
    allUnwanted.addAll(unwanted);
    allUnwanted.removeAll(liked);
    Intent eff = session.effective(turn, unwanted);

    // the history: stored events plus the conversation's liked items
    List<Feedback> events = new ArrayList<>(request.user().isEmpty() ? List.of()
        : store.feedback().history(request.user(), config.store().maxHistoryEvents()));
    Set<String> allLiked = new LinkedHashSet<>(session.liked());
    allLiked.addAll(liked);
    allLiked.removeAll(unwanted);
    boolean likes = config.feedback().knows(LIKE);
    if (likes) {
      for (String id : allLiked) {
        events.add(new Feedback(request.user().isEmpty() ? VISITOR : request.user(), id, LIKE, 1, 0));
      }
    }
    History history = histories.of(events, ids);
    Set<String> freshSeen = freshSeen(fresh, events, allUnwanted, allLiked);

    int n = eff.count() > 0 ? Math.min(eff.count(), 1000) : request.n();
    int all = ids.size() + fresh.size();
    Constraints hard = Constraints.of(v, cat, fresh, eff, allUnwanted, history, freshSeen, n);
    BitSet allowed = hard.allowed(all);
    Channels.Fused fused = channels.fuse(v, cat, fresh, eff, history, allowed, hard.relaxed(), liked, allLiked);
    Rendering.Rendered shown = Rendering.render(store, chat.reranker(), config.chat().rerankBudget(),
        request.text(), fused.top(n), fused, cat, fresh, eff, allowed, deadline, cutShort);

    Session next = session.next(eff, shown.shown(), liked, unwanted);
    List<Narrowing> shortfall = shown.items().size() < n ? hard.counted(all) : List.of();
    return new AskResult(turn, eff, shown.items(), next, feedback(request, session, liked, unwanted),
        fused.personalModel(), fused.matchModel(), !fused.fallbackReason().isEmpty(), v.header().version(),
        titles(refs, cat, ids), hard.relaxed(), n, allowed.cardinality(), shortfall, shown.reranked(),
        shown.rerankProblem(), fused.fallbackReason(), cutShort, intentSource, intentProblems,
        Computed.of(history, v));
  }

  /** The fresh items the user gave feedback on, liked or turned down in the conversation: they stay out. */
  private static Set<String> freshSeen(FreshView fresh, List<Feedback> events, Set<String> unwanted,
      Set<String> liked) {
    Set<String> out = new HashSet<>();
    for (Feedback e : events) {
      if (fresh.overlay.indexOf(e.item()) >= 0) {
        out.add(e.item());
      }
    }
    for (String id : unwanted) {
      if (fresh.overlay.indexOf(id) >= 0) {
        out.add(id);
      }
    }
    for (String id : liked) {
      if (fresh.overlay.indexOf(id) >= 0) {
        out.add(id);
      }
    }
    return out;
  }

  /**
   * The events this turn implies for the request's user ({@link AskResult#feedback()}): a new liked
   * reference {@code like}, a new unwanted item {@code dislike}, for the types configured.
   */
  private List<Feedback> feedback(AskRequest request, Session session, Set<String> liked, Set<String> unwanted) {
    List<Feedback> feedback = new ArrayList<>();
    if (!request.user().isEmpty()) {
      long now = System.currentTimeMillis() / 1000;
      for (String id : liked) {
        if (config.feedback().knows(LIKE) && !session.liked().contains(id)) {
          feedback.add(new Feedback(request.user(), id, LIKE, 1, now));
        }
      }
      for (String id : unwanted) {
        if (config.feedback().knows(DISLIKE) && !session.unwanted().contains(id)) {
          feedback.add(new Feedback(request.user(), id, DISLIKE, 1, now));
        }
      }
    }
    return feedback;
  }

  /** The titles of the references, fresh ones read from the store. */
  private Map<String, String> titles(List<Reference> refs, AskCatalogue cat, IdIndex ids) throws IOException {
    Map<String, String> titles = new HashMap<>();
    List<String> freshRefs = new ArrayList<>();
    for (Reference r : refs) {
      titles.put(r.itemId(), cat.titles().getOrDefault(r.itemId(), ""));
      if (ids.indexOf(r.itemId()) < 0) {
        freshRefs.add(r.itemId());
      }
    }
    store.items().getAll(freshRefs).forEach((id, it) -> titles.put(id, it.title()));
    return titles;
  }
}
