package dev.tandem.core.retrieval;

import dev.tandem.core.internal.ann.HnswIndex;
import dev.tandem.core.data.History;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.core.data.Profile;
import dev.tandem.core.explain.Because;
import dev.tandem.core.explain.Explains;
import dev.tandem.core.explain.Shares;
import dev.tandem.core.kernel.TopK;
import dev.tandem.core.model.ContentScorer;
import dev.tandem.core.model.ItemContent;
import dev.tandem.core.model.ItemContentBatch;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelFitException;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.Param;
import dev.tandem.core.model.ParamSet;
import dev.tandem.core.model.ParamValues;
import dev.tandem.core.model.Request;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.core.snapshot.SnapshotInput;
import dev.tandem.core.snapshot.SnapshotOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Content-based recall from item embeddings (LLM document vectors): a history becomes a user
 * vector, the weighted mean of the L2-normalised vectors of its items, and an item scores the dot
 * product of that vector with its own normalised vector. It needs no interactions for an item, so
 * it ranks cold items that collaborative models cannot score.
 *
 * <p>User vector {@code u = Σ w_e·d_e·v_e / Σ |w_e·d_e|} over the history entries {@code e} whose
 * item has a vector, where {@code w_e} is the entry's feedback weight (or 1 when
 * {@code use_weights} is off), {@code d_e} its time decay (1 when {@code half_life_days} is 0) and
 * {@code v_e} the item's normalised vector; with {@code negative} on, entries of negative weight
 * contribute {@code -|w_e·d_e|·v_e}, otherwise they are skipped. With {@code use_weights} off and
 * no decay the history is reduced to its {@linkplain History#positives distinct positive items},
 * each counted once: the plain mean of their vectors. Items without a vector score 0.
 *
 * <p>Profile: when the history carries a {@linkplain History#profile() profile} embedding
 * {@code p} (normalised to {@code p̂}), a history with no item vector scores from {@code u = p̂}
 * alone, and a history with both from {@code u = (1 − α)·u_history + α·p̂}, with
 * {@code α = profile_weight}.
 *
 * <p>Search: {@link #score} is always exact (one dense matrix-vector product over all items; the
 * evaluator needs every score). {@link #recommend} is exact too, unless {@code search} is
 * {@code hnsw}, or {@code auto} (the default) with at least {@value #AUTO_HNSW_FROM} items with a
 * vector: then the best items come from an HNSW graph ({@link HnswIndex}, built at fit and stored
 * in the snapshot) searched with the request's filter and the seen items as an accept list, and
 * their exact scores are returned. A filter so selective that the graph search would score more
 * items than the filter accepts, or fewer results than asked, falls back to exact search.
 *
 * <p>New items: {@link #scoreContent} scores items outside the index from their document vectors
 * with the same user vector (profile included), so a new item whose vector equals a trained item's
 * scores exactly as that item does.
 *
 * <p>Immutable and thread-safe.
 */
public final class Semantic implements Model, ContentScorer,
    Explains {
  /** Type name. */
  public static final String NAME = "semantic";

  private final Params params;
  private final int numItems;
  private final int dimension;
  /** Row-major, each present row L2-normalised, absent rows zero. */
  private final float[] vectors;
  private final BitSet present;
  /** The HNSW graph over the items with a vector (ordinal {@code o} is item {@code graphItems[o]}), or null for exact search. */
  private final HnswIndex graph;
  private final int[] graphItems;

  /** {@code search = auto} builds a graph from this many items with a vector. */
  public static final int AUTO_HNSW_FROM = 20_000;

  Semantic(Params params, int numItems, int dimension, float[] vectors, BitSet present, HnswIndex graph,
      int[] graphItems) {
    this.params = params;
    this.numItems = numItems;
    this.dimension = dimension;
    this.vectors = vectors;
    this.present = present;
    this.graph = graph;
    this.graphItems = graphItems;
  }

  /** How {@link #recommend} finds the best items. */
  public enum Search {
    /** {@link #HNSW} from {@value Semantic#AUTO_HNSW_FROM} items with a vector, else {@link #EXACT}. */
    AUTO,
    /** Score every item: exact, O(items · dimension) per request. */
    EXACT,
    /** Approximate nearest neighbours on an HNSW graph: sub-linear, recall below 1. */
    HNSW;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Parameters.
   *
   * @param halfLifeDays half-life in days of a history entry's weight, measured back from the
   *     newest timestamp in that history; 0 (default) disables decay
   * @param useWeights {@code true} (default) weighs each entry by its feedback weight;
   *     {@code false} takes the plain mean of the distinct positive items' vectors
   * @param negative {@code true} lets entries of negative weight push the user vector away from
   *     their item; {@code false} (default) ignores them
   * @param profileWeight share α of the profile embedding in the user vector when the history has
   *     both items with vectors and a profile vector, in [0, 1]; default {@value #PROFILE_WEIGHT}
   *     (the history vector is a mean of unit vectors and shorter than the unit profile vector, so
   *     the profile already counts for a little more than half)
   * @param search exact or HNSW search in {@link #recommend} (default {@link Search#AUTO})
   * @param hnswM graph neighbours per node (default 16; 32 on the bottom level): more is better
   *     recall at more memory and build time; in [2, 512]
   * @param hnswBeamWidth candidates kept while building (default 100): a better graph, slower build; in [1, 3200]
   * @param efSearch candidates kept while searching (default 100, at least the request's n):
   *     higher recall, slower queries; in [1, 10000]
   */
  public record Params(double halfLifeDays, boolean useWeights, boolean negative, double profileWeight,
      Search search, int hnswM, int hnswBeamWidth, int efSearch) {
    /** Default {@code profile_weight}. */
    public static final double PROFILE_WEIGHT = 0.5;

    /** Validates. */
    public Params {
      if (!(halfLifeDays >= 0) || Double.isInfinite(halfLifeDays)) {
        throw new IllegalArgumentException("semantic.half_life_days (" + halfLifeDays + ") must be >= 0 and finite");
      }
      if (!(profileWeight >= 0 && profileWeight <= 1)) {
        throw new IllegalArgumentException("semantic.profile_weight (" + profileWeight + ") must be in [0, 1]");
      }
      if (search == null) {
        throw new IllegalArgumentException("semantic.search must not be null; use Search.AUTO");
      }
      if (hnswM < 2 || hnswM > 512) {
        throw new IllegalArgumentException("semantic.hnsw_m (" + hnswM + ") must be in [2, 512]");
      }
      if (hnswBeamWidth < 1 || hnswBeamWidth > 3200) {
        throw new IllegalArgumentException("semantic.hnsw_beam_width (" + hnswBeamWidth + ") must be in [1, 3200]");
      }
      if (efSearch < 1 || efSearch > 10_000) {
        throw new IllegalArgumentException("semantic.ef_search (" + efSearch + ") must be in [1, 10000]");
      }
    }

    /** Parameters with the default profile weight and search. */
    public Params(double halfLifeDays, boolean useWeights, boolean negative) {
      this(halfLifeDays, useWeights, negative, PROFILE_WEIGHT);
    }

    /** Parameters with the default search. */
    public Params(double halfLifeDays, boolean useWeights, boolean negative, double profileWeight) {
      this(halfLifeDays, useWeights, negative, profileWeight, Search.AUTO, 16, 100, 100);
    }

    /** These parameters with {@code search}. */
    public Params withSearch(Search search) {
      return new Params(halfLifeDays, useWeights, negative, profileWeight, search, hnswM, hnswBeamWidth, efSearch);
    }
  }

  /** Copies and normalises the item vectors attached to the training interactions. */
  public static final class Trainer implements dev.tandem.core.model.Trainer<Semantic> {
    private final Params params;

    /** A trainer with {@code params}. */
    public Trainer(Params params) {
      this.params = params;
    }

    /**
     * Copies {@code train}'s item vectors, L2-normalised; zero or non-finite rows count as absent.
     *
     * @throws ModelFitException if {@code train} carries no item vectors
     */
    @Override
    public Semantic fit(Interactions train) {
      ItemVectors v = train.itemVectors().orElseThrow(() -> new ModelFitException(
          "semantic needs item embeddings: train it through Tandem, which embeds the catalogue (`tandem embed`),"
              + " or attach them with Interactions.withItemVectors"));
      ItemVectors unit = v.normalized();
      int m = train.numItems();
      int d = unit.dimension();
      float[] out = unit.data();
      BitSet present = unit.present();
      int count = present.cardinality();
      boolean hnsw = count > 0 && (params.search() == Search.HNSW
          || (params.search() == Search.AUTO && count >= AUTO_HNSW_FROM));
      if (!hnsw) {
        return new Semantic(params, m, d, out, present, null, null);
      }
      int[] items = present.stream().toArray();
      HnswIndex graph = HnswIndex.build(graphVectors(out, d, items), items.length, d, params.hnswM(),
          params.hnswBeamWidth(), 42);
      return new Semantic(params, m, d, out, present, graph, items);
    }
  }

  /** The rows of {@code items}, in order (the array itself when that is every row). */
  static float[] graphVectors(float[] vectors, int d, int[] items) {
    if ((long) items.length * d == vectors.length) {
      return vectors;
    }
    float[] v = new float[items.length * d];
    for (int o = 0; o < items.length; o++) {
      System.arraycopy(vectors, items[o] * d, v, o * d, d);
    }
    return v;
  }

  /**
   * This model searching with {@code efSearch} candidates (the graph and vectors are shared, not
   * rebuilt): trades HNSW recall for latency at serving time.
   *
   * @throws IllegalArgumentException if {@code efSearch} is outside [1, 10000]
   */
  public Semantic withEfSearch(int efSearch) {
    Params p = new Params(params.halfLifeDays(), params.useWeights(), params.negative(), params.profileWeight(),
        params.search(), params.hnswM(), params.hnswBeamWidth(), efSearch);
    return new Semantic(p, numItems, dimension, vectors, present, graph, graphItems);
  }

  /** Whether {@link #recommend} searches an HNSW graph (else it is exact). */
  public boolean approximate() {
    return graph != null;
  }

  @Override
  public String type() {
    return NAME;
  }

  @Override
  public int numItems() {
    return numItems;
  }

  /** {@code true}: the profile embedding is part of the query (see the class docs). */
  @Override
  public boolean readsProfile() {
    return true;
  }

  /** Floats per item vector. */
  public int dimension() {
    return dimension;
  }

  /** Whether item {@code i} has a vector. */
  public boolean hasVector(int item) {
    return present.get(item);
  }

  /**
   * Cosine similarity of the vectors of items {@code a} and {@code b}; 0 when either has none.
   * Used by diversity reranking ({@link dev.tandem.core.rerank.Mmr}).
   */
  public float similarity(int a, int b) {
    if (!present.get(a) || !present.get(b)) {
      return 0f;
    }
    int oa = a * dimension;
    int ob = b * dimension;
    float s = 0;
    for (int k = 0; k < dimension; k++) {
      s += vectors[oa + k] * vectors[ob + k];
    }
    return s;
  }

  /**
   * The history items behind {@code item}'s score: each history entry {@code e} whose item has a
   * vector has the coefficient {@code c_e} it gets in the user vector (feedback weight, time decay;
   * see the class docs) and the term {@code c_e·cos(v_e, v_item)}, summed per item; the history part
   * of the score is their sum over the total weight. The profile's part is not a history item and is
   * left out.
   */
  @Override
  public List<Because> because(History history, int item, int max) {
    Shares.check(item, numItems, max);
    if (!present.get(item)) {
      return List.of();
    }
    Map<Integer, Double> byItem = new TreeMap<>();
    Weighted w = weighted(history);
    for (int k = 0; k < w.items().length; k++) {
      byItem.merge(w.items()[k], w.weights()[k] * similarity(w.items()[k], item), Double::sum);
    }
    int[] items = new int[byItem.size()];
    double[] terms = new double[byItem.size()];
    int k = 0;
    for (Map.Entry<Integer, Double> en : byItem.entrySet()) {
      items[k] = en.getKey();
      terms[k++] = en.getValue();
    }
    return Shares.top(items, terms, max);
  }

  /**
   * The profile's part of {@code item}'s score: with {@code α} the profile's weight in the user
   * vector (1 without history items), {@code p = α·cos(p̂, v_item)} against the history part
   * {@code h = score − p}, the share {@code max(p, 0) / (max(p, 0) + max(h, 0))} (0 when both are
   * at most 0, or without a profile vector).
   */
  @Override
  public double profileShare(History history, int item) {
    Shares.check(item, numItems, 1);
    Profile profile = history.profile();
    if (!profile.hasVector() || profile.dimension() != dimension || !present.get(item)) {
      return 0;
    }
    double norm = 0;
    double dot = 0;
    for (int k = 0; k < dimension; k++) {
      norm += (double) profile.vector(k) * profile.vector(k);
      dot += (double) profile.vector(k) * vectors[item * dimension + k];
    }
    if (norm == 0) {
      return 0;
    }
    double total = historyVector(history, new double[dimension]);
    double a = total > 0 ? params.profileWeight() : 1;
    double p = a * dot / Math.sqrt(norm);
    double h = dot(userVector(history), item * dimension) - p;
    double pp = Math.max(p, 0);
    double hp = Math.max(h, 0);
    return pp + hp == 0 ? 0 : pp / (pp + hp);
  }

  /**
   * The user vector of {@code history} (zero when neither an entry's item nor the profile has a
   * vector); see the class docs.
   *
   * @throws IllegalArgumentException if the profile vector's dimension differs from the items'
   */
  public float[] userVector(History history) {
    double[] u = new double[dimension];
    double total = historyVector(history, u);
    Profile profile = history.profile();
    float[] out = new float[dimension];
    if (profile.hasVector()) {
      if (profile.dimension() != dimension) {
        throw new IllegalArgumentException("profile vector dimension (" + profile.dimension()
            + ") must equal the item vectors' dimension (" + dimension + "): embed it with the model that embedded the items");
      }
      double norm = 0;
      for (int k = 0; k < dimension; k++) {
        norm += (double) profile.vector(k) * profile.vector(k);
      }
      if (norm > 0) {
        double a = total > 0 ? params.profileWeight() : 1;
        double inv = a / Math.sqrt(norm);
        double h = total > 0 ? (1 - a) / total : 0;
        for (int k = 0; k < dimension; k++) {
          out[k] = (float) (h * u[k] + inv * profile.vector(k));
        }
        return out;
      }
    }
    if (total > 0) {
      for (int k = 0; k < dimension; k++) {
        out[k] = (float) (u[k] / total);
      }
    }
    return out;
  }

  /** Adds the history's weighted item vectors into {@code u}; returns the total absolute weight. */
  private double historyVector(History history, double[] u) {
    double total = 0;
    Weighted w = weighted(history);
    for (int k = 0; k < w.items().length; k++) {
      add(u, w.items()[k], w.weights()[k]);
      total += Math.abs(w.weights()[k]);
    }
    return total;
  }

  /** The history's items that count, each with its weight in the user vector (an item may repeat). */
  private record Weighted(int[] items, double[] weights) { }

  /**
   * The history's items with vectors and their weights: each positive item once with weight 1 when
   * neither feedback weights nor time decay are used; else each event, weighted by its feedback
   * weight (or its sign) times the half-life decay from the newest event, negative events only
   * with {@code negative}.
   */
  private Weighted weighted(History history) {
    if (!params.useWeights() && params.halfLifeDays() == 0) {
      int[] pos = history.positives(numItems).items();
      int n = 0;
      int[] items = new int[pos.length];
      for (int item : pos) {
        if (present.get(item)) {
          items[n++] = item;
        }
      }
      double[] ones = new double[n];
      Arrays.fill(ones, 1);
      return new Weighted(Arrays.copyOf(items, n), ones);
    }
    long newest = Long.MIN_VALUE;
    for (int e = 0; e < history.size(); e++) {
      newest = Math.max(newest, history.timestamps(e));
    }
    double perSecond = params.halfLifeDays() == 0 ? 0 : Math.log(2) / (params.halfLifeDays() * 86_400.0);
    int[] items = new int[history.size()];
    double[] weights = new double[history.size()];
    int n = 0;
    for (int e = 0; e < history.size(); e++) {
      int item = history.items(e);
      if (item < 0 || item >= numItems || !present.get(item)) {
        continue;
      }
      double w = params.useWeights() ? history.weights(e) : Math.signum(history.weights(e));
      if (w < 0 && !params.negative()) {
        continue;
      }
      items[n] = item;
      weights[n++] = w * (perSecond == 0 ? 1 : Math.exp(-perSecond * (newest - history.timestamps(e))));
    }
    return new Weighted(Arrays.copyOf(items, n), Arrays.copyOf(weights, n));
  }

  private void add(double[] u, int item, double c) {
    int off = item * dimension;
    for (int k = 0; k < dimension; k++) {
      u[k] += c * vectors[off + k];
    }
  }

  @Override
  public void score(History history, float[] out) {
    Model.checkOut(out, numItems);
    scoreAgainst(userVector(history), out);
  }

  private void scoreAgainst(float[] q, float[] out) {
    int d = dimension;
    for (int i = present.nextSetBit(0); i >= 0; i = present.nextSetBit(i + 1)) {
      out[i] = dot(q, i * d);
    }
  }

  /**
   * The best items for {@code history}: exact, or from the HNSW graph when this model has one (see
   * the class docs); scores are exact either way.
   */
  @Override
  public ScoredItems recommend(History history, Request request, float[] scratch) {
    if (graph == null) {
      return Model.super.recommend(history, request, scratch);
    }
    float[] q = userVector(history);
    double norm = 0;
    for (float x : q) {
      norm += (double) x * x;
    }
    if (!(norm > 0)) {
      return Model.super.recommend(history, request, scratch);
    }
    float[] unit = new float[dimension];
    for (int k = 0; k < dimension; k++) {
      unit[k] = (float) (q[k] / Math.sqrt(norm));
    }
    BitSet seen = new BitSet(numItems);
    if (request.excludeSeen()) {
      for (int e = 0; e < history.size(); e++) {
        if (history.items(e) < numItems) {
          seen.set(history.items(e));
        }
      }
    }
    ItemFilter filter = request.filter();
    int accepted = 0;
    for (int o = 0; o < graphItems.length; o++) {
      int item = graphItems[o];
      if (!seen.get(item) && filter.accept(item)) {
        accepted++;
      }
    }
    int n = request.n();
    if (accepted < n) {
      return Model.super.recommend(history, request, scratch);
    }
    int[] found = graph.search(unit, Math.max(n, params.efSearch()), accepted,
        o -> !seen.get(graphItems[o]) && filter.accept(graphItems[o]));
    if (found == null || found.length < n) {
      return Model.super.recommend(history, request, scratch);
    }
    // exact scores of the candidates, best first, equal scores smaller item first (insertion sort: ef is small)
    int c = found.length;
    int[] items = new int[c];
    float[] scores = new float[c];
    for (int k = 0; k < c; k++) {
      int item = graphItems[found[k]];
      float s = dot(q, item * dimension);
      int j = k;
      while (j > 0 && (scores[j - 1] < s || (scores[j - 1] == s && items[j - 1] > item))) {
        items[j] = items[j - 1];
        scores[j] = scores[j - 1];
        j--;
      }
      items[j] = item;
      scores[j] = s;
    }
    return new ScoredItems(Arrays.copyOf(items, n), Arrays.copyOf(scores, n));
  }

  /**
   * Scores each item of {@code items} by the dot product of the history's user vector (the one
   * {@link #score} uses, profile included) with the item's normalised vector, summed in the same
   * order as {@link #score}: a new item with a trained item's vector scores exactly as that item.
   * Items without a vector score 0.
   *
   * @throws IllegalArgumentException if {@code out} is too short or the dimensions differ
   */
  @Override
  public void scoreContent(History history, ItemContentBatch items, float[] out) {
    items.check(dimension, out);
    if (items.size() == 0) {
      return;
    }
    float[] q = userVector(history);
    float[] v = items.vectorData();
    for (int k = 0; k < items.size(); k++) {
      out[k] = items.hasVector(k) ? dot(q, v, k * dimension, dimension) : 0f;
    }
  }

  /** The dot product of {@code q} with the vector at {@code off}, summed as {@link #score} does. */
  private float dot(float[] q, int off) {
    return dot(q, vectors, off, dimension);
  }

  /** The dot product of {@code q} with {@code vectors[off, off + d)}, four partial sums. */
  private static float dot(float[] q, float[] vectors, int off, int d) {
    int d4 = d & ~3;
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int k = 0;
    for (; k < d4; k += 4) {
      s0 += q[k] * vectors[off + k];
      s1 += q[k + 1] * vectors[off + k + 1];
      s2 += q[k + 2] * vectors[off + k + 2];
      s3 += q[k + 3] * vectors[off + k + 3];
    }
    for (; k < d; k++) {
      s0 += q[k] * vectors[off + k];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * Items by cosine similarity of their vectors to {@code item}'s, the item itself excluded. An
   * item without a vector has no similar items by content: every score is 0.
   */
  @Override
  public ScoredItems similar(int item, int n, ItemFilter filter) {
    if (item < 0 || item >= numItems) {
      throw new IllegalArgumentException("item (" + item + ") must be in [0, " + numItems + ")");
    }
    float[] scores = new float[numItems];
    if (present.get(item)) {
      float[] q = Arrays.copyOfRange(vectors, item * dimension, (item + 1) * dimension);
      scoreAgainst(q, scores);
    }
    scores[item] = Float.NEGATIVE_INFINITY;
    return TopK.select(scores, numItems, n, filter);
  }

  /** {@code half_life_days}: see {@link Params#halfLifeDays}. */
  public static final Param<Double> HALF_LIFE_DAYS = Param.decimal("half_life_days", 0, 0, true, Double.MAX_VALUE,
      "Half-life of a history entry's weight in days, measured back from the newest entry; 0 = no decay.");
  /** {@code use_weights}: see {@link Params#useWeights}. */
  public static final Param<Boolean> USE_WEIGHTS = Param.bool("use_weights", true,
      "true weighs each entry by its feedback weight; false takes the plain mean of distinct positives.");
  /** {@code negative}: see {@link Params#negative}. */
  public static final Param<Boolean> NEGATIVE = Param.bool("negative", false,
      "true lets negative feedback push the user vector away from the item; false ignores it.");
  /** {@code profile_weight}: see {@link Params#profileWeight}. */
  public static final Param<Double> PROFILE_WEIGHT = Param.decimal("profile_weight", Params.PROFILE_WEIGHT, 0, true,
      1, "Share of the profile text's embedding (`recommend --profile`) in the user vector when the user also has"
          + " history; a user with a profile and no history is scored from the profile alone.");
  /** {@code search}: see {@link Params#search}. */
  public static final Param<String> SEARCH = Param.choice("search", "auto", List.of("auto", "exact", "hnsw"),
      "How `recommend` finds the best items: \"exact\" scores every item; \"hnsw\" searches an HNSW graph (built at"
          + " train time, stored in the snapshot; approximate, much faster on large catalogues); \"auto\" uses hnsw"
          + " from 20,000 items with a vector. Evaluation scores are always exact.");
  /** {@code hnsw_m}: see {@link Params#hnswM}. */
  public static final Param<Integer> HNSW_M = Param.integer("hnsw_m", 16, 2, 512,
      "Graph neighbours per node (twice as many on the bottom level): more is better recall, more memory and a"
          + " slower build.");
  /** {@code hnsw_beam_width}: see {@link Params#hnswBeamWidth}. */
  public static final Param<Integer> HNSW_BEAM_WIDTH = Param.integer("hnsw_beam_width", 100, 1, 3200,
      "Candidates considered while building the graph: a better graph, slower build.");
  /** {@code ef_search}: see {@link Params#efSearch}. */
  public static final Param<Integer> EF_SEARCH = Param.integer("ef_search", 100, 1, 10_000,
      "Candidates kept while searching (at least the number asked for): higher recall, slower queries.");
  /** The declared parameters. */
  public static final ParamSet PARAMETERS = ParamSet.of(NAME, HALF_LIFE_DAYS, USE_WEIGHTS, NEGATIVE, PROFILE_WEIGHT,
      SEARCH, HNSW_M, HNSW_BEAM_WIDTH, EF_SEARCH);

  /** Registration of {@link Semantic} with {@link dev.tandem.core.model.ModelTypes}. */
  public static final class Type implements ModelType<Semantic, Params> {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "content-based recall: history mean of item embeddings, scored by dot product";
    }

    @Override
    public ParamSet parameters() {
      return PARAMETERS;
    }

    @Override
    public Params bind(ParamValues v) {
      return new Params(v.get(HALF_LIFE_DAYS), v.get(USE_WEIGHTS), v.get(NEGATIVE), v.get(PROFILE_WEIGHT),
          Search.valueOf(v.get(SEARCH).toUpperCase(Locale.ROOT)), v.get(HNSW_M), v.get(HNSW_BEAM_WIDTH),
          v.get(EF_SEARCH));
    }

    @Override
    public dev.tandem.core.model.Trainer<Semantic> trainer(Params params) {
      return new Trainer(params);
    }

    /** The trainer reads {@link Interactions#itemVectors()}. */
    @Override
    public Set<ItemContent> needs(Params params) {
      return Set.of(ItemContent.VECTORS);
    }

    @Override
    public Class<Semantic> modelClass() {
      return Semantic.class;
    }

    @Override
    public void write(Semantic model, SnapshotOutput out) throws IOException {
      out.writeDouble(model.params.halfLifeDays());
      out.writeInt(model.params.useWeights() ? 1 : 0);
      out.writeInt(model.params.negative() ? 1 : 0);
      out.writeInt(model.numItems);
      out.writeInt(model.dimension);
      out.writeLongs(model.present.toLongArray());
      out.writeFloats(model.vectors);
      // appended in layout 2; older snapshots end here
      out.writeDouble(model.params.profileWeight());
      out.writeInt(model.params.search().ordinal());
      out.writeInt(model.params.hnswM());
      out.writeInt(model.params.hnswBeamWidth());
      out.writeInt(model.params.efSearch());
      out.writeInt(model.graph == null ? 0 : 1);
      if (model.graph != null) {
        out.writeInts(model.graphItems);
        model.graph.write(out);
      }
    }

    @Override
    public Semantic read(SnapshotInput in) throws IOException {
      double halfLife = in.readDouble();
      boolean useWeights = in.readInt() != 0;
      boolean negative = in.readInt() != 0;
      int m = in.readInt();
      int d = in.readInt();
      BitSet present = BitSet.valueOf(in.readLongs());
      float[] v = in.readFloats();
      if ((long) m * d != v.length) {
        throw new IOException("semantic snapshot: vectors length (" + v.length + ") must equal items (" + m
            + ") * dimension (" + d + ")");
      }
      if (!in.hasMore()) { // layout 1
        return new Semantic(new Params(halfLife, useWeights, negative), m, d, v, present, null, null);
      }
      double profileWeight = in.readDouble();
      int search = in.readInt();
      if (search < 0 || search >= Search.values().length) {
        throw new IOException("semantic snapshot: search ordinal (" + search + ") is unknown");
      }
      Params p = new Params(halfLife, useWeights, negative, profileWeight, Search.values()[search], in.readInt(),
          in.readInt(), in.readInt());
      if (in.readInt() == 0) {
        return new Semantic(p, m, d, v, present, null, null);
      }
      int[] items = in.readInts();
      HnswIndex graph = HnswIndex.read(in, graphVectors(v, d, items));
      return new Semantic(p, m, d, v, present, graph, items);

    }
  }
}
