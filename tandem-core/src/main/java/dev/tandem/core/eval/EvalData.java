package dev.tandem.core.eval;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import dev.tandem.core.data.ItemTexts;
import dev.tandem.core.data.ItemVectors;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.floats.FloatArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A split indexed for evaluation, exactly as refrec.py indexes it: items are the training items
 * together with the cold items, in ascending string order; test users are the users of the target
 * rows, in ascending string order; history and target rows on items outside the index are ignored;
 * duplicate (user, item) training rows collapse to one positive of weight 1.
 *
 * <p>For splits with ratings, ranking uses the positives ({@code min_rating} of meta.json, default
 * 4): training positives, history weights 1 for positives and 0 (seen, not liked) otherwise, and
 * targets rated at least {@code min_rating}; rating models fit on {@link #ratings()} and predict
 * every target row. Immutable and thread-safe.
 */
public final class EvalData {
  private final SplitData split;
  private final IdIndex items;
  private final Interactions train;
  private final Interactions ratings;
  private final List<String> testUsers;
  private final History[] histories;
  private final History[] ratingHistories;
  private final int[][] targets;
  private final int[][] ratedItems;
  private final double[][] ratedValues;
  private final BitSet rankable;
  private final int[] popularity;
  private final int[][] categories;
  private final boolean hasCategories;
  private final int historyRows;
  private final int targetRows;

  private EvalData(EvalData o, int[][] categories, boolean hasCategories) {
    this(o, o.train, o.ratings, categories, hasCategories);
  }

  private EvalData(EvalData o, Interactions train, Interactions ratings, int[][] categories, boolean hasCategories) {
    this.split = o.split;
    this.items = o.items;
    this.train = train;
    this.ratings = ratings;
    this.testUsers = o.testUsers;
    this.histories = o.histories;
    this.ratingHistories = o.ratingHistories;
    this.targets = o.targets;
    this.ratedItems = o.ratedItems;
    this.ratedValues = o.ratedValues;
    this.rankable = o.rankable;
    this.popularity = o.popularity;
    this.historyRows = o.historyRows;
    this.targetRows = o.targetRows;
    this.categories = categories;
    this.hasCategories = hasCategories;
  }

  private EvalData(SplitData split) {
    this.split = split;
    double minRating = split.rated() ? split.metaNumber("min_rating", 4.0) : Double.NEGATIVE_INFINITY;
    TreeSet<String> ids = new TreeSet<>();
    Pairs tr = split.train();
    for (int i = 0; i < tr.size(); i++) {
      ids.add(tr.item(i));
    }
    ids.addAll(split.coldItems());
    this.items = IdIndex.of(ids);
    this.train = build(tr, items, minRating, false);
    this.ratings = split.rated() ? build(tr, items, Double.NEGATIVE_INFINITY, true) : train;
    Pairs g = split.target();
    TreeSet<String> users = new TreeSet<>();
    for (int i = 0; i < g.size(); i++) {
      users.add(g.user(i));
    }
    this.testUsers = List.copyOf(users);
    IdIndex userIndex = IdIndex.of(users);
    int u = userIndex.size();
    IntArrayList[] hi = new IntArrayList[u];
    FloatArrayList[] hw = new FloatArrayList[u];
    FloatArrayList[] hr = new FloatArrayList[u];
    Pairs h = split.history();
    int hRows = 0;
    for (int i = 0; i < h.size(); i++) {
      int user = userIndex.indexOf(h.user(i));
      int item = items.indexOf(h.item(i));
      if (user < 0 || item < 0) {
        continue;
      }
      if (hi[user] == null) {
        hi[user] = new IntArrayList();
        hw[user] = new FloatArrayList();
        hr[user] = new FloatArrayList();
      }
      hi[user].add(item);
      hw[user].add(h.rating(i) >= minRating ? 1f : 0f);
      hr[user].add((float) h.rating(i));
      hRows++;
    }
    this.historyRows = hRows;
    histories = new History[u];
    ratingHistories = new History[u];
    for (int k = 0; k < u; k++) {
      if (hi[k] == null) {
        histories[k] = History.EMPTY;
        ratingHistories[k] = History.EMPTY;
      } else {
        int[] its = hi[k].toIntArray();
        histories[k] = new History(its, hw[k].toFloatArray(), new long[its.length]);
        ratingHistories[k] = new History(its, hr[k].toFloatArray(), new long[its.length]);
      }
    }
    BitSet[] tg = new BitSet[u];
    IntArrayList[] ri = new IntArrayList[u];
    DoubleArrayList[] rv = new DoubleArrayList[u];
    int tRows = 0;
    for (int i = 0; i < g.size(); i++) {
      int user = userIndex.indexOf(g.user(i));
      int item = items.indexOf(g.item(i));
      if (item < 0) {
        continue;
      }
      tRows++;
      if (g.rating(i) >= minRating) {
        (tg[user] == null ? tg[user] = new BitSet() : tg[user]).set(item);
      }
      if (split.rated()) {
        if (ri[user] == null) {
          ri[user] = new IntArrayList();
          rv[user] = new DoubleArrayList();
        }
        ri[user].add(item);
        rv[user].add(g.rating(i));
      }
    }
    this.targetRows = tRows;
    targets = new int[u][];
    ratedItems = new int[u][];
    ratedValues = new double[u][];
    for (int k = 0; k < u; k++) {
      targets[k] = tg[k] == null ? new int[0] : tg[k].stream().toArray();
      ratedItems[k] = ri[k] == null ? new int[0] : ri[k].toIntArray();
      ratedValues[k] = rv[k] == null ? new double[0] : rv[k].toDoubleArray();
    }
    this.rankable = new BitSet(items.size());
    if (split.hasColdItems()) {
      for (String c : split.coldItems()) {
        rankable.set(items.indexOf(c));
      }
    } else {
      rankable.set(0, items.size());
    }
    this.popularity = new int[items.size()];
    for (int c : train.userItem().colIdx()) {
      popularity[c]++;
    }
    this.categories = new int[items.size()][];
    Arrays.fill(categories, new int[0]);
    this.hasCategories = false;
  }

  /** Indexes {@code split}. */
  public static EvalData of(SplitData split) {
    return new EvalData(split);
  }

  /**
   * This data with item categories (or tags) for intra-list diversity: {@code labels} maps item
   * ids to their labels; items not in the map have none. When no indexed item has a label,
   * intra-list diversity is not reported.
   */
  public EvalData withCategories(Map<String, ? extends Collection<String>> labels) {
    TreeMap<String, Integer> ids = new TreeMap<>();
    for (Collection<String> c : labels.values()) {
      for (String s : c) {
        ids.putIfAbsent(s, 0);
      }
    }
    int next = 0;
    for (var e : ids.entrySet()) {
      e.setValue(next++);
    }
    int[][] cats = new int[items.size()][];
    boolean any = false;
    for (int i = 0; i < cats.length; i++) {
      Collection<String> c = labels.get(items.id(i));
      if (c == null || c.isEmpty()) {
        cats[i] = new int[0];
        continue;
      }
      Set<Integer> set = new HashSet<>();
      for (String s : c) {
        set.add(ids.get(s));
      }
      cats[i] = set.stream().mapToInt(Integer::intValue).sorted().toArray();
      any = true;
    }
    return new EvalData(this, cats, any);
  }

  /**
   * This data with item vectors attached to {@link #train()} (and {@link #ratings()}), for models
   * whose type {@linkplain dev.tandem.core.model.ModelType#needs needs them}; the
   * evaluator fits on {@link #train()}, so they reach the trainer.
   *
   * @param vectors vectors whose index equals {@link #items()}
   * @throws IllegalArgumentException if {@code vectors.index()} is not {@link #items()}
   */
  public EvalData withItemVectors(ItemVectors vectors) {
    Interactions t = train.withItemVectors(vectors);
    Interactions r = ratings == train ? t : ratings.withItemVectors(vectors);
    return new EvalData(this, t, r, categories, hasCategories);
  }

  /**
   * This data with item documents attached to {@link #train()} (and {@link #ratings()}), for
   * models whose type {@linkplain dev.tandem.core.model.ModelType#needs needs them}.
   *
   * @param texts texts whose index equals {@link #items()}
   * @throws IllegalArgumentException if {@code texts.index()} is not {@link #items()}
   */
  public EvalData withItemTexts(ItemTexts texts) {
    Interactions t = train.withItemTexts(texts);
    Interactions r = ratings == train ? t : ratings.withItemTexts(texts);
    return new EvalData(this, t, r, categories, hasCategories);
  }

  private static Interactions build(Pairs rows, IdIndex items, double minRating, boolean values) {
    TreeSet<String> ids = new TreeSet<>();
    for (int i = 0; i < rows.size(); i++) {
      if (rows.rating(i) >= minRating) {
        ids.add(rows.user(i));
      }
    }
    IdIndex users = IdIndex.of(ids);
    int n = items.size();
    // one entry per (user, item): the last row wins
    int m = 0;
    for (int i = 0; i < rows.size(); i++) {
      if (rows.rating(i) >= minRating) {
        m++;
      }
    }
    int[] rowOf = new int[m];
    long[] packed = new long[m];
    m = 0;
    for (int i = 0; i < rows.size(); i++) {
      if (rows.rating(i) >= minRating) {
        packed[m] = (long) users.indexOf(rows.user(i)) * n + items.indexOf(rows.item(i));
        rowOf[m] = i;
        m++;
      }
    }
    int[] order = new int[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    long[] p = packed;
    it.unimi.dsi.fastutil.ints.IntArrays.mergeSort(order, (a, b) -> Long.compare(p[a], p[b]));
    InteractionsBuilder b = Interactions.builder(items);
    for (int k = 0; k < m; k++) {
      if (k + 1 < m && p[order[k + 1]] == p[order[k]]) {
        continue; // a later row of the same pair follows
      }
      int row = rowOf[order[k]];
      b.add(rows.user(row), (int) (p[order[k]] % n), values ? (float) rows.rating(row) : 1f, 0L);
    }
    return b.build();
  }

  /** The split this was built from. */
  public SplitData split() {
    return split;
  }

  /** Items: training items and cold items, ascending string order. */
  public IdIndex items() {
    return items;
  }

  /** Training positives, one per (user, item), weight 1. Test users of holdout-users are absent. */
  public Interactions train() {
    return train;
  }

  /** Training ratings (values = ratings) for rated splits; {@link #train()} otherwise. */
  public Interactions ratings() {
    return ratings;
  }

  /** Test users (users of the target rows), ascending. */
  public List<String> testUsers() {
    return testUsers;
  }

  /** Number of test users. */
  public int numTestUsers() {
    return testUsers.size();
  }

  /** Fold-in history of test user {@code u} (known items, file order; weight 1 per positive, 0 otherwise). */
  public History history(int u) {
    return histories[u];
  }

  /** Rating history of test user {@code u} (weights are the rating values; = history for unrated splits). */
  public History ratingHistory(int u) {
    return ratingHistories[u];
  }

  /** Distinct known target items of user {@code u} (positives only), ascending. Shared: do not modify. */
  int[] targetsOf(int u) {
    return targets[u];
  }

  /** Target items of user {@code u} as a copy. */
  public int[] targets(int u) {
    return targets[u].clone();
  }

  int[] ratedItemsOf(int u) {
    return ratedItems[u];
  }

  double[] ratedValuesOf(int u) {
    return ratedValues[u];
  }

  /** Whether the split has explicit ratings. */
  public boolean rated() {
    return split.rated();
  }

  /** Items that may be ranked: the cold items for cold-items, else all. A copy. */
  public BitSet rankable() {
    return (BitSet) rankable.clone();
  }

  boolean isRankable(int item) {
    return rankable.get(item);
  }

  int numRankable() {
    return rankable.cardinality();
  }

  /** Number of training users with item {@code i} (its popularity for novelty). */
  public int popularity(int i) {
    return popularity[i];
  }

  int[] categoriesOf(int i) {
    return categories[i];
  }

  /** Whether item categories were given (intra-list diversity is reported). */
  public boolean hasCategories() {
    return hasCategories;
  }

  /** History rows on known items. */
  public int historyRows() {
    return historyRows;
  }

  /** Target rows on known items. */
  public int targetRows() {
    return targetRows;
  }

  /** Split statistics for reports. */
  public SplitStats stats() {
    int withTargets = 0;
    for (int[] t : targets) {
      if (t.length > 0) {
        withTargets++;
      }
    }
    return new SplitStats(split.protocol(), split.seed(), train.numUsers(), items.size(), train.nnz(),
        testUsers.size(), withTargets, split.history().size(), historyRows, split.target().size(), targetRows,
        split.coldItems().size(), split.rated());
  }
}
