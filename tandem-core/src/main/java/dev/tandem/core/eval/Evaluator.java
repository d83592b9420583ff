package dev.tandem.core.eval;

import dev.tandem.core.data.History;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.kernel.Parallel;
import dev.tandem.core.kernel.TopK;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import dev.tandem.core.rating.RatingHistory;
import dev.tandem.core.rating.RatingModel;
import dev.tandem.core.model.ScoredItems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Evaluates models on an {@link EvalData} split with full ranking, the one way Tandem measures
 * accuracy (the same definitions as refrec.py, whose numbers it reproduces).
 *
 * <p>For every test user with at least one target on a known item, the model scores every item
 * from the user's fold-in history through {@link Model#score(History, float[])} (models never see
 * a user id, and in {@code holdout-users} never saw the test users in training). Items in the
 * history are excluded, and in {@code cold-items} only the cold items are ranked. Equal scores
 * rank the smaller item index (the smaller id in string order) first. Users are scored in
 * parallel on {@link Parallel}; each user's values land in its own row, so results do not depend
 * on the thread count.
 *
 * <p>Reported metrics (see {@link Metrics} for the definitions), for every cut-off K:
 * {@code recall@K}, {@code recall_plain@K}, {@code precision@K}, {@code ndcg@K}, {@code map@K},
 * {@code hr@K}, {@code f1@K}, {@code mrr@K}; then {@code mrr} and {@code auc} over the full
 * ranking; then, per K, beyond accuracy: {@code coverage@K} (share of rankable items in at least
 * one top-K list), {@code gini@K} (Gini of the items' top-K exposure counts over all rankable
 * items), {@code novelty@K} (mean self-information −log2(pop_i / #training users) of the listed
 * items, pop_i the item's training users, at least 1), {@code avg_popularity@K} (mean pop_i of listed
 * items), and {@code ild@K} (mean over pairs of listed items of 1 − Jaccard of their category
 * sets; only when categories were given); for {@link RatingModel}s on rated splits
 * {@code rmse} and {@code mae} over every target rating on a known item.
 *
 * <p>Cost: fit wall time, scoring wall time (scoring plus metrics), and the peak extra Java heap
 * during fit: a full GC before the fit, then the heap in use sampled every millisecond, peak
 * minus the pre-fit level (off-heap memory such as native BLAS buffers not included).
 *
 * <p>Thread-safe; an instance holds only its options.
 *
 * {@snippet :
 * EvalData data = EvalData.of(SplitFolder.read(Path.of("split")));
 * Evaluator ev = new Evaluator(EvalOptions.defaults());
 * ModelResult ease = ev.evaluate("ease", Map.of("lambda", "500"),
 *     train -> new Ease.Trainer(Ease.Params.defaults()).fit(train), false, data);
 * double recall20 = ease.metric("recall@20");
 * }
 */
public final class Evaluator {
  private static final int PER_K = 8;
  private static final String[] RANK_NAMES = {"recall", "recall_plain", "precision", "ndcg", "map", "hr", "f1", "mrr"};
  private final EvalOptions options;

  /** An evaluator with {@code options}. */
  public Evaluator(EvalOptions options) {
    this.options = options;
  }

  /** The options. */
  public EvalOptions options() {
    return options;
  }

  /**
   * Fits a model with {@code fit} and evaluates it.
   *
   * @param name the model's name in the report
   * @param params its effective parameters, for the report
   * @param fit trains on the interactions given; must return a {@link Model}, a
   *     {@link RatingModel} or both
   * @param fitOnRatings whether {@code fit} receives {@link EvalData#ratings()} (rating values)
   *     instead of {@link EvalData#train()} (binary positives)
   * @throws IllegalArgumentException if {@code fit} returns neither kind of model
   */
  public ModelResult evaluate(String name, Map<String, String> params, Function<Interactions, ?> fit,
      boolean fitOnRatings, EvalData data) {
    Interactions train = fitOnRatings ? data.ratings() : data.train();
    options.progress().update("fit " + name, 0, 1);
    Object model;
    long peak;
    long t0 = System.nanoTime();
    try (PeakHeap probe = PeakHeap.start()) {
      t0 = System.nanoTime();
      model = fit.apply(train);
      peak = probe.stop();
    }
    double fitSeconds = (System.nanoTime() - t0) / 1e9;
    options.progress().update("fit " + name, 1, 1);
    return score(name, params, model, data, fitSeconds, peak);
  }

  /**
   * Evaluates a fitted model.
   *
   * @param model a {@link Model}, a {@link RatingModel} or both
   * @param fitSeconds reported as is
   * @param peakMemoryBytes reported as is
   * @throws IllegalArgumentException if {@code model} is neither kind, or a {@link Model} ranks
   *     fewer items than the split indexes
   */
  public ModelResult score(String name, Map<String, String> params, Object model, EvalData data, double fitSeconds,
      long peakMemoryBytes) {
    Model ranker = model instanceof Model m ? m : null;
    RatingModel rater = model instanceof RatingModel r && data.rated() ? r : null;
    if (ranker == null && !(model instanceof RatingModel)) {
      throw new IllegalArgumentException("model (" + name + ") must implement Model or RatingModel, but is "
          + (model == null ? "null" : model.getClass().getName()));
    }
    if (ranker != null && ranker.numItems() < data.items().size()) {
      throw new IllegalArgumentException("model (" + name + ") ranks " + ranker.numItems() + " items but the split indexes "
          + data.items().size() + "; fit it on EvalData.train()");
    }
    List<Integer> ks = options.ks();
    int nk = ks.size();
    boolean ild = data.hasCategories();
    List<String> names = new ArrayList<>();
    if (ranker != null) {
      for (int k : ks) {
        for (String r : RANK_NAMES) {
          names.add(r + "@" + k);
        }
      }
      names.add("mrr");
      names.add("auc");
      for (int k : ks) {
        names.add("novelty@" + k);
        names.add("avg_popularity@" + k);
        if (ild) {
          names.add("ild@" + k);
        }
      }
    }
    int rmseCol = -1;
    if (rater != null) {
      rmseCol = names.size();
      names.add("rmse");
      names.add("mae");
    }
    boolean[] sqrt = new boolean[names.size()];
    if (rmseCol >= 0) {
      sqrt[rmseCol] = true;
    }
    int users = data.numTestUsers();
    MetricTable table = new MetricTable(names, sqrt, users);
    int[][] tops = new int[users][];
    int n = data.items().size();
    int kmax = options.maxK();
    int threads = Parallel.threads();
    float[][] scratch = new float[threads][];
    AtomicInteger done = new AtomicInteger();
    int baseBeyond = nk * PER_K + 2;
    int perBeyond = ild ? 3 : 2;
    double trainUsers = Math.max(1, data.train().numUsers());
    int rmse = rmseCol;
    String phase = "score " + name;
    options.progress().update(phase, 0, users);
    Thread caller = Thread.currentThread();
    long t0 = System.nanoTime();
    Parallel.forEach(users, (w, u) -> {
      if (ranker != null && data.targetsOf(u).length > 0) {
        float[] s = scratch[w];
        if (s == null) {
          s = new float[Math.max(n, ranker.numItems())];
          scratch[w] = s;
        }
        tops[u] = rankUser(ranker, data, u, s, n, kmax, ks, table, baseBeyond, perBeyond, ild, trainUsers);
      }
      if (rater != null) {
        rateUser(rater, data, u, table, rmse, name);
      }
      int d = done.incrementAndGet();
      if (Thread.currentThread() == caller) {
        options.progress().update(phase, d, users);
      }
    });
    options.progress().update(phase, users, users);
    double scoreSeconds = (System.nanoTime() - t0) / 1e9;
    // aggregate, in report order
    double[][] ci = Bootstrap.ci95(table, options.bootstrapResamples(), options.seed());
    Map<String, Double> metrics = new LinkedHashMap<>();
    Map<String, ModelResult.Interval> intervals = new LinkedHashMap<>();
    int evaluated = 0;
    for (int[] t : tops) {
      if (t != null) {
        evaluated++;
      }
    }
    for (int c = 0; c < names.size(); c++) {
      if (ranker != null && c == baseBeyond) {
        addBeyond(metrics, intervals, table, ci, tops, data, ks, baseBeyond, perBeyond, ild);
        c = baseBeyond + nk * perBeyond - 1;
        continue;
      }
      put(metrics, intervals, table, ci, c);
    }
    return new ModelResult(name, params, metrics, intervals, fitSeconds, scoreSeconds, peakMemoryBytes, evaluated,
        table);
  }

  private static void put(Map<String, Double> metrics, Map<String, ModelResult.Interval> intervals, MetricTable t,
      double[][] ci, int c) {
    double v = t.value(c);
    if (Double.isNaN(v)) {
      return;
    }
    String name = t.names().get(c);
    metrics.put(name, v);
    intervals.put(name, new ModelResult.Interval(ci[c][0], ci[c][1]));
  }

  private static void addBeyond(Map<String, Double> metrics, Map<String, ModelResult.Interval> intervals,
      MetricTable t, double[][] ci, int[][] tops, EvalData data, List<Integer> ks, int base, int per, boolean ild) {
    int n = data.items().size();
    int rankable = data.numRankable();
    for (int ki = 0; ki < ks.size(); ki++) {
      int k = ks.get(ki);
      long[] exposure = new long[n];
      for (int[] top : tops) {
        if (top != null) {
          for (int r = 0, end = Math.min(k, top.length); r < end; r++) {
            exposure[top[r]]++;
          }
        }
      }
      long[] counts = new long[rankable];
      int covered = 0;
      int m = 0;
      for (int i = 0; i < n; i++) {
        if (data.isRankable(i)) {
          counts[m++] = exposure[i];
          covered += exposure[i] > 0 ? 1 : 0;
        }
      }
      metrics.put("coverage@" + k, rankable == 0 ? 0 : (double) covered / rankable);
      metrics.put("gini@" + k, Metrics.gini(counts));
      for (int j = 0; j < per; j++) {
        put(metrics, intervals, t, ci, base + ki * per + j);
      }
    }
  }

  private static int[] rankUser(Model model, EvalData data, int u, float[] s, int n, int kmax, List<Integer> ks,
      MetricTable table, int baseBeyond, int perBeyond, boolean ild, double trainUsers) {
    History h = data.history(u);
    model.score(h, s);
    for (int i = n; i < s.length; i++) {
      s[i] = Float.NEGATIVE_INFINITY;
    }
    for (int i = 0; i < h.size(); i++) {
      int item = h.items(i);
      if (item < n) {
        s[item] = Float.NEGATIVE_INFINITY;
      }
    }
    if (data.split().hasColdItems()) {
      for (int i = 0; i < n; i++) {
        if (!data.isRankable(i)) {
          s[i] = Float.NEGATIVE_INFINITY;
        }
      }
    }
    ScoredItems top = TopK.select(s, n, kmax, ItemFilter.ALL);
    int[] list = top.items();
    int[] targets = data.targetsOf(u);
    boolean[] hits = new boolean[list.length];
    for (int r = 0; r < list.length; r++) {
      hits[r] = Arrays.binarySearch(targets, list[r]) >= 0;
    }
    int nt = targets.length;
    for (int ki = 0; ki < ks.size(); ki++) {
      int k = ks.get(ki);
      int c = ki * PER_K;
      table.mean(c, u, Metrics.recall(hits, k, nt));
      table.mean(c + 1, u, Metrics.recallPlain(hits, k, nt));
      table.mean(c + 2, u, Metrics.precision(hits, k));
      table.mean(c + 3, u, Metrics.ndcg(hits, k, nt));
      table.mean(c + 4, u, Metrics.averagePrecision(hits, k, nt));
      table.mean(c + 5, u, Metrics.hitRate(hits, k));
      table.mean(c + 6, u, Metrics.f1(hits, k, nt));
      table.mean(c + 7, u, Metrics.reciprocalRank(hits, k));
    }
    // full ranking: ranks of the rankable targets among all candidates
    int[] pos = new int[nt];
    int p = 0;
    for (int t : targets) {
      if (s[t] > Float.NEGATIVE_INFINITY) {
        pos[p++] = t;
      }
    }
    // best first: higher score, then smaller index (insertion sort; few targets)
    for (int a = 1; a < p; a++) {
      int x = pos[a];
      int b = a - 1;
      while (b >= 0 && better(s, x, pos[b])) {
        pos[b + 1] = pos[b];
        b--;
      }
      pos[b + 1] = x;
    }
    int[] above = new int[p + 1];
    int candidates = 0;
    for (int i = 0; i < n; i++) {
      if (!(s[i] > Float.NEGATIVE_INFINITY)) {
        continue;
      }
      candidates++;
      if (p == 0 || Arrays.binarySearch(targets, i) >= 0) {
        continue;
      }
      // first positive not better than i
      int lo = 0;
      int hi = p;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (better(s, pos[mid], i)) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      above[lo]++;
    }
    int[] ranks = new int[p];
    int negAbove = 0;
    for (int j = 0; j < p; j++) {
      negAbove += above[j];
      ranks[j] = j + negAbove;
    }
    int mrrCol = ks.size() * PER_K;
    table.mean(mrrCol, u, p == 0 ? 0 : 1.0 / (ranks[0] + 1));
    double auc = Metrics.auc(ranks, p, candidates);
    if (!Double.isNaN(auc)) {
      table.mean(mrrCol + 1, u, auc);
    }
    // beyond accuracy
    double[] pairCum = null;
    if (ild && list.length > 1) {
      pairCum = new double[list.length];
      double sum = 0;
      for (int j = 1; j < list.length; j++) {
        int[] cj = data.categoriesOf(list[j]);
        for (int i = 0; i < j; i++) {
          sum += Metrics.jaccardDistance(data.categoriesOf(list[i]), cj);
        }
        pairCum[j] = sum;
      }
    }
    for (int ki = 0; ki < ks.size(); ki++) {
      int m = Math.min(ks.get(ki), list.length);
      if (m == 0) {
        continue;
      }
      double info = 0;
      double pop = 0;
      for (int r = 0; r < m; r++) {
        int q = data.popularity(list[r]);
        pop += q;
        info += -Math.log(Math.max(q, 1) / trainUsers) / Math.log(2);
      }
      int c = baseBeyond + ki * perBeyond;
      table.mean(c, u, info / m);
      table.mean(c + 1, u, pop / m);
      if (ild && m > 1) {
        table.mean(c + 2, u, pairCum[m - 1] / (m * (m - 1) / 2.0));
      }
    }
    return list;
  }

  /** Whether item a ranks above item b: higher score, or equal score and smaller index. */
  private static boolean better(float[] s, int a, int b) {
    return s[a] > s[b] || (s[a] == s[b] && a < b);
  }

  private static void rateUser(RatingModel model, EvalData data, int u, MetricTable table, int col, String name) {
    int[] items = data.ratedItemsOf(u);
    if (items.length == 0) {
      return;
    }
    double[] values = data.ratedValuesOf(u);
    History h = data.ratingHistory(u);
    double[] pred = new double[items.length];
    model.predict(new RatingHistory(h.items(), h.weights()), items, pred); // folds the user in once
    double se = 0;
    double ae = 0;
    for (int k = 0; k < items.length; k++) {
      if (!Double.isFinite(pred[k])) {
        throw new IllegalStateException("model (" + name + ") predicted " + pred[k] + " for user "
            + data.testUsers().get(u) + " and item " + data.items().id(items[k]) + "; predictions must be finite");
      }
      double e = pred[k] - values[k];
      se += e * e;
      ae += Math.abs(e);
    }
    table.ratio(col, u, se, items.length);
    table.ratio(col + 1, u, ae, items.length);
  }

  /**
   * A report over {@code results} on {@code data}: each model is compared with the best one on
   * {@code ndcg@<largest K>} (or, without ranking metrics, on {@code rmse}, lower being better)
   * by the paired sign-flip test over the users both have values for. RMSE is not a per-user mean,
   * so rating-only comparisons use the users' squared errors' means ({@code rmse} column per user).
   */
  public EvalReport report(EvalData data, List<ModelResult> results) {
    List<Comparison> comparisons = new ArrayList<>();
    if (results.size() >= 2) {
      String metric = "ndcg@" + options.maxK();
      boolean lowerBetter = false;
      if (results.stream().noneMatch(r -> r.metrics().containsKey(metric))) {
        lowerBetter = true;
      }
      String m = lowerBetter ? "rmse" : metric;
      ModelResult best = null;
      for (ModelResult r : results) {
        double v = r.metric(m);
        if (Double.isNaN(v)) {
          continue;
        }
        if (best == null || (lowerBetter ? v < best.metric(m) : v > best.metric(m))) {
          best = r;
        }
      }
      if (best != null) {
        int bc = best.table().column(m);
        double[] b = best.table().perUser(bc);
        for (ModelResult r : results) {
          int c = r.table().column(m);
          if (r == best || c < 0) {
            continue;
          }
          double[] a = r.table().perUser(c);
          int both = 0;
          for (int u = 0; u < a.length; u++) {
            if (!Double.isNaN(a[u]) && !Double.isNaN(b[u])) {
              both++;
            }
          }
          double pv = Bootstrap.pairedPValue(a, b, options.pairedResamples(), options.seed());
          comparisons.add(new Comparison(r.model(), best.model(), m, r.metric(m) - best.metric(m), pv, both));
        }
      }
    }
    return new EvalReport(data.stats(), options.ks(), results, comparisons);
  }
}
