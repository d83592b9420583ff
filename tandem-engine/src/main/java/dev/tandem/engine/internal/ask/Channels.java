package dev.tandem.engine.internal.ask;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Profile;
import dev.tandem.core.fusion.Rrf;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.Request;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.core.retrieval.Bm25;
import dev.tandem.core.retrieval.Popularity;
import dev.tandem.core.retrieval.Semantic;
import dev.tandem.engine.internal.pipeline.Route;
import dev.tandem.engine.internal.serve.AskCatalogue;
import dev.tandem.engine.internal.serve.RequestScorer;
import dev.tandem.engine.internal.serve.Serving;
import dev.tandem.engine.internal.serve.ServingSnapshot;
import dev.tandem.llm.intent.Goal;
import dev.tandem.llm.intent.Intent;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The candidate lists of a request and their fusion (steps 4 and 5 of {@link Ask}): the
 * <em>personal</em>, <em>match</em> and <em>similar</em> lists, each the best {@link #WIDE} allowed
 * items from the serving models (routed as the pipeline routes, fresh items merged by
 * {@link dev.tandem.engine.internal.pipeline.FreshMerge}), summed by weighted reciprocal rank
 * ({@link Rrf}) with the preferred labels' soft list. Thread-safe: holds no request state.
 */
final class Channels {
  /** How many items each candidate list holds. */
  static final int WIDE = 300;
  /** The reciprocal-rank constant of the channel fusion. */
  static final double RRF_K = Rrf.DEFAULT_K;

  private final Serving serving;
  private final String configuredModel;
  private final Function<String, Profile> profile;

  /**
   * @param configuredModel {@code recommend.model}, the personal channel's model
   * @param profile the query profile of a text (embedded by the configured {@code [embed]} model)
   */
  Channels(Serving serving, String configuredModel, Function<String, Profile> profile) {
    this.serving = serving;
    this.configuredModel = configuredModel;
    this.profile = profile;
  }

  /**
   * The fused candidates of one request.
   *
   * @param order the candidates with a positive score, best first (ties: the smaller id)
   * @param score the fused score by dense index
   * @param personalRank each item's 1-based rank in the personal list, 0 when absent
   * @param matchRank each item's 1-based rank in the match list, 0 when absent
   * @param similarRank each item's 1-based rank among the similar lists, 0 when absent
   * @param personalModel the model of the personal list, {@code ""} when it was not asked
   * @param matchModel {@code semantic} or {@code bm25}, {@code ""} when there was no text to match
   * @param fallbackReason why the personal list is popularity, {@code ""} when it is not
   */
  record Fused(int[] order, double[] score, int[] personalRank, int[] matchRank, int[] similarRank,
      String personalModel, String matchModel, String fallbackReason) {
    /** The best {@code n} candidates. */
    List<Integer> top(int n) {
      List<Integer> top = new ArrayList<>(Math.min(n, order.length));
      for (int k = 0; k < Math.min(n, order.length); k++) {
        top.add(order[k]);
      }
      return top;
    }
  }

  /** The channel weights of a goal (see {@link Ask}, step 5). */
  private record Weights(double personal, double match, double similar) {
    static Weights of(Goal goal, boolean nothingToMatch) {
      return switch (goal) {
        case SEARCH -> new Weights(nothingToMatch ? 1 : 0, 1, 0.5);
        case SIMILAR_TO -> new Weights(0.3, 0.5, 1);
        default -> new Weights(1, 1, 1);
      };
    }
  }

  /**
   * Fuses the lists of one request on {@code v}.
   *
   * @param history the user's history (stored events and the conversation's liked items)
   * @param allowed the items meeting the request's constraints (dense indices, fresh ones after the snapshot's)
   * @param relaxed whether the included labels were relaxed to any-of: then items carrying more of
   *     them rank first ("cosy mysteries" shows the cosy mysteries, then mysteries or cosies)
   * @param liked this turn's liked references; on a similar-to refinement without any, {@code allLiked}
   */
  Fused fuse(ServingSnapshot v, AskCatalogue cat, FreshView fresh, Intent eff, History history, BitSet allowed,
      boolean relaxed, Collection<String> liked, Collection<String> allLiked) {
    IdIndex ids = v.items();
    int m = ids.size();
    int all = m + fresh.size();
    ItemFilter filter = ItemFilter.of(allowed);
    String matchText = matchText(eff, cat);
    Weights w = Weights.of(eff.goal(), matchText.isBlank());
    // one scorer (pooled scratch) for every channel of this request; an exception drops its scratch
    RequestScorer scorer = v.scorer();
    Route byDefault = Route.byDefault(serving, v, configuredModel);
    Model personalModel = byDefault.model();
    String fallbackReason = "";
    ScoredItems personal = null;
    String personalName = personalModel.type();
    if (w.personal() > 0) {
      Route route = history.positives(personalModel.numItems()).size() == 0
          ? byDefault.popularityFallback(serving, v, "") : byDefault;
      Model pm = route.model();
      fallbackReason = route.reason();
      personalName = pm.type();
      personal = fresh.merged(scorer.top(pm, history, new Request(WIDE, filter, true)), pm, history, allowed, m, WIDE);
    }
    ScoredItems match = null;
    String matchName = "";
    if (!matchText.isBlank()) {
      if (v.has(Semantic.NAME)) {
        matchName = Semantic.NAME;
        match = list(scorer, fresh, v, Semantic.NAME, History.of(profile.apply(matchText)), filter, false, allowed);
      } else if (v.has(Bm25.NAME)) {
        matchName = Bm25.NAME;
        match = list(scorer, fresh, v, Bm25.NAME, History.of(Profile.ofText(matchText)), filter, false, allowed);
      }
    }
    List<ScoredItems> similar = similar(scorer, v, fresh, eff, personalModel, filter, allowed, liked, allLiked);
    scorer.close();

    // reciprocal-rank fusion over dense indices
    double[] score = new double[all];
    int[] pRank = new int[all];
    int[] mRank = new int[all];
    int[] sRank = new int[all];
    BitSet touched = new BitSet(all);
    if (personal != null) {
      Rrf.accumulate(personal, w.personal(), RRF_K, score, pRank, touched);
    }
    if (match != null) {
      Rrf.accumulate(positive(match), w.match(), RRF_K, score, mRank, touched);
    }
    for (ScoredItems s : similar) {
      Rrf.accumulate(positive(s), w.similar(), RRF_K, score, sRank, touched);
    }
    preferred(cat, fresh, eff, allowed, eff.goal() == Goal.SIMILAR_TO ? 0.5 : 1, score, touched);
    int[] order = touched.stream().filter(i -> score[i] > 0).toArray();
    int[] carried = relaxed ? labelsCarried(fresh, eff, m, all) : null;
    IntArrays.quickSort(order, (a, b) -> {
      int c = carried == null ? 0 : Integer.compare(carried[b], carried[a]);
      if (c == 0) {
        c = Double.compare(score[b], score[a]);
      }
      return c != 0 ? c : fresh.id(ids, a).compareTo(fresh.id(ids, b));
    });
    return new Fused(order, score, pRank, mRank, sRank, personal == null ? "" : personalName, matchName,
        fallbackReason);
  }

  /** The best {@link #WIDE} allowed items of model {@code name} for {@code h}, fresh items merged in. */
  private ScoredItems list(RequestScorer scorer, FreshView fresh, ServingSnapshot v, String name, History h,
      ItemFilter filter, boolean excludeSeen, BitSet allowed) {
    Model model = serving.model(v, name);
    return fresh.merged(scorer.top(model, h, new Request(WIDE, filter, excludeSeen)), model, h, allowed,
        v.items().size(), WIDE);
  }

  /**
   * The similar lists: the seeds (this turn's liked references, or on a similar-to refinement without
   * any, the liked items so far) as a history for the personal model and, when trained and
   * different, {@code semantic}; fresh seeds as one {@code semantic} query of their summed document
   * vectors (cosine to every item). Seeds no longer in the catalogue are dropped.
   */
  private List<ScoredItems> similar(RequestScorer scorer, ServingSnapshot v, FreshView fresh, Intent eff,
      Model personalModel, ItemFilter filter, BitSet allowed, Collection<String> liked,
      Collection<String> allLiked) {
    IdIndex ids = v.items();
    int m = ids.size();
    List<ScoredItems> similar = new ArrayList<>();
    List<String> seeds = new ArrayList<>(liked);
    if (seeds.isEmpty() && eff.goal() == Goal.SIMILAR_TO) {
      seeds.addAll(allLiked);
    }
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
      similar.add(list(scorer, fresh, v, Semantic.NAME, History.of(new Profile("", freshSeed)), filter, false,
          allowed));
    }
    if (!seeds.isEmpty()) {
      int[] refIdx = new int[seeds.size()];
      for (int k = 0; k < refIdx.length; k++) {
        refIdx[k] = ids.indexOf(seeds.get(k));
      }
      History refHistory = History.of(refIdx);
      if (!(personalModel instanceof Popularity)) {
        similar.add(fresh.merged(scorer.top(personalModel, refHistory, new Request(WIDE, filter, true)),
            personalModel, refHistory, allowed, m, WIDE));
      }
      if (v.has(Semantic.NAME) && !Semantic.NAME.equals(personalModel.type())) {
        similar.add(list(scorer, fresh, v, Semantic.NAME, refHistory, filter, true, allowed));
      }
    }
    return similar;
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
  private static int[] labelsCarried(FreshView fresh, Intent eff, int m, int all) {
    int[] carried = new int[all];
    for (String inc : eff.include()) {
      BitSet b = fresh.label(inc.toLowerCase(Locale.ROOT).strip(), m);
      if (b != null) {
        for (int i = b.nextSetBit(0); i >= 0 && i < all; i = b.nextSetBit(i + 1)) {
          carried[i]++;
        }
      }
    }
    return carried;
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
  private static void preferred(AskCatalogue cat, FreshView fresh, Intent eff, BitSet allowed, double w,
      double[] score, BitSet touched) {
    if (eff.prefer().isEmpty()) {
      return;
    }
    int m = allowed.length();
    int[] carried = new int[Math.max(m, 1)];
    BitSet any = new BitSet(m);
    for (String p : eff.prefer()) {
      BitSet b = fresh.label(p.toLowerCase(Locale.ROOT).strip(), cat.items().size()); // fresh items too
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
    IntArrays.quickSort(items, (a, b) -> {
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
}
