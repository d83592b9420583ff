package dev.tandem.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.History;
import dev.tandem.core.model.Model;
import dev.tandem.core.rating.RatingHistory;
import dev.tandem.core.rating.RatingModel;
import dev.tandem.core.retrieval.Ease;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluator end to end on splits small enough to rank by hand. */
class EvaluatorTest {
  private static final EvalOptions OPTIONS = new EvalOptions(List.of(2, 4), 50, 200, 1, EvalOptions.Progress.NONE);

  /** Scores item i with a fixed value, whatever the history (a popularity-like model). */
  record Fixed(float[] scores) implements Model {
    @Override
    public String type() {
      return "fixed";
    }

    @Override
    public int numItems() {
      return scores.length;
    }

    @Override
    public void score(History history, float[] out) {
      Model.checkOut(out, scores.length);
      System.arraycopy(scores, 0, out, 0, scores.length);
    }
  }

  static Pairs pairs(String... userItem) {
    Pairs.Builder b = new Pairs.Builder();
    for (String s : userItem) {
      String[] f = s.split(":");
      b.add(f[0], f[1], f.length > 2 ? Double.parseDouble(f[2]) : 1);
    }
    return b.build();
  }

  static SplitData split(Pairs train, Pairs hist, Pairs tgt, List<String> cold, boolean rated) {
    return new SplitData("test", 1, rated, train, hist, tgt, cold, Map.of());
  }

  /**
   * Items a..f (indices 0..5) scored 0.9, 0.8, 0.8, 0.5, 0.4, 0.1 (b and c tie: b, the smaller
   * id, ranks first). u1 saw a and wants b, d: ranking b c d e f, hits at ranks 0 and 2:
   * recall@2 1/2, NDCG@4 = 1.5 / (1 + 1/log2 3) = 0.919721, AP@4 = (1 + 2/3) / 2, RR 1, AUC 5/6.
   * u2 saw b (and an item unknown to training, ignored) and wants f: ranking a c d e f, f at
   * rank 4: every @2/@4 metric 0, RR 1/5, AUC 0. Means: recall@2 0.25, NDCG@4 0.459861,
   * MAP@4 0.416667, MRR 0.6, AUC 0.416667. Top-2 lists {b, c} and {a, c}: coverage 3/6, exposure
   * 1,1,2,0,0,0 so Gini 14/24; every listed item has 1 of 2 training users: novelty 1, avg_pop 1.
   */
  @Test
  void hand_worked_two_users() {
    Pairs train = pairs("t1:a", "t1:b", "t1:c", "t2:d", "t2:e", "t2:f");
    SplitData s = split(train, pairs("u1:a", "u2:b", "u2:zzz"), pairs("u1:b", "u1:d", "u2:f", "u2:unknown"), List.of(),
        false);
    EvalData data = EvalData.of(s);
    assertThat(data.items().ids()).containsExactly("a", "b", "c", "d", "e", "f");
    Model m = new Fixed(new float[] {0.9f, 0.8f, 0.8f, 0.5f, 0.4f, 0.1f});
    ModelResult r = new Evaluator(OPTIONS).score("fixed", Map.of(), m, data, 0, 0);
    assertThat(r.users()).isEqualTo(2);
    assertThat(r.metric("recall@2")).isCloseTo(0.25, within(1e-12));
    assertThat(r.metric("recall@4")).isCloseTo(0.5, within(1e-12));
    assertThat(r.metric("ndcg@4")).isCloseTo(1.5 / (1 + Math.log(2) / Math.log(3)) / 2, within(1e-12))
        .isCloseTo(0.459861, within(1e-6));
    assertThat(r.metric("map@4")).isCloseTo((1 + 2.0 / 3) / 4, within(1e-12));
    assertThat(r.metric("mrr")).isCloseTo(0.6, within(1e-12));
    assertThat(r.metric("mrr@4")).isCloseTo(0.5, within(1e-12));
    assertThat(r.metric("auc")).isCloseTo(5 / 12.0, within(1e-12));
    assertThat(r.metric("hr@4")).isEqualTo(0.5);
    assertThat(r.metric("precision@2")).isEqualTo(0.25);
    assertThat(r.metric("coverage@2")).isEqualTo(0.5);
    assertThat(r.metric("gini@2")).isCloseTo(14 / 24.0, within(1e-12));
    assertThat(r.metric("novelty@2")).isCloseTo(1.0, within(1e-12));
    assertThat(r.metric("avg_popularity@2")).isCloseTo(1.0, within(1e-12));
    assertThat(r.metrics()).doesNotContainKey("ild@2").doesNotContainKey("rmse");
    ModelResult.Interval ci = r.ci95().get("mrr");
    assertThat(ci.lo()).isLessThanOrEqualTo(0.6);
    assertThat(ci.hi()).isGreaterThanOrEqualTo(0.6);
    assertThat(data.stats().historyKnown()).isEqualTo(2);
    assertThat(data.stats().targetKnown()).isEqualTo(3);
  }

