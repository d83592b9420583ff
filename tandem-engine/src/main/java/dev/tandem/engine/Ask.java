package dev.tandem.engine;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.Profile;
import dev.tandem.core.fusion.Rrf;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.Request;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.core.retrieval.Bm25;
import dev.tandem.core.retrieval.Popularity;
import dev.tandem.core.retrieval.Semantic;
import dev.tandem.engine.internal.pipeline.ChatRerank;
import dev.tandem.engine.internal.pipeline.FreshMerge;
import dev.tandem.engine.internal.pipeline.Route;
import dev.tandem.engine.internal.serve.AskCatalogue;
import dev.tandem.engine.internal.serve.FreshItems;
import dev.tandem.engine.internal.serve.RequestScorer;
import dev.tandem.engine.internal.serve.Serving;
import dev.tandem.engine.internal.serve.ServingSnapshot;
import dev.tandem.llm.chat.LlmIntentParser;
import dev.tandem.llm.chat.LlmReranker;
import dev.tandem.llm.chat.ParsedIntent;
import dev.tandem.llm.explain.Narrowing;
import dev.tandem.llm.intent.Goal;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.llm.intent.IntentParsers;
import dev.tandem.llm.intent.Range;
import dev.tandem.llm.intent.Reference;
import dev.tandem.llm.intent.RuleIntentParser;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answers natural-language requests ({@link Tandem#ask}). Steps, per request, all on one snapshot:
 *
 * <ol>
 *   <li>the snapshot's {@link AskCatalogue} (labels with counts, numeric attributes, titles,
 *       document terms), built on first use and cached until another snapshot serves;
 *   <li>the text is parsed into an {@link Intent} and merged with the {@link Session} (see its merge
 *       rule); references outside the catalogue are dropped, a reference whose id the intent also
 *       excludes is an unwanted item, any other a liked one;
 *   <li>hard constraints become one filter: available items only; every included label that is a
 *       catalogue label must be carried (included words that are not labels only join the query);
 *       an excluded label must not be carried, and an excluded word or phrase (label or not) must
 *       not occur in the item's analysed document; each range must hold, items lacking its attribute are out;
 *       referenced, unwanted and already seen items are out. When two or more included labels
 *       together leave fewer items than asked for, an item carrying any one of them is admitted
 *       ({@link AskResult#relaxed()}), and items carrying more of the labels rank first; exclusions
 *       and ranges are never relaxed;
 *   <li>three candidate lists, each the best {@link #WIDE} items under the filter: <em>personal</em>
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
 *       reordered by the chat model with {@code [chat] rerank = true} ({@link AskResult#reranked()});
 *   <li>items of the {@linkplain FreshItems fresh-item overlay} take the dense indices after the
 *       snapshot's and meet the same constraints (their labels, availability, document, numeric
 *       attributes, and the user's feedback on them); a channel whose model scores
 *       content merges them into its list by score ({@link Fresh#merged}); a fresh reference
 *       (a shown item) seeds a {@code semantic} similar list with its document vector;
 *   <li>when fewer are returned, each hard constraint is reported with the catalogue items that
 *       satisfy it alone and those that satisfy all the others ({@link AskResult#shortfall()}),
 *       computed on the constraints' dense bit sets.
 * </ol>
 *
 * Thread-safe.
 */
final class Ask {
  /** How many items each candidate list holds. */
  static final int WIDE = 300;
  /** The reciprocal-rank constant of the channel fusion. */
  static final double RRF_K = Rrf.DEFAULT_K;
  /** The feedback type recorded for an item the user refers to positively. */
  static final String LIKE = "like";
  /** The user id a visitor's (user-less) conversation events carry in memory; never stored. */
  static final String VISITOR = "session";
  /** The feedback type recorded for an item the user turns down. */
  static final String DISLIKE = "dislike";

  private final Tandem tandem;
  private volatile IntentParser parser;
  /** The in-process parser inside {@link #parser} (itself, or the chat parser's fallback). */
  private volatile IntentParser inProcess;

  Ask(Tandem tandem) {
    this.tandem = tandem;
  }

  /**
   * The configured parser, created on first use: the in-process one, or with a chat model in
   * {@code [chat]} and {@code intent = true}, the chat-model parser falling back to it.
   */
  IntentParser defaultParser() {
    IntentParser p = parser;
    if (p == null) {
      synchronized (this) {
        p = parser;
        if (p == null) {
          IntentParser local = IntentParsers.inProcess(tandem::queryEmbedder, tandem::zhEncoder);
          inProcess = local;
          p = tandem.config().chat().intentParser(tandem.chatModel(), local);
          parser = p;
        }
      }
    }
    return p;
  }

  /**
   * Builds now what the first request on {@code s} would otherwise build: the snapshot's catalogue
   * (returned with it; published when {@code s} serves), the default parser (loading the encoder)
   * and the in-process parser's title index, synonyms and label prototypes for that catalogue
   * (seconds on a tag-rich catalogue, which would push the first requests in words past a server's
   * deadline).
   */
  ServingSnapshot prepare(ServingSnapshot s) {
    ServingSnapshot ready = tandem.serving().withAskCatalogue(s);
    defaultParser();
    if (inProcess instanceof RuleIntentParser rules) {
      rules.prepare(ready.askCatalogue().orElseThrow());
    }
    return ready;
  }

  /** The catalogue of {@code s}, built (and published with it) on first use. */
  AskCatalogue catalogue(ServingSnapshot s) {
    return tandem.serving().withAskCatalogue(s).askCatalogue().orElseThrow();
  }

  AskResult ask(AskRequest request, IntentParser parser) throws IOException {
    Serving serving = tandem.serving();
    ServingSnapshot v = serving.withAskCatalogue(serving.current());
    AskCatalogue cat = v.askCatalogue().orElseThrow();
    IdIndex ids = v.items();
    Session session = request.session();
    Deadline deadline = request.deadline();
    List<String> cutShort = new ArrayList<>();
    Duration parseBudget = deadline.budget(tandem.config().chat().timeout());
    Intent parsed;
    String intentSource = AskResult.IN_PROCESS;
    List<String> intentProblems = List.of();
    if (parser instanceof LlmIntentParser llm) {
      if (parseBudget.isZero()) {
        cutShort.add(Tandem.CUT_CHAT_INTENT);
      }
      ParsedIntent p = llm.parseWithSource(request.text(), cat, session.shown(), parseBudget);
      parsed = p.intent();
      intentSource = p.source() == ParsedIntent.Source.CHAT_MODEL ? AskResult.CHAT
          : AskResult.FALLBACK;
      intentProblems = p.problems();
    } else {
      parsed = parser.parse(request.text(), cat, session.shown(), parseBudget);
    }
    deadline.check("scoring");

    // fresh items (posted after training, outside the snapshot) take dense indices m.. m + f - 1; the
    // overlay is built (and published) on first use, after the parse as before
    v = serving.withFresh(v);
    Fresh fresh = new Fresh(v.fresh(), cat);

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
        : tandem.store().feedback().history(request.user(),
            tandem.config().store().maxHistoryEvents()));
    Set<String> allLiked = new LinkedHashSet<>(session.liked());
    allLiked.addAll(liked);
    allLiked.removeAll(unwanted);
    boolean likes = tandem.config().feedback().knows(LIKE);
    if (likes) {
      for (String id : allLiked) {
        events.add(new Feedback(request.user().isEmpty() ? VISITOR : request.user(), id, LIKE, 1, 0));
      }
    }
    History history = tandem.histories().of(events, ids);

    // the fresh items the user gave feedback on, liked or turned down in the conversation stay out
    Set<String> freshSeen = new HashSet<>();
    for (Feedback e : events) {
      if (fresh.overlay.indexOf(e.item()) >= 0) {
        freshSeen.add(e.item());
      }
    }
    for (String id : allUnwanted) {
      if (fresh.overlay.indexOf(id) >= 0) {
        freshSeen.add(id);
      }
    }
    for (String id : allLiked) {
      if (fresh.overlay.indexOf(id) >= 0) {
        freshSeen.add(id);
      }
    }

    int n = eff.count() > 0 ? Math.min(eff.count(), 1000) : request.n();
    int m = ids.size();
    int all = m + fresh.size();
    List<Hard> hard = constraints(v, cat, fresh, eff, allUnwanted, history, freshSeen, false);
    BitSet allowed = allowed(hard, all);
    boolean relaxed = false;
    if (allowed.cardinality() < n && labelIncludes(eff, cat) > 1) {
      // several included labels together leave too few items: any of them will do (never an exclusion or range)
      hard = constraints(v, cat, fresh, eff, allUnwanted, history, freshSeen, true);
      allowed = allowed(hard, all);
      relaxed = true;
    }
    ItemFilter filter = ItemFilter.of(allowed);

    // the channels
    String matchText = matchText(eff, cat);
    double wPersonal;
    double wMatch;
    double wSimilar;
    switch (eff.goal()) {
      case SEARCH -> {
        wPersonal = matchText.isBlank() ? 1 : 0;
        wMatch = 1;
        wSimilar = 0.5;
      }
      case SIMILAR_TO -> {
        wPersonal = 0.3;
        wMatch = 0.5;
        wSimilar = 1;
      }
      default -> {
        wPersonal = 1;
        wMatch = 1;
        wSimilar = 1;
      }
    }
    // one scorer (pooled scratch) for every channel of this request; an exception drops its scratch
    RequestScorer scorer = v.scorer();
    Route byDefault = Route.byDefault(serving, v, tandem.config().recommendModel());
    Model personalModel = byDefault.model();
    String fallbackReason = "";
    ScoredItems personal = null;
    String personalName = personalModel.type();
    if (wPersonal > 0) {
      Route route = history.positives(personalModel.numItems()).size() == 0
          ? byDefault.popularityFallback(serving, v, "") : byDefault;
      Model pm = route.model();
      fallbackReason = route.reason();
      personalName = pm.type();
      personal = merged(fresh, scorer.top(pm, history, new Request(WIDE, filter, true)), pm, history, allowed, m);
    }
    ScoredItems match = null;
    String matchName = "";
    if (!matchText.isBlank()) {
      if (v.has(Semantic.NAME)) {
        matchName = Semantic.NAME;
        Model sem = serving.model(v, Semantic.NAME);
        History query = History.of(tandem.profile(matchText));
        match = merged(fresh, scorer.top(sem, query, new Request(WIDE, filter, false)), sem, query, allowed, m);
      } else if (v.has(Bm25.NAME)) {
        matchName = Bm25.NAME;
        Model bm25 = serving.model(v, Bm25.NAME);
        History query = History.of(Profile.ofText(matchText));
        match = merged(fresh, scorer.top(bm25, query, new Request(WIDE, filter, false)), bm25, query, allowed, m);
      }
    }
    List<ScoredItems> similar = new ArrayList<>();
    // seeds: this turn's liked references, or on a similar-to refinement without any, the liked items so far
    List<String> seeds = new ArrayList<>(liked);
    if (seeds.isEmpty() && eff.goal() == Goal.SIMILAR_TO) {
      seeds.addAll(allLiked);
    }
    // fresh seeds: their summed document vectors as one semantic query (cosine to every item); seeds
    // no longer in the catalogue are dropped
    float[] freshSeed = null;
    for (Iterator<String> it = seeds.iterator(); it.hasNext(); ) {
      String id = it.next();
      int k = fresh.overlay.indexOf(id);
      if (k >= 0) {
        float[] x = fresh.overlay.batch().vector(k);
        if (freshSeed == null) {
          freshSeed = x.clone();
        } else {
          for (int d = 0; d < x.length; d++) {
            freshSeed[d] += x[d];
          }
        }
      }
      if (k >= 0 || ids.indexOf(id) < 0) {
        it.remove();
      }
    }
    if (freshSeed != null && v.has(Semantic.NAME)) {
      Model sem = serving.model(v, Semantic.NAME);
      History seedQuery = History.of(new Profile("", freshSeed));
      similar.add(merged(fresh, scorer.top(sem, seedQuery, new Request(WIDE, filter, false)), sem, seedQuery, allowed,
          m));
    }
    if (!seeds.isEmpty()) {
      int[] refIdx = new int[seeds.size()];
      for (int k = 0; k < refIdx.length; k++) {
        refIdx[k] = ids.indexOf(seeds.get(k));
      }
      History refHistory = History.of(refIdx);
      if (!(personalModel instanceof Popularity)) {
        similar.add(merged(fresh, scorer.top(personalModel, refHistory, new Request(WIDE, filter, true)), personalModel,
            refHistory, allowed, m));
      }
      if (v.has(Semantic.NAME) && !Semantic.NAME.equals(personalModel.type())) {
        Model sem = serving.model(v, Semantic.NAME);
        similar.add(merged(fresh, scorer.top(sem, refHistory, new Request(WIDE, filter, true)), sem, refHistory, allowed,
            m));
      }
    }

    scorer.close();

    // reciprocal-rank fusion over dense indices
    double[] score = new double[all];
    int[] pRank = new int[all];
    int[] mRank = new int[all];
    int[] sRank = new int[all];
    BitSet touched = new BitSet(all);
    if (personal != null) {
      Rrf.accumulate(personal, wPersonal, RRF_K, score, pRank, touched);
    }
    if (match != null) {
      Rrf.accumulate(positive(match), wMatch, RRF_K, score, mRank, touched);
    }
    for (ScoredItems s : similar) {
      Rrf.accumulate(positive(s), wSimilar, RRF_K, score, sRank, touched);
    }
    preferred(cat, fresh, eff, allowed, eff.goal() == Goal.SIMILAR_TO ? 0.5 : 1, score, touched);
    int[] cand = touched.stream().toArray();
    int[] order = Arrays.stream(cand).filter(i -> score[i] > 0).toArray();
    // relaxed: an item carrying more of the included labels ranks first ("cosy mysteries" shows the
    // cosy mysteries, then mysteries or cosies), the fused score orders within a tier
    int[] carried = relaxed ? labelsCarried(cat, fresh, eff, m, all) : null;
    it.unimi.dsi.fastutil.ints.IntArrays.quickSort(order, (a, b) -> {
      int c = carried == null ? 0 : Integer.compare(carried[b], carried[a]);
      if (c == 0) {
        c = Double.compare(score[b], score[a]);
      }
      return c != 0 ? c : fresh.id(ids, a).compareTo(fresh.id(ids, b));
    });
    List<Integer> top = new ArrayList<>(Math.min(n, order.length));
    for (int k = 0; k < Math.min(n, order.length); k++) {
      top.add(order[k]);
    }
    List<String> topIds = new ArrayList<>();
    for (int i : top) {
      topIds.add(fresh.id(ids, i));
    }
    Map<String, Item> items = tandem.store().items().getAll(topIds);
    deadline.check("rendering");
    Optional<LlmReranker> reranker = tandem.reranker();
    boolean reranked = false;
    String rerankProblem = "";
    if (reranker.isPresent() && top.size() > 1) {
      // the chat model may only reorder these (already constrained) items; on any failure the order stands
      ChatRerank.Outcome<Integer> o = ChatRerank.apply(reranker.get(), request.text(), top, i -> {
        String id = fresh.id(ids, i);
        Item it = items.get(id);
        List<String> terms = matched(cat, fresh, eff, i);
        return new LlmReranker.Candidate(id, it == null ? "" : it.title(),
            terms.isEmpty() ? "" : "matches " + String.join(", ", terms));
      }, deadline.budget(tandem.config().chat().rerankBudget()));
      if (o.cutShort()) {
        cutShort.add(ChatRerank.CUT);
      } else {
        reranked = o.reranked();
        rerankProblem = o.problem();
        top = o.items();
        topIds = new ArrayList<>(top.size());
        for (int i : top) {
          topIds.add(fresh.id(ids, i));
        }
      }
    }
    List<AskItem> out = new ArrayList<>();
    for (int i : top) {
      String id = fresh.id(ids, i);
      if (!allowed.get(i)) {
        throw new IllegalStateException("item " + id + " broke the request's constraints");
      }
      Item it = items.get(id);
      out.add(new AskItem(id, it == null ? "" : it.title(), score[i], pRank[i], mRank[i], sRank[i],
          matched(cat, fresh, eff, i)));
    }

    List<Feedback> feedback = new ArrayList<>();
    if (!request.user().isEmpty()) {
      long now = System.currentTimeMillis() / 1000;
      for (String id : liked) {
        if (likes && !session.liked().contains(id)) {
          feedback.add(new Feedback(request.user(), id, LIKE, 1, now));
        }
      }
      for (String id : unwanted) {
        if (tandem.config().feedback().knows(DISLIKE) && !session.unwanted().contains(id)) {
          feedback.add(new Feedback(request.user(), id, DISLIKE, 1, now));
        }
      }
    }
    Session next = session.next(eff, topIds, liked, unwanted);
    Map<String, String> titles = new HashMap<>();
    List<String> freshRefs = new ArrayList<>();
    for (Reference r : refs) {
      titles.put(r.itemId(), cat.titles().getOrDefault(r.itemId(), ""));
      if (ids.indexOf(r.itemId()) < 0) {
        freshRefs.add(r.itemId());
      }
    }
    tandem.store().items().getAll(freshRefs).forEach((id, it) -> titles.put(id, it.title()));
    int matching = allowed.cardinality();
    List<Narrowing> shortfall = out.size() < n ? counted(hard, all) : List.of();
    return new AskResult(turn, eff, out, next, feedback, personal == null ? "" : personalName, matchName,
        !fallbackReason.isEmpty(), v.header().version(), titles, relaxed, n, matching, shortfall, reranked,
        rerankProblem, fallbackReason, cutShort, intentSource, intentProblems);
  }

  /** The query plus the included words that are not catalogue labels. */
  private static String matchText(Intent eff, AskCatalogue cat) {
    StringBuilder b = new StringBuilder(eff.query().strip());
    for (String inc : eff.include()) {
      if (!cat.labels().containsKey(inc.toLowerCase(Locale.ROOT).strip()) && !b.toString().contains(inc)) {
        b.append(b.length() == 0 ? "" : " ").append(inc.strip());
      }
    }
    return b.toString().strip();
  }

  /** For every dense index, how many of {@code eff}'s included labels the item carries. */
  private static int[] labelsCarried(AskCatalogue cat, Fresh fresh, Intent eff, int m, int all) {
    int[] carried = new int[all];
    for (String inc : eff.include()) {
      BitSet b = fresh.label(cat, inc.toLowerCase(Locale.ROOT).strip(), m);
      if (b != null) {
        for (int i = b.nextSetBit(0); i >= 0 && i < all; i = b.nextSetBit(i + 1)) {
          carried[i]++;
        }
      }
    }
    return carried;
  }

  /** How many of {@code eff}'s included words are catalogue labels. */
  private static int labelIncludes(Intent eff, AskCatalogue cat) {
    int k = 0;
    for (String inc : eff.include()) {
      if (cat.label(inc.toLowerCase(Locale.ROOT).strip()) != null) {
        k++;
      }
    }
    return k;
  }

  /**
   * A hard constraint of a request and the catalogue items that satisfy it alone, as a dense bit
   * set over the snapshot's items.
   */
  record Hard(Narrowing.Kind kind, List<String> terms, double min, double max, BitSet pass) {
    /** This constraint with its counts. */
    Narrowing counted(int withoutIt) {
      return new Narrowing(kind, terms, min, max, pass.cardinality(), withoutIt);
    }
  }

  /**
   * The hard constraints of a request (see the class doc, step 3), in the order available,
   * included labels, excluded words, ranges, seen; an item may be returned when it satisfies them
   * all ({@link #allowed}). With {@code anyInclude}, the included labels are one constraint that
   * an item carrying any of them satisfies.
   */
  static List<Hard> constraints(ServingSnapshot v, AskCatalogue cat, Fresh fresh, Intent eff, Set<String> unwanted,
      History history, Set<String> freshSeen, boolean anyInclude) {
    IdIndex ids = cat.items();
    int m = ids.size();
    int all = m + fresh.size();
    List<Hard> out = new ArrayList<>();
    BitSet available = new BitSet(all);
    for (int i = 0; i < m; i++) {
      if (v.available().accept(i)) {
        available.set(i);
      }
    }
    for (int k = 0; k < fresh.size(); k++) {
      if (fresh.overlay.entry(k).available()) {
        available.set(m + k);
      }
    }
    out.add(hard(Narrowing.Kind.AVAILABLE, List.of(), available));
    BitSet any = null;
    List<String> anyTerms = new ArrayList<>();
    for (String inc : eff.include()) {
      BitSet b = fresh.label(cat, inc.toLowerCase(Locale.ROOT).strip(), m);
      if (b != null && anyInclude) {
        any = any == null ? (BitSet) b.clone() : any;
        any.or(b);
        anyTerms.add(inc.strip());
      } else if (b != null) {
        out.add(hard(Narrowing.Kind.INCLUDE, List.of(inc.strip()), (BitSet) b.clone()));
      }
    }
    if (any != null) {
      out.add(hard(Narrowing.Kind.INCLUDE_ANY, anyTerms, any));
    }
    for (String exc : eff.exclude()) {
      String e = exc.toLowerCase(Locale.ROOT).strip();
      if (unwanted.contains(exc)) {
        continue;
      }
      BitSet pass = new BitSet(all);
      pass.set(0, all);
      BitSet b = cat.label(e);
      if (b != null) {
        pass.andNot(b);
      }
      pass.andNot(cat.containing(e)); // "nothing dark": neither tagged dark nor described as dark
      for (int k = 0; k < fresh.size(); k++) {
        if (fresh.overlay.entry(k).labels().contains(e) || fresh.says(k, e)) {
          pass.clear(m + k);
        }
      }
      out.add(hard(Narrowing.Kind.EXCLUDE, List.of(exc.strip()), pass));
    }
    for (Range r : eff.ranges()) {
      String name = r.attribute().toLowerCase(Locale.ROOT);
      double[] x = cat.numbers(name);
      BitSet pass = new BitSet(all);
      if (x != null) { // an attribute no trained item has: nothing satisfies the range
        for (int i = 0; i < m; i++) {
          if (!Double.isNaN(x[i]) && r.accepts(x[i])) {
            pass.set(i);
          }
        }
        for (int k = 0; k < fresh.size(); k++) {
          double y = fresh.number(k, name);
          if (!Double.isNaN(y) && r.accepts(y)) {
            pass.set(m + k);
          }
        }
      }
      out.add(new Hard(Narrowing.Kind.RANGE, List.of(r.attribute()), r.min(), r.max(), pass));
    }
    BitSet unseen = new BitSet(all);
    unseen.set(0, all);
    for (String id : freshSeen) {
      int k = fresh.overlay.indexOf(id);
      if (k >= 0) {
        unseen.clear(m + k);
      }
    }
    for (Reference r : eff.references()) {
      int i = ids.indexOf(r.itemId());
      int k = fresh.overlay.indexOf(r.itemId());
      if (i >= 0) {
        unseen.clear(i);
      } else if (k >= 0) {
        unseen.clear(m + k);
      }
    }
    for (String id : unwanted) {
      int i = ids.indexOf(id);
      if (i >= 0) {
        unseen.clear(i);
      }
    }
    for (int k = 0; k < history.size(); k++) {
      unseen.clear(history.items(k));
    }
    out.add(hard(Narrowing.Kind.SEEN, List.of(), unseen));
    return out;
  }

  private static Hard hard(Narrowing.Kind kind, List<String> terms, BitSet pass) {
    return new Hard(kind, terms, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, pass);
  }

  /** The items that satisfy every constraint of {@code hard}; all {@code m} items when there is none. */
  static BitSet allowed(List<Hard> hard, int m) {
    return allBut(hard, -1, m);
  }

  /** The items that satisfy every constraint of {@code hard} except the {@code skip}-th. */
  private static BitSet allBut(List<Hard> hard, int skip, int m) {
    BitSet ok = new BitSet(m);
    ok.set(0, m);
    for (int k = 0; k < hard.size(); k++) {
      if (k != skip) {
        ok.and(hard.get(k).pass());
      }
    }
    return ok;
  }

  /**
   * Each constraint of {@code hard} with how many of the {@code m} catalogue items satisfy it alone
   * and how many satisfy all the others (leave-one-out), in {@code hard}'s order.
   */
  static List<Narrowing> counted(List<Hard> hard, int m) {
    List<Narrowing> out = new ArrayList<>(hard.size());
    for (int k = 0; k < hard.size(); k++) {
      out.add(hard.get(k).counted(allBut(hard, k, m).cardinality()));
    }
    return out;
  }

  /** The prefix of {@code list} (best first) with positive scores. */
  private static ScoredItems positive(ScoredItems list) {
    int k = 0;
    while (k < list.size() && list.score(k) > 0) {
      k++;
    }
    return k == list.size() ? list : new ScoredItems(Arrays.copyOf(list.items(), k),
        Arrays.copyOf(list.scores(), k));
  }

  /**
   * The soft list of the intent's preferred labels ({@link Intent#prefer()}, the encoder's guesses):
   * the allowed items carrying at least one, ordered by how many they carry, then by the fused score
   * so far, then by id; its best {@link #WIDE} added to {@code score} with weight {@code w}. It
   * raises items with the guessed label without ever removing one without it.
   */
  private static void preferred(AskCatalogue cat, Fresh fresh, Intent eff, BitSet allowed, double w, double[] score,
      BitSet touched) {
    if (eff.prefer().isEmpty()) {
      return;
    }
    int m = allowed.length();
    int[] carried = new int[Math.max(m, 1)];
    BitSet any = new BitSet(m);
    for (String p : eff.prefer()) {
      BitSet b = fresh.label(cat, p.toLowerCase(Locale.ROOT).strip(), cat.items().size()); // fresh items too
      if (b == null) {
        continue;
      }
      for (int i = b.nextSetBit(0); i >= 0 && i < m; i = b.nextSetBit(i + 1)) {
        if (allowed.get(i)) {
          carried[i]++;
          any.set(i);
        }
      }
    }
    int[] items = any.stream().toArray();
    if (items.length == 0) {
      return;
    }
    IdIndex ids = cat.items();
    // sorted before any score changes, so "the fused score so far" is score itself
    it.unimi.dsi.fastutil.ints.IntArrays.quickSort(items, (a, b) -> {
      int c = Integer.compare(carried[b], carried[a]);
      if (c == 0) {
        c = Double.compare(score[b], score[a]);
      }
      return c != 0 ? c : fresh.id(ids, a).compareTo(fresh.id(ids, b));
    });
    for (int r = 0; r < Math.min(WIDE, items.length); r++) {
      score[items[r]] += Rrf.term(w, RRF_K, r + 1);
      touched.set(items[r]);
    }
  }

  /** The include labels and ranges item {@code i} was checked against, as evidence. */
  private static List<String> matched(AskCatalogue cat, Fresh fresh, Intent eff, int i) {
    int m = cat.items().size();
    List<String> out = new ArrayList<>();
    for (String inc : eff.include()) {
      String l = inc.toLowerCase(Locale.ROOT).strip();
      BitSet b = cat.label(l);
      if (b != null && (i < m ? b.get(i) : fresh.overlay.entry(i - m).labels().contains(l))) {
        out.add(inc);
      }
    }
    for (String p : eff.prefer()) {
      String l = p.toLowerCase(Locale.ROOT).strip();
      BitSet b = cat.label(l);
      if (b != null && (i < m ? b.get(i) : fresh.overlay.entry(i - m).labels().contains(l))) {
        out.add(p);
      }
    }
    for (Range r : eff.ranges()) {
      String name = r.attribute().toLowerCase(Locale.ROOT);
      double x = i < m ? cat.numbers(name)[i] : fresh.number(i - m, name);
      out.add(r.attribute() + "=" + Attribute.of(x) + " in [" + r.min() + ", " + r.max()
          + "]");
    }
    return out;
  }

  /**
   * The fresh-item overlay as one request sees it: item {@code k} of the overlay is dense index
   * {@code m + k} (after the snapshot's {@code m} items). Its labels, availability and numeric
   * attributes come from the overlay; its analysed document (with the catalogue's analysis) is
   * read on first use. Not thread-safe: one per request.
   */
  static final class Fresh {
    final FreshItems overlay;
    private final AskCatalogue cat;
    private List<Set<String>> terms;
    /** The analysed terms of each excluded word asked about. */
    private final Map<String, List<String>> asked = new HashMap<>();

    Fresh(FreshItems overlay, AskCatalogue cat) {
      this.overlay = overlay;
      this.cat = cat;
    }

    int size() {
      return overlay.size();
    }

    /** The id of dense index {@code i}: a snapshot item below {@code ids.size()}, else a fresh one. */
    String id(IdIndex ids, int i) {
      return i < ids.size() ? ids.id(i) : overlay.entry(i - ids.size()).id();
    }

    /**
     * The items (snapshot and fresh) carrying catalogue label {@code label}, or null when it is no
     * label of the snapshot (then it is a word, not a constraint, for fresh items too).
     */
    BitSet label(AskCatalogue cat, String label, int m) {
      BitSet b = cat.label(label);
      if (b == null || overlay.size() == 0) {
        return b;
      }
      BitSet out = (BitSet) b.clone();
      for (int k = 0; k < overlay.size(); k++) {
        if (overlay.entry(k).labels().contains(label)) {
          out.set(m + k);
        }
      }
      return out;
    }

    /** Whether fresh item {@code k}'s document holds every analysed term of {@code text} (none: false). */
    boolean says(int k, String text) {
      List<String> ts = asked.computeIfAbsent(text, cat::terms);
      if (ts.isEmpty()) {
        return false;
      }
      if (terms == null) {
        List<String> docs = new ArrayList<>(overlay.size());
        for (int j = 0; j < overlay.size(); j++) {
          docs.add(overlay.entry(j).text());
        }
        terms = new ArrayList<>(overlay.size());
        for (List<String> t : cat.terms(docs)) {
          terms.add(new HashSet<>(t));
        }
      }
      return terms.get(k).containsAll(ts);
    }

    /** Fresh item {@code k}'s numeric attribute {@code name} (lower-case), NaN when it has none. */
    double number(int k, String name) {
      Double x = overlay.entry(k).numbers().get(name);
      return x == null ? Double.NaN : x;
    }
  }

  /**
   * {@code list} (snapshot items, best first) with the allowed fresh items that {@code model}
   * scores from their content merged in by score ({@link FreshMerge}), cut to {@link #WIDE}.
   */
  private static ScoredItems merged(Fresh fresh, ScoredItems list, Model model, History h, BitSet allowed, int m) {
    return FreshMerge.merged(list, model, fresh.overlay, h, k -> allowed.get(m + k), m, WIDE);
  }
}
