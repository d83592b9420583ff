package dev.tandem.core.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.IdIndex;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatingModelsTest {

  // ---------- a hand-worked baseline ----------

  /**
   * u0 rated i0=5, i1=3; u1 rated i0=4. μ = 4. With no damping and one sweep:
   * b_i0 = ((5−4) + (4−4)) / 2 = 0.5, b_i1 = (3−4) / 1 = −1;
   * b_u0 = ((5−4−0.5) + (3−4+1)) / 2 = 0.25, b_u1 = (4−4−0.5) / 1 = −0.5.
   */
  private static Ratings handWorked() {
    return Ratings.of(RatingFixtures.ids("u", 2), RatingFixtures.ids("i", 2), new int[] {0, 0, 1}, new int[] {0, 1, 0},
        new float[] {5, 3, 4});
  }

  @Test
  void baseline_matches_hand_worked_biases_and_clips_to_the_training_scale() {
    Ratings r = handWorked();
    BiasBaseline m = new BiasBaseline.Trainer(new BiasBaseline.Params(0, 0, 1)).fit(r);
    assertThat(m.mean()).isEqualTo(4.0);
    assertThat(m.itemBias(0)).isCloseTo(0.5, within(1e-6));
    assertThat(m.itemBias(1)).isCloseTo(-1.0, within(1e-6));
    assertThat(m.userBias(r.historyOf(0))).isCloseTo(0.25, within(1e-6));
    assertThat(m.userBias(r.historyOf(1))).isCloseTo(-0.5, within(1e-6));
    assertThat(m.predict(r.historyOf(0), 0)).isCloseTo(4.75, within(1e-6));
    // 4 − 0.5 − 1 = 2.5 lies below the smallest training rating (3): clipped
    assertThat(m.predict(r.historyOf(1), 1)).isEqualTo(3.0);
    // a brand-new user: μ + b_i
    assertThat(m.predict(RatingHistory.EMPTY, 0)).isCloseTo(4.5, within(1e-6));
    // an item newer than the model: μ + b_u
    assertThat(m.predict(r.historyOf(0), 7)).isCloseTo(4.25, within(1e-6));
  }

  @Test
  void baseline_recovers_additive_data_exactly() {
    // r = 3 + b_u + b_i on a full 6 x 5 matrix: undamped ALS reaches the exact biases
    double[] bu = {0.5, -0.25, 0, 0.75, -0.5, 0.1};
    double[] bi = {0.3, -0.3, 0.6, 0, -0.6};
    int n = bu.length * bi.length;
    int[] uo = new int[n];
    int[] io = new int[n];
    float[] v = new float[n];
    for (int u = 0, k = 0; u < bu.length; u++) {
      for (int i = 0; i < bi.length; i++, k++) {
        uo[k] = u;
        io[k] = i;
        v[k] = (float) (3 + bu[u] + bi[i]);
      }
    }
    Ratings r = Ratings.of(RatingFixtures.ids("u", bu.length), RatingFixtures.ids("i", bi.length), uo, io, v);
    BiasBaseline m = new BiasBaseline.Trainer(new BiasBaseline.Params(0, 0, 50)).fit(r);
    assertThat(RatingFixtures.rmseOnOwnRatings(m, r)).isLessThan(1e-5);
  }

  // ---------- low-rank data: the factor models fit it ----------

  private static final BiasedMf.Params TINY_MF = new BiasedMf.Params(3, 300, 0.02, 0.02, 0.99, 0.0005, 0.0005, 0.1, 1);
  private static final SvdPlusPlus.Params TINY_PP =
      new SvdPlusPlus.Params(3, 300, 0.02, 0.02, 0.99, 0.0005, 0.0005, 0.0005, 0.1, 1);

  @Test
  void biased_mf_fits_exact_low_rank_data() {
    Ratings r = RatingFixtures.lowRank(40, 30, 2, 0.6, 11);
    BiasedMf.Fit fit = new BiasedMf.Trainer(TINY_MF).fitDetailed(r);
    double[] curve = fit.trainRmse();
    assertThat(curve[curve.length - 1]).isLessThan(0.02);
    assertThat(curve[curve.length - 1]).isLessThan(curve[0] / 10);
    // from history (fold-in) too
    assertThat(RatingFixtures.rmseOnOwnRatings(fit.model(), r)).isLessThan(0.03);
  }

  @Test
  void svdpp_fits_exact_low_rank_data() {
    Ratings r = RatingFixtures.lowRank(40, 30, 2, 0.6, 11);
    SvdPlusPlus m = new SvdPlusPlus.Trainer(TINY_PP).fit(r);
    assertThat(RatingFixtures.rmseOnOwnRatings(m, r)).isLessThan(0.03);
  }

  @Test
  void predictions_stay_within_the_training_scale_for_any_history() {
    Ratings r = RatingFixtures.lowRank(40, 30, 2, 0.6, 11);
    List<RatingModel> models = List.of(new BiasedMf.Trainer(TINY_MF).fit(r), new SvdPlusPlus.Trainer(TINY_PP).fit(r),
        new BiasBaseline.Trainer(BiasBaseline.Params.defaults()).fit(r));
    // extreme histories: all at a far-out rating, one item, items beyond the model
    RatingHistory[] hs = {RatingHistory.EMPTY, new RatingHistory(new int[] {0, 1, 2}, new float[] {100, 100, 100}),
        new RatingHistory(new int[] {5}, new float[] {-50}), new RatingHistory(new int[] {29, 30, 1000}, new float[] {5, 1, 3})};
    int[] items = new int[32];
    for (int i = 0; i < items.length; i++) {
      items[i] = i; // 30 and 31 are beyond the model
    }
    for (RatingModel m : models) {
      for (RatingHistory h : hs) {
        double[] out = new double[items.length];
        m.predict(h, items, out);
        for (int k = 0; k < items.length; k++) {
          assertThat(out[k]).as("%s %s item %d", m.type(), h, k).isBetween((double) r.min(), (double) r.max());
          assertThat(m.predict(h, items[k])).isEqualTo(out[k]);
        }
      }
    }
  }

  // ---------- fold-in ----------

  @Test
  void biased_mf_fold_in_of_a_training_user_reproduces_its_trained_predictions() {
    Ratings r = RatingFixtures.lowRank(60, 40, 3, 0.3, 5);
    // real regularisation, SGD run close to convergence (constant rate): the fold-in's ridge
    // penalties n·reg are what per-rating SGD penalties add up to, so both reach the same optimum
    // (measured: 0.0068 here; with lr 0.01 and 1000 epochs 0.002; far from convergence, e.g.
    // lr decaying 0.99 per epoch, SGD stops early and the gap is ~0.09)
    BiasedMf.Params p = new BiasedMf.Params(8, 200, 0.03, 0.03, 1.0, 0.05, 0.02, 0.1, 3);
    BiasedMf.Fit fit = new BiasedMf.Trainer(p).fitDetailed(r);
    double sse = 0;
    int n = 0;
    for (int u = 0; u < r.numUsers(); u++) {
      RatingHistory h = r.historyOf(u);
      BiasedMf.User x = fit.model().foldIn(h);
      for (int i = 0; i < r.numItems(); i++) {
        double d = fit.model().predict(x, i) - fit.predictTrained(u, i);
        sse += d * d;
        n++;
      }
    }
    assertThat(Math.sqrt(sse / n)).isLessThan(0.01);
  }

  @Test
  void fold_in_uses_the_last_rating_of_a_re_rated_item_and_ignores_unknown_items() {
    Ratings r = RatingFixtures.lowRank(40, 30, 2, 0.6, 11);
    BiasedMf m = new BiasedMf.Trainer(TINY_MF).fit(r);
    RatingHistory once = new RatingHistory(new int[] {3, 4}, new float[] {5, 2});
    RatingHistory rerated = new RatingHistory(new int[] {4, 3, 99, 3}, new float[] {2, 1, 4, 5});
    assertThat(m.predict(rerated, 7)).isEqualTo(m.predict(once, 7));
    assertThat(m.foldIn(RatingHistory.EMPTY).bias()).isZero();
    assertThat(m.predict(RatingHistory.EMPTY, 30)).isCloseTo(r.mean(), within(1e-6));
  }

  @Test
  void a_higher_rating_of_similar_items_raises_the_prediction() {
    Ratings r = RatingFixtures.lowRank(40, 30, 2, 0.6, 11);
    for (RatingModel m : List.of(new BiasedMf.Trainer(TINY_MF).fit(r), new SvdPlusPlus.Trainer(TINY_PP).fit(r))) {
      RatingHistory low = new RatingHistory(new int[] {1, 2, 3}, new float[] {2, 2, 2});
      RatingHistory high = new RatingHistory(new int[] {1, 2, 3}, new float[] {4, 4, 4});
      assertThat(m.predict(high, 9)).as(m.type()).isGreaterThan(m.predict(low, 9));
    }
  }

  // ---------- determinism ----------

  @Test
  void same_seed_gives_the_same_predictions_and_another_seed_differs() {
    Ratings r = RatingFixtures.lowRank(50, 40, 3, 0.3, 2);
    BiasedMf.Params p = new BiasedMf.Params(5, 20, 0.01, 0.01, 0.95, 0.05, 0.02, 0.1, 9);
    BiasedMf.Params q = new BiasedMf.Params(5, 20, 0.01, 0.01, 0.95, 0.05, 0.02, 0.1, 10);
    SvdPlusPlus.Params sp = new SvdPlusPlus.Params(5, 20, 0.01, 0.01, 0.95, 0.05, 0.05, 0.02, 0.1, 9);
    double[] a = predictAll(new BiasedMf.Trainer(p).fit(r), r);
    double[] b = predictAll(new BiasedMf.Trainer(p).fit(r), r);
    double[] c = predictAll(new BiasedMf.Trainer(q).fit(r), r);
    assertThat(b).containsExactly(a);
    assertThat(c).isNotEqualTo(a);
    assertThat(predictAll(new SvdPlusPlus.Trainer(sp).fit(r), r))
        .containsExactly(predictAll(new SvdPlusPlus.Trainer(sp).fit(r), r));
  }

  private static double[] predictAll(RatingModel m, Ratings r) {
    double[] all = new double[r.numUsers() * r.numItems()];
    int[] items = new int[r.numItems()];
    for (int i = 0; i < items.length; i++) {
      items[i] = i;
    }
    double[] out = new double[items.length];
    for (int u = 0; u < r.numUsers(); u++) {
      m.predict(r.historyOf(u), items, out);
      System.arraycopy(out, 0, all, u * items.length, items.length);
    }
    return all;
  }

  // ---------- blend ----------

  @Test
  void blend_of_two_models_is_no_worse_than_its_parts_on_held_out_ratings() {
    Ratings all = RatingFixtures.lowRank(80, 50, 3, 0.4, 21);
    Ratings[] s = all.split(0.2, 1);
    BiasedMf.Params p = new BiasedMf.Params(6, 60, 0.01, 0.01, 0.97, 0.05, 0.02, 0.1, 4);
    Blend b = new Blend.Trainer(Blend.Params.defaults(),
        List.of(new BiasBaseline.Trainer(BiasBaseline.Params.defaults()), new BiasedMf.Trainer(p))).fit(s[0]);
    assertThat(b.weights()).hasSize(2);
    assertThat(b.weights()[1]).isGreaterThan(b.weights()[0]); // the factor model explains the data
    double blend = heldOut(b, s[0], s[1]);
    double base = heldOut(b.parts().get(0), s[0], s[1]);
    assertThat(blend).isLessThan(base);
  }

  private static double heldOut(RatingModel m, Ratings train, Ratings test) {
    double[] p = Blend.heldOutPredictions(m, train, test);
    double sse = 0;
    for (int e = 0; e < p.length; e++) {
      double d = test.values()[e] - p[e];
      sse += d * d;
    }
    return Math.sqrt(sse / p.length);
  }

  // ---------- bad input ----------

  @Test
  void bad_params_name_the_key_the_value_and_the_rule() {
    assertThatThrownBy(() -> BiasedMf.Params.from(Map.of("factors", "0")))
        .hasMessage("biasedmf.factors (0) must be in [1, 1024]");
    assertThatThrownBy(() -> BiasedMf.Params.from(Map.of("decay", "1.5")))
        .hasMessage("biasedmf.decay (1.5) must be > 0.0 and <= 1.0 and finite");
    assertThatThrownBy(() -> SvdPlusPlus.Params.from(Map.of("reg_implicit", "-1")))
        .hasMessage("svdpp.reg_implicit (-1.0) must be >= 0.0 and finite");
    assertThatThrownBy(() -> SvdPlusPlus.Params.from(Map.of("learning_rate", "fast")))
        .hasMessage("svdpp.learning_rate (fast) must be a number");
    assertThatThrownBy(() -> BiasedMf.Params.from(Map.of("lambda", "1")))
        .hasMessageStartingWith("unknown parameter biasedmf.lambda; biasedmf takes [")
        .hasMessageContaining("reg_factor");
    assertThatThrownBy(() -> new BiasedMf.Params(10, 10, 0.0, 0.01, 0.9, 0.05, 0.02, 0.1, 1))
        .hasMessage("biasedmf.learning_rate (0.0) must be > 0 and finite");
    assertThatThrownBy(() -> new BiasBaseline.Params(-1, 0, 1)).hasMessage("baseline.reg_user (-1.0) must be >= 0 and finite");
    assertThatThrownBy(() -> Blend.Params.from(Map.of("holdout", "0.9")))
        .hasMessage("blend.holdout (0.9) must be > 0.0 and <= 0.5 and finite");
    assertThatThrownBy(() -> new BiasedMf.Trainer(null)).hasMessageContaining("BiasedMf.Params.defaults()");
  }

  @Test
  void defaults_round_trip_through_the_param_reader() {
    assertThat(BiasedMf.Params.from(Map.of())).isEqualTo(BiasedMf.Params.defaults());
    assertThat(SvdPlusPlus.Params.from(Map.of())).isEqualTo(SvdPlusPlus.Params.defaults());
    assertThat(BiasBaseline.Params.from(Map.of())).isEqualTo(BiasBaseline.Params.defaults());
    assertThat(BiasedMf.Params.from(Map.of("factors", "7", "seed", "-3")))
        .extracting(BiasedMf.Params::factors, BiasedMf.Params::seed).containsExactly(7, -3L);
  }

  @Test
  void bad_histories_and_items_are_rejected_with_the_entry_named() {
    assertThatThrownBy(() -> new RatingHistory(new int[] {1, -2}, new float[] {3, 4}))
        .hasMessage("items[1] (-2) must be >= 0");
    assertThatThrownBy(() -> new RatingHistory(new int[] {1}, new float[] {Float.NaN}))
        .hasMessage("ratings[0] (NaN) must be finite");
    assertThatThrownBy(() -> new RatingHistory(new int[] {1}, new float[0]))
        .hasMessage("items (1) and ratings (0) must have the same length");
    BiasBaseline m = new BiasBaseline.Trainer(BiasBaseline.Params.defaults()).fit(handWorked());
    assertThatThrownBy(() -> m.predict(RatingHistory.EMPTY, -1)).hasMessage("item (-1) must be >= 0");
    assertThatThrownBy(() -> m.predict(RatingHistory.EMPTY, new int[] {0, 1}, new double[1]))
        .hasMessage("out.length (1) must be >= items.length (2)");
    Ratings empty = Ratings.of(RatingFixtures.ids("u", 1), RatingFixtures.ids("i", 1), new int[0], new int[0], new float[0]);
    assertThatThrownBy(() -> new BiasedMf.Trainer(BiasedMf.Params.defaults()).fit(empty))
        .hasMessage("biasedmf: train has no ratings (users 1, items 1)");
  }

  // ---------- ratings data ----------

  @Test
  void ratings_keep_the_later_of_two_ratings_of_a_pair_and_sort_items_within_users() {
    IdIndex items = RatingFixtures.ids("i", 3);
    Ratings r = Ratings.builder(items).add("b", 2, 1f).add("a", 1, 2f).add("b", 0, 4f).add("b", 2, 5f).build();
    assertThat(r.users().ids()).containsExactly("a", "b");
    assertThat(r.size()).isEqualTo(3);
    assertThat(r.historyOf(1)).isEqualTo(new RatingHistory(new int[] {0, 2}, new float[] {4, 5}));
    assertThat(r.min()).isEqualTo(2f);
    assertThat(r.max()).isEqualTo(5f);
    assertThat(r.mean()).isCloseTo(11 / 3.0, within(1e-9));
    Ratings[] s = RatingFixtures.lowRank(30, 20, 2, 0.5, 1).split(0.25, 3);
    assertThat(s[1].size()).isEqualTo(Math.round(0.25 * (s[0].size() + s[1].size())));
  }
}