  /**
   * Categories: a {x}, b {x, y}, c {y}. u1's top-2 is b, c: 1 − |{y}|/|{x,y}| = 0.5; u2's is
   * a, c: 1 − 0 = 1. ILD@2 = 0.75.
   */
  @Test
  void intra_list_diversity_from_categories() {
    Pairs train = pairs("t1:a", "t1:b", "t1:c", "t2:d", "t2:e", "t2:f");
    EvalData data = EvalData.of(split(train, pairs("u1:a", "u2:b"), pairs("u1:b", "u2:f"), List.of(), false))
        .withCategories(Map.of("a", List.of("x"), "b", List.of("x", "y"), "c", List.of("y")));
    ModelResult r = new Evaluator(OPTIONS).score("fixed", Map.of(), new Fixed(new float[] {6, 5, 5, 3, 2, 1}), data, 0, 0);
    assertThat(r.metric("ild@2")).isCloseTo(0.75, within(1e-12));
  }

  /** cold-items: only the cold items d, e rank, so a target on e is found at rank 1 behind d. */
  @Test
  void cold_items_rank_only_among_cold_items() {
    Pairs train = pairs("t1:a", "t1:b", "t2:c");
    EvalData data = EvalData.of(split(train, pairs("u1:a"), pairs("u1:e"), List.of("d", "e"), false));
    assertThat(data.items().ids()).containsExactly("a", "b", "c", "d", "e");
    ModelResult r = new Evaluator(OPTIONS).score("fixed", Map.of(), new Fixed(new float[] {9, 8, 7, 2, 1}), data, 0, 0);
    assertThat(r.metric("mrr")).isEqualTo(0.5);
    assertThat(r.metric("hr@2")).isEqualTo(1.0);
    assertThat(r.metric("auc")).isEqualTo(0.0);
    assertThat(r.metric("coverage@2")).isEqualTo(1.0);
  }

  /** RMSE and MAE over every rating: a constant 3.5 against 4 and 2 gives sqrt(1.25) and 1. */
  @Test
  void rating_models_get_rmse_and_mae() {
    Pairs train = pairs("t1:a:5", "t1:b:2", "t1:c:1", "u1:a:4");
    EvalData data = EvalData.of(split(train, pairs("u1:a:4"), pairs("u1:b:4", "u1:c:2"), List.of(), true));
    assertThat(data.train().nnz()).isEqualTo(2); // positives only: t1:a, u1:a
    assertThat(data.ratings().nnz()).isEqualTo(4);
    RatingModel constant = new RatingModel() {
      @Override
      public String type() {
        return "const";
      }

      @Override
      public int numItems() {
        return data.items().size();
      }

      @Override
      public double predict(RatingHistory h, int item) {
        assertThat(h.ratings()[0]).isEqualTo(4f);
        return 3.5;
      }
    };
    ModelResult r = new Evaluator(OPTIONS).score("const", Map.of(), constant, data, 0, 0);
    assertThat(r.metric("rmse")).isCloseTo(Math.sqrt(1.25), within(1e-12));
    assertThat(r.metric("mae")).isCloseTo(1.0, within(1e-12));
    assertThat(r.metrics()).doesNotContainKey("recall@2");
  }

  @Test
  void results_do_not_depend_on_threads_or_runs_and_fit_is_timed() {
    Pairs.Builder tr = new Pairs.Builder();
    Pairs.Builder h = new Pairs.Builder();
    Pairs.Builder g = new Pairs.Builder();
    java.util.Random r = new java.util.Random(5);
    for (int u = 0; u < 300; u++) {
      for (int k = 0; k < 12; k++) {
        String item = "i" + (int) Math.floor(Math.pow(r.nextDouble(), 2) * 80);
        (u < 200 ? tr : (k < 9 ? h : g)).add("u" + u, item, 1);
      }
    }
    EvalData data = EvalData.of(split(tr.build(), h.build(), g.build(), List.of(), false));
    Evaluator ev = new Evaluator(OPTIONS);
    ModelResult a = ev.evaluate("ease", Map.of(), x -> new Ease.Trainer(new Ease.Params(10)).fit(x), false, data);
    ModelResult b = ev.evaluate("ease", Map.of(), x -> new Ease.Trainer(new Ease.Params(10)).fit(x), false, data);
    assertThat(a.metrics()).isEqualTo(b.metrics());
    assertThat(a.ci95()).isEqualTo(b.ci95());
    assertThat(a.fitSeconds()).isPositive();
    assertThat(a.peakMemoryBytes()).isNotNegative();
    // a single-threaded recomputation of one user's NDCG@4 agrees with the parallel run
    Model model = new Ease.Trainer(new Ease.Params(10)).fit(data.train());
    double sum = 0;
    int users = 0;
    for (int u = 0; u < data.numTestUsers(); u++) {
      int[] t = data.targets(u);
      if (t.length == 0) {
        continue;
      }
      users++;
      var top = model.recommend(data.history(u), dev.tandem.core.model.Request.top(4));
      boolean[] hits = new boolean[top.size()];
      for (int k = 0; k < top.size(); k++) {
        hits[k] = java.util.Arrays.binarySearch(t, top.item(k)) >= 0;
      }
      sum += Metrics.ndcg(hits, 4, t.length);
    }
    assertThat(a.metric("ndcg@4")).isCloseTo(sum / users, within(1e-12));
    ModelResult flat = ev.score("flat", Map.of(), new Fixed(new float[data.items().size()]), data, 0, 0);
    EvalReport report = ev.report(data, List.of(a, flat));
    ModelResult best = a.metric("ndcg@4") >= flat.metric("ndcg@4") ? a : flat;
    ModelResult other = best == a ? flat : a;
    assertThat(report.comparisons()).singleElement().satisfies(c -> {
      assertThat(c.model()).isEqualTo(other.model());
      assertThat(c.baseline()).isEqualTo(best.model());
      assertThat(c.metric()).isEqualTo("ndcg@4");
      assertThat(c.difference()).isCloseTo(other.metric("ndcg@4") - best.metric("ndcg@4"), within(1e-12));
      assertThat(c.pValue()).isBetween(0.0, 1.0);
    });
  }

  @Test
  void rejects_what_is_not_a_model() {
    EvalData data = EvalData.of(split(pairs("t:a"), pairs("u:a"), pairs("u:a"), List.of(), false));
    assertThatThrownBy(() -> new Evaluator(OPTIONS).score("x", Map.of(), "nope", data, 0, 0))
        .hasMessage("model (x) must implement Model or RatingModel, but is java.lang.String");
    assertThatThrownBy(() -> new EvalOptions(List.of(0), 1, 1, 1, EvalOptions.Progress.NONE))
        .hasMessage("k (0) must be >= 1");
  }
}
